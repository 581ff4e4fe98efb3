package dev.wave.agent;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * A command template's output: prose, unless its first JSON event is Claude Code's stream-json
 * ({@code system}, {@code assistant}, {@code user} or {@code result}) or codex's {@code exec --json}
 * ({@code thread.*}, {@code turn.*}, {@code item.*}); from then on that reader reads every line. So a
 * template that wraps claude or codex gets their progress, and is judged by their result line.
 */
final class DetectingStream implements AgentStream {
    private volatile AgentStream detected; // null until a structured event is seen; then fixed

    @Override
    public void accept(String line) {
        AgentStream reader = detected;
        if (reader == null) {
            Optional<JsonNode> event = JsonLines.parse(line);
            if (event.isEmpty()) {
                return;
            }
            String type = event.get().path("type").asText("");
            if (type.equals("system") || type.equals("assistant") || type.equals("user") || type.equals("result")) {
                reader = new ClaudeStream();
            } else if (type.startsWith("thread.") || type.startsWith("turn.") || type.startsWith("item.")) {
                reader = new CodexStream();
            } else {
                return;
            }
            detected = reader;
        }
        reader.accept(line);
    }

    /** Whether the output turned out to be a structured agent stream, which must then end with a result. */
    boolean structured() {
        return detected != null;
    }

    @Override
    public AgentProgress progress() {
        AgentStream reader = detected;
        return reader == null ? AgentProgress.NONE : reader.progress();
    }

    @Override
    public Optional<String> finalMessage() {
        AgentStream reader = detected;
        return reader == null ? Optional.empty() : reader.finalMessage();
    }

    @Override
    public Optional<AgentReport> report() {
        AgentStream reader = detected;
        return reader == null ? Optional.empty() : reader.report();
    }
}
