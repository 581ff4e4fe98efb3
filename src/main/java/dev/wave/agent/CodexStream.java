package dev.wave.agent;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * {@code codex exec --json}: {@code thread.started}, then per turn {@code turn.started},
 * {@code item.started}/{@code item.completed} (an item is an {@code agent_message},
 * {@code command_execution}, {@code file_change}, {@code mcp_tool_call}, ...), and
 * {@code turn.completed} with {@code usage}, or {@code turn.failed}/{@code error}. Codex reports no
 * cost and no permission denials; the last completed turn with no failure is its success.
 */
final class CodexStream implements AgentStream {
    private volatile AgentProgress progress = AgentProgress.NONE;
    private volatile Optional<AgentReport> report = Optional.empty();
    private String lastMessage = "";
    private boolean completedTurn;
    private Optional<String> failure = Optional.empty();

    @Override
    public void accept(String line) {
        JsonLines.parse(line).ifPresent(this::accept);
    }

    private void accept(JsonNode event) {
        switch (event.path("type").asText()) {
            case "turn.started" -> progress = progress.plusTurn();
            case "item.started" -> progress = progress.withTool(describe(event.path("item")));
            case "item.completed" -> completed(event.path("item"));
            case "turn.completed" -> {
                JsonNode usage = event.path("usage");
                progress = progress.withoutTool().plusTokens(
                        usage.path("input_tokens").asLong() + usage.path("cached_input_tokens").asLong(),
                        usage.path("output_tokens").asLong());
                completedTurn = true;
                settle();
            }
            case "turn.failed" -> {
                failure = Optional.of("turn.failed: " + event.path("error").path("message").asText("no message"));
                settle();
            }
            case "error" -> {
                failure = Optional.of("error: " + event.path("message").asText("no message"));
                settle();
            }
            default -> { }
        }
    }

    private void completed(JsonNode item) {
        if ("agent_message".equals(item.path("type").asText())) {
            lastMessage = JsonLines.shorten(item.path("text").asText(""));
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
            report = Optional.of(new AgentReport(false, failure.get(), lastMessage, java.util.List.of(), totals));
        } else if (completedTurn) {
            report = Optional.of(new AgentReport(true, "turn.completed", lastMessage, java.util.List.of(), totals));
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
