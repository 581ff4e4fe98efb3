package dev.wave.agent;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Claude Code's {@code --output-format stream-json --verbose}: a {@code system/init} line, then
 * {@code assistant} messages whose content holds text and {@code tool_use} blocks, {@code user}
 * messages with the tool results, and one final {@code result} line with the subtype
 * ({@code success}, {@code error_max_turns}, {@code error_during_execution}), {@code is_error},
 * {@code num_turns}, {@code total_cost_usd}, {@code usage} and {@code permission_denials}.
 */
final class ClaudeStream implements AgentStream {
    private static final int MAX_MESSAGE = 64 * 1024;
    private volatile AgentProgress progress = AgentProgress.NONE;
    private volatile Optional<AgentReport> report = Optional.empty();
    private volatile Optional<String> finalMessage = Optional.empty();

    @Override
    public void accept(String line) {
        JsonLines.parse(line).ifPresent(this::accept);
    }

    private void accept(JsonNode event) {
        switch (event.path("type").asText()) {
            case "assistant" -> assistant(event.path("message"));
            case "user" -> progress = progress.withoutTool();
            case "result" -> result(event);
            default -> { }
        }
    }

    private void assistant(JsonNode message) {
        AgentProgress next = progress.plusTurn();
        JsonNode usage = message.path("usage");
        next = next.plusTokens(inputTokens(usage), usage.path("output_tokens").asLong());
        for (JsonNode block : message.path("content")) {
            if ("tool_use".equals(block.path("type").asText())) {
                next = next.withTool(describeTool(block.path("name").asText("tool"), block.path("input")));
            }
        }
        progress = next;
    }

    private void result(JsonNode event) {
        JsonNode usage = event.path("usage");
        AgentProgress seen = progress;
        long input = usage.isMissingNode() ? seen.inputTokens() : inputTokens(usage);
        long output = usage.isMissingNode() ? seen.outputTokens() : usage.path("output_tokens").asLong();
        AgentProgress totals = seen.withoutTool().withTotals(event.path("num_turns").asInt(seen.turns()), input, output,
                event.path("total_cost_usd").asDouble(event.path("cost_usd").asDouble(seen.costUsd())));
        String subtype = event.path("subtype").asText("result");
        boolean success = "success".equals(subtype) && !event.path("is_error").asBoolean(false);
        List<String> denials = new ArrayList<>();
        for (JsonNode denial : event.path("permission_denials")) {
            denials.add(describeTool(denial.path("tool_name").asText("tool"), denial.path("tool_input")));
        }
        progress = totals;
        String result = event.path("result").asText("");
        finalMessage = Optional.of(result.length() <= MAX_MESSAGE ? result : result.substring(0, MAX_MESSAGE));
        report = Optional.of(new AgentReport(success, subtype, JsonLines.shorten(result), denials, totals));
    }

    @Override
    public Optional<String> finalMessage() {
        return finalMessage;
    }

    private static long inputTokens(JsonNode usage) {
        return usage.path("input_tokens").asLong() + usage.path("cache_read_input_tokens").asLong()
                + usage.path("cache_creation_input_tokens").asLong();
    }

    /** {@code Edit src/app.py}, {@code Bash make test}: the tool and what it works on. */
    static String describeTool(String name, JsonNode input) {
        for (String key : List.of("file_path", "path", "command", "pattern", "url")) {
            if (input.path(key).isTextual()) {
                return JsonLines.shorten(name + " " + input.path(key).asText());
            }
        }
        return name;
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
