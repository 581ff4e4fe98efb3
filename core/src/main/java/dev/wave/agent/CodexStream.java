package dev.wave.agent;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code codex exec --json}: {@code thread.started}, then per turn {@code turn.started},
 * {@code item.started}/{@code item.completed} (an item is an {@code agent_message},
 * {@code command_execution}, {@code file_change}, {@code mcp_tool_call}, {@code error} warning, ...),
 * and {@code turn.completed} with {@code usage}, or {@code turn.failed}. Codex reports no cost.
 *
 * <p>As the real CLI (0.169) streams it: an {@code error} event inside a turn is not an ending (it
 * also reports {@code Reconnecting... 1/5} retries), only {@code turn.completed} or
 * {@code turn.failed} ends a turn; {@code usage.input_tokens} already counts the cached ones. Codex
 * has no permission-denial list: a command it {@code declined}, or one the sandbox stopped from
 * writing ({@code Read-only file system}), counts as a denial here. Codex streams no item at all
 * for a command the sandbox stops within its first moments, so a denial can go unseen: the rest of
 * the evidence (the diff, its scope, the check) still judges the attempt.
 */
final class CodexStream implements AgentStream {
    private static final String SANDBOX_REFUSAL = "Read-only file system";

    private volatile AgentProgress progress = AgentProgress.NONE;
    private volatile Optional<AgentReport> report = Optional.empty();
    private String lastMessage = "";
    private boolean inTurn;
    private boolean completedTurn;
    private Optional<String> failure = Optional.empty();
    private final List<String> denials = new ArrayList<>();

    @Override
    public void accept(String line) {
        JsonLines.parse(line).ifPresent(this::accept);
    }

    private void accept(JsonNode event) {
        switch (event.path("type").asText()) {
            case "turn.started" -> {
                inTurn = true;
                progress = progress.plusTurn();
            }
            case "item.started" -> progress = progress.withTool(describe(event.path("item")));
            case "item.completed" -> completed(event.path("item"));
            case "turn.completed" -> {
                JsonNode usage = event.path("usage");
                progress = progress.withoutTool().plusTokens(usage.path("input_tokens").asLong(),
                        usage.path("output_tokens").asLong());
                inTurn = false;
                completedTurn = true;
                settle();
            }
            case "turn.failed" -> {
                inTurn = false;
                failure = Optional.of("turn.failed: " + event.path("error").path("message").asText("no message"));
                settle();
            }
            case "error" -> {
                if (!inTurn) { // inside a turn codex may still recover; turn.failed says when it did not
                    failure = Optional.of("error: " + event.path("message").asText("no message"));
                    settle();
                }
            }
            default -> { }
        }
    }

    private void completed(JsonNode item) {
        String type = item.path("type").asText();
        if ("agent_message".equals(type)) {
            lastMessage = JsonLines.shorten(item.path("text").asText(""));
        } else if ("command_execution".equals(type)) {
            String status = item.path("status").asText();
            String command = "command " + item.path("command").asText("");
            if ("declined".equals(status)) {
                denials.add(JsonLines.shorten(command + " (declined)"));
            } else if ("failed".equals(status) && item.path("aggregated_output").asText("").contains(SANDBOX_REFUSAL)) {
                denials.add(JsonLines.shorten(command + " (sandbox: " + SANDBOX_REFUSAL + ")"));
            }
        }
        progress = progress.withoutTool();
    }

    private static String describe(JsonNode item) {
        return switch (item.path("type").asText()) {
            case "command_execution" -> JsonLines.shorten("command " + item.path("command").asText(""));
            case "file_change" -> "file_change";
            case "mcp_tool_call" -> "mcp " + item.path("tool").asText("tool");
            case "web_search" -> "web_search";
            default -> item.path("type").asText("working");
        };
    }

    /** The report as of now: a failure wins over an earlier completed turn. */
    private void settle() {
        AgentProgress totals = progress;
        if (failure.isPresent()) {
            report = Optional.of(new AgentReport(false, failure.get(), lastMessage, denials, totals));
        } else if (completedTurn) {
            report = Optional.of(new AgentReport(true, "turn.completed", lastMessage, denials, totals));
        }
    }

    @Override
    public AgentProgress progress() {
        return progress;
    }

    @Override
    public Optional<AgentReport> report() {
        return report;
    }
}
