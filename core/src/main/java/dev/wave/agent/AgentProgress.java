package dev.wave.agent;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * What an agent has done so far, as its stream says: for the dashboard while it works and for the
 * checkpoint when it ends. Counts the CLI does not report stay zero.
 *
 * @param currentTool the tool it is using now, if any (for example {@code Edit src/app.py})
 * @param turns agent turns so far
 * @param inputTokens model input tokens so far, cache reads included
 * @param outputTokens model output tokens so far
 * @param costUsd money spent so far, as the CLI reports it
 */
public record AgentProgress(Optional<String> currentTool, int turns, long inputTokens, long outputTokens, double costUsd) {
    public static final AgentProgress NONE = new AgentProgress(Optional.empty(), 0, 0, 0, 0.0);

    public AgentProgress {
        requireNonNull(currentTool, "currentTool is null");
    }

    public long tokens() {
        return inputTokens + outputTokens;
    }

    AgentProgress withTool(String tool) {
        return new AgentProgress(Optional.of(tool), turns, inputTokens, outputTokens, costUsd);
    }

    AgentProgress withoutTool() {
        return new AgentProgress(Optional.empty(), turns, inputTokens, outputTokens, costUsd);
    }

    AgentProgress plusTurn() {
        return new AgentProgress(currentTool, turns + 1, inputTokens, outputTokens, costUsd);
    }

    AgentProgress plusTokens(long input, long output) {
        return new AgentProgress(currentTool, turns, inputTokens + input, outputTokens + output, costUsd);
    }

    AgentProgress withTotals(int turns, long inputTokens, long outputTokens, double costUsd) {
        return new AgentProgress(currentTool, turns, inputTokens, outputTokens, costUsd);
    }
}
