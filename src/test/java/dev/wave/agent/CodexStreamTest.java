package dev.wave.agent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

final class CodexStreamTest {
    private static CodexStream feed(String... lines) {
        CodexStream stream = new CodexStream();
        for (String line : lines) {
            stream.accept(line);
        }
        return stream;
    }

    @Test
    void completedTurn_isSuccessWithTheLastAgentMessageAndTokens() {
        CodexStream stream = feed(
                "{\"type\":\"thread.started\",\"thread_id\":\"t1\"}",
                "{\"type\":\"turn.started\"}",
                "{\"type\":\"item.started\",\"item\":{\"id\":\"item_1\",\"type\":\"command_execution\",\"command\":\"bash -lc ls\",\"status\":\"in_progress\"}}");
        assertThat(stream.progress().currentTool()).contains("command bash -lc ls");

        stream.accept("{\"type\":\"item.completed\",\"item\":{\"id\":\"item_2\",\"type\":\"agent_message\",\"text\":\"Done: renamed.\"}}");
        stream.accept("{\"type\":\"turn.completed\",\"usage\":{\"input_tokens\":1000,\"cached_input_tokens\":200,\"output_tokens\":50}}");

        AgentReport report = stream.report().orElseThrow();
        assertThat(report.success()).isTrue();
        assertThat(report.result()).isEqualTo("Done: renamed.");
        assertThat(report.totals().turns()).isEqualTo(1);
        assertThat(report.totals().tokens()).isEqualTo(1250);
        assertThat(stream.progress().currentTool()).isEmpty();
    }

    @Test
    void failedTurn_isAFailureEvenAfterAnEarlierCompletedOne() {
        CodexStream stream = feed(
                "{\"type\":\"turn.started\"}",
                "{\"type\":\"turn.completed\",\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}",
                "{\"type\":\"turn.started\"}",
                "{\"type\":\"turn.failed\",\"error\":{\"message\":\"stream disconnected\"}}");

        assertThat(stream.report().orElseThrow().error()).contains("turn.failed: stream disconnected");
    }

    @Test
    void noTurnCompleted_meansNoReport() {
        assertThat(feed("{\"type\":\"turn.started\"}").report()).isEmpty();
    }
}
