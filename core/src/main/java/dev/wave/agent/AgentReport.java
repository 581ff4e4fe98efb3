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

    /** The error text when the agent did not report success. */
    public Optional<String> error() {
        return success ? Optional.empty() : Optional.of(outcome + (result.isEmpty() ? "" : ": " + result));
    }
}
