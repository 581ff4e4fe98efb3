package dev.wave.run;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.Optional;

/**
 * What an agent task's agent has done so far, as its output stream says, for the dashboard and the
 * checkpoint. Counts the agent does not report stay zero.
 *
 * @param agent the agent CLI: claude, codex, aider or template
 * @param currentTool the tool it uses now, if any (for example {@code Edit src/app.py})
 * @param turns agent turns so far
 * @param inputTokens model input tokens so far
 * @param outputTokens model output tokens so far
 * @param costUsd money spent so far, as the agent reports it
 */
public record TaskProgress(String agent, Optional<String> currentTool, int turns, long inputTokens, long outputTokens,
        double costUsd) {
    public TaskProgress {
        requireNonNull(agent, "agent is null");
        requireNonNull(currentTool, "currentTool is null");
    }

    public long tokens() {
        return inputTokens + outputTokens;
    }

    /** One short line: {@code claude: Edit src/app.py, 3 turns, 1200 tokens, $0.0125}. */
    public String describe() {
        StringBuilder text = new StringBuilder(agent);
        text.append(": ").append(currentTool.orElse("thinking"));
        if (turns > 0) {
            text.append(", ").append(turns).append(turns == 1 ? " turn" : " turns");
        }
        if (tokens() > 0) {
            text.append(", ").append(tokens()).append(" tokens");
        }
        if (costUsd > 0) {
            text.append(String.format(Locale.ROOT, ", $%.4f", costUsd));
        }
        return text.toString();
    }
}
