package dev.wave.agent;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * How the agent itself says its attempt ended: the final result line of its stream.
 *
 * @param success whether the agent reported success (Claude Code's {@code subtype: success} with
 *     {@code is_error: false}; Codex's completed turn with no failure)
 * @param outcome the agent's own word for the ending ({@code success}, {@code error_max_turns},
 *     {@code turn.failed}, ...)
 * @param result its final message, shortened for reports
 * @param permissionDenials the tool uses it was refused, each as {@code tool: input}
 * @param totals turns, tokens and cost over the whole attempt
 */
public record AgentReport(boolean success, String outcome, String result, List<String> permissionDenials,
        AgentProgress totals) {
    public AgentReport {
        requireNonNull(outcome, "outcome is null");
        requireNonNull(result, "result is null");
        permissionDenials = List.copyOf(permissionDenials);
        requireNonNull(totals, "totals is null");
    }

    /**
     * What went wrong, in words, when the agent did not report success: Claude Code's {@code subtype: success}
     * with {@code is_error: true} (an API error, say) is its result text alone, not the word "success".
     */
    public Optional<String> error() {
        if (success) {
            return Optional.empty();
        }
        String what = switch (outcome) {
            case "success" -> "";
            case "error_max_turns" -> "it reached its turn limit (error_max_turns)";
            case "error_during_execution" -> "it failed during execution (error_during_execution)";
            default -> outcome;
        };
        String text = what.isEmpty() ? result : result.isEmpty() ? what : what + ": " + result;
        return Optional.of(text.isEmpty() ? "no message" : text);
    }
}
