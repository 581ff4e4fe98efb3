package dev.wave.agent;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One attempt of an agent task, as the agent CLI needs it.
 *
 * @param prompt the task's self-contained prompt
 * @param promptFile the same prompt in a file, for CLIs that read it from one ({@code aider --message-file})
 * @param workDirectory where the agent works: the task's worktree
 * @param model the model to ask for, or the CLI's own default
 * @param systemPrompt text appended to the agent's system prompt: the role
 * @param maxTurns at most this many agent turns
 * @param maxBudgetUsd at most this much spent, where the CLI can enforce it
 * @param allowedTools the tools the agent may use without asking (Claude Code's names, such as {@code Edit})
 */
public record AgentInvocation(
        String prompt,
        Path promptFile,
        Path workDirectory,
        Optional<String> model,
        Optional<String> systemPrompt,
        int maxTurns,
        Optional<Double> maxBudgetUsd,
        List<String> allowedTools) {
    public static final int DEFAULT_MAX_TURNS = 30;
    public static final List<String> DEFAULT_ALLOWED_TOOLS =
            List.of("Read", "Edit", "MultiEdit", "Write", "Glob", "Grep", "LS", "Bash");

    public AgentInvocation {
        requireNonNull(prompt, "prompt is null");
        requireNonNull(promptFile, "promptFile is null");
        requireNonNull(workDirectory, "workDirectory is null");
        requireNonNull(model, "model is null");
        requireNonNull(systemPrompt, "systemPrompt is null");
        if (maxTurns < 1) {
            throw new IllegalArgumentException("maxTurns must be at least 1, got " + maxTurns);
        }
        requireNonNull(maxBudgetUsd, "maxBudgetUsd is null");
        maxBudgetUsd.ifPresent(budget -> {
            if (!(budget > 0)) {
                throw new IllegalArgumentException("maxBudgetUsd must be positive, got " + budget);
            }
        });
        allowedTools = List.copyOf(allowedTools);
    }

    /** An invocation with the defaults: the CLI's model, no role, 30 turns, no budget, the default tools. */
    public static AgentInvocation of(String prompt, Path promptFile, Path workDirectory) {
        return new AgentInvocation(prompt, promptFile, workDirectory, Optional.empty(), Optional.empty(),
                DEFAULT_MAX_TURNS, Optional.empty(), DEFAULT_ALLOWED_TOOLS);
    }

    public AgentInvocation withModel(String model) {
        return new AgentInvocation(prompt, promptFile, workDirectory, Optional.of(model), systemPrompt, maxTurns,
                maxBudgetUsd, allowedTools);
    }

    public AgentInvocation withSystemPrompt(String systemPrompt) {
        return new AgentInvocation(prompt, promptFile, workDirectory, model, Optional.of(systemPrompt), maxTurns,
                maxBudgetUsd, allowedTools);
    }

    public AgentInvocation withMaxTurns(int maxTurns) {
        return new AgentInvocation(prompt, promptFile, workDirectory, model, systemPrompt, maxTurns, maxBudgetUsd,
                allowedTools);
    }

    public AgentInvocation withMaxBudgetUsd(double maxBudgetUsd) {
        return new AgentInvocation(prompt, promptFile, workDirectory, model, systemPrompt, maxTurns,
                Optional.of(maxBudgetUsd), allowedTools);
    }
}
