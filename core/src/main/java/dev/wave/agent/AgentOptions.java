package dev.wave.agent;

import static java.util.Objects.requireNonNull;

import dev.wave.plan.Action;
import dev.wave.plan.Task;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How {@link AgentExecutor} runs agent tasks.
 *
 * @param defaultAgent the agent CLI for tasks that name none ({@code --agent} or the config)
 * @param agents the agent CLI per task id, where a task chose its own
 * @param model the model to ask for; the CLI's default when empty
 * @param maxTurns at most this many turns per attempt
 * @param maxBudgetUsd at most this much per attempt, where the CLI can enforce it
 * @param allowedTools the tools an agent may use without asking
 * @param environment variables added to wave's own environment for every agent (task {@code env:} wins)
 * @param checkTimeout how long a task's {@code verify:} may run when the task sets no timeout
 */
public record AgentOptions(
        AgentCli defaultAgent,
        Map<String, AgentCli> agents,
        Optional<String> model,
        int maxTurns,
        Optional<Double> maxBudgetUsd,
        List<String> allowedTools,
        Map<String, String> environment,
        Duration checkTimeout) {
    public static final Duration DEFAULT_CHECK_TIMEOUT = Duration.ofMinutes(10);

    public AgentOptions {
        requireNonNull(defaultAgent, "defaultAgent is null");
        agents = Map.copyOf(agents);
        requireNonNull(model, "model is null");
        if (maxTurns < 1) {
            throw new IllegalArgumentException("maxTurns must be at least 1, got " + maxTurns);
        }
        requireNonNull(maxBudgetUsd, "maxBudgetUsd is null");
        allowedTools = List.copyOf(allowedTools);
        environment = Map.copyOf(environment);
        requireNonNull(checkTimeout, "checkTimeout is null");
    }

    /** {@code agent} for every task, with the CLI's model, 30 turns, no budget and the default tools. */
    public static AgentOptions of(AgentCli agent) {
        return new AgentOptions(agent, Map.of(), Optional.empty(), AgentInvocation.DEFAULT_MAX_TURNS, Optional.empty(),
                AgentInvocation.DEFAULT_ALLOWED_TOOLS, Map.of(), DEFAULT_CHECK_TIMEOUT);
    }

    /** The agent CLI that runs {@code taskId}. */
    public AgentCli agentFor(String taskId) {
        return agents.getOrDefault(taskId, defaultAgent);
    }

    /**
     * The agent CLI that runs {@code task}: the one set for its id, else the one its prompt names (a task
     * the run inserted, such as a fix wave's, names the agent of the task it fixes), else the run's.
     */
    public AgentCli agentFor(Task task) {
        AgentCli own = agents.get(task.id());
        if (own != null) {
            return own;
        }
        if (task.action() instanceof Action.Agent agent && agent.agent().isPresent()) {
            return AgentCli.named(agent.agent().get());
        }
        return defaultAgent;
    }

    public AgentOptions withAgent(String taskId, AgentCli agent) {
        Map<String, AgentCli> more = new HashMap<>(agents);
        more.put(taskId, agent);
        return new AgentOptions(defaultAgent, more, model, maxTurns, maxBudgetUsd, allowedTools, environment, checkTimeout);
    }

    public AgentOptions withEnvironment(Map<String, String> environment) {
        return new AgentOptions(defaultAgent, agents, model, maxTurns, maxBudgetUsd, allowedTools, environment, checkTimeout);
    }

    public AgentOptions withModel(String model) {
        return new AgentOptions(defaultAgent, agents, Optional.of(model), maxTurns, maxBudgetUsd, allowedTools, environment,
                checkTimeout);
    }

    public AgentOptions withMaxTurns(int maxTurns) {
        return new AgentOptions(defaultAgent, agents, model, maxTurns, maxBudgetUsd, allowedTools, environment, checkTimeout);
    }

    public AgentOptions withMaxBudgetUsd(double maxBudgetUsd) {
        return new AgentOptions(defaultAgent, agents, model, maxTurns, Optional.of(maxBudgetUsd), allowedTools, environment,
                checkTimeout);
    }

    /** The invocation of one attempt. */
    AgentInvocation invocation(String prompt, Path promptFile, Path workDirectory,
            Optional<String> role) {
        return new AgentInvocation(prompt, promptFile, workDirectory, model, role.map(AgentOptions::rolePrompt), maxTurns,
                maxBudgetUsd, allowedTools);
    }

    private static String rolePrompt(String role) {
        return "You work as a " + role + " on one task of a plan run by wave.";
    }
}
