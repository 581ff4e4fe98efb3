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
        stream.accept("{\"type\":\"turn.completed\",\"usage\":{\"input_tokens\":1000,\"cached_input_tokens\":200,"
                + "\"cache_write_input_tokens\":0,\"output_tokens\":50,\"reasoning_output_tokens\":0}}");

        AgentReport report = stream.report().orElseThrow();
        assertThat(report.success()).isTrue();
        assertThat(report.result()).isEqualTo("Done: renamed.");
        assertThat(report.totals().turns()).isEqualTo(1);
        assertThat(report.totals().tokens()).as("input_tokens already counts the cached ones").isEqualTo(1050);
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

    @Test
    void reconnectErrorsInsideATurn_areNotAnEnding_whenTheTurnThenCompletes() {
        CodexStream stream = feed(
                "{\"type\":\"turn.started\"}",
                "{\"type\":\"error\",\"message\":\"Reconnecting... 1/5 (stream disconnected before completion)\"}");
        assertThat(stream.report()).isEmpty();

        stream.accept("{\"type\":\"item.completed\",\"item\":{\"id\":\"item_1\",\"type\":\"agent_message\",\"text\":\"Done.\"}}");
        stream.accept("{\"type\":\"turn.completed\",\"usage\":{\"input_tokens\":10,\"output_tokens\":2}}");

        assertThat(stream.report().orElseThrow().success()).isTrue();
    }

    @Test
    void errorsThenTurnFailed_isAFailureNamingTheTurnsError() {
        CodexStream stream = feed(
                "{\"type\":\"turn.started\"}",
                "{\"type\":\"error\",\"message\":\"Reconnecting... 5/5\"}",
                "{\"type\":\"error\",\"message\":\"stream closed before response.completed\"}",
                "{\"type\":\"turn.failed\",\"error\":{\"message\":\"stream closed before response.completed\"}}");

        assertThat(stream.report().orElseThrow().error()).contains("turn.failed: stream closed before response.completed");
    }

    @Test
    void anErrorOutsideATurn_isAFailure() {
        assertThat(feed("{\"type\":\"error\",\"message\":\"unknown model provider\"}").report().orElseThrow().error())
                .contains("error: unknown model provider");
    }

    @Test
    void aWarningItemOfTypeError_isNotAFailure() {
        CodexStream stream = feed(
                "{\"type\":\"item.completed\",\"item\":{\"id\":\"item_0\",\"type\":\"error\",\"message\":\"Model metadata for `m` not found.\"}}",
                "{\"type\":\"turn.started\"}",
                "{\"type\":\"turn.completed\",\"usage\":{\"input_tokens\":10,\"output_tokens\":2}}");

        assertThat(stream.report().orElseThrow().success()).isTrue();
    }

    @Test
    void aCommandTheSandboxStoppedOrCodexDeclined_isAPermissionDenial() {
        CodexStream stream = feed(
                "{\"type\":\"turn.started\"}",
                "{\"type\":\"item.completed\",\"item\":{\"id\":\"item_1\",\"type\":\"command_execution\",\"command\":\"/bin/bash -lc 'touch /etc/x'\","
                        + "\"aggregated_output\":\"touch: cannot touch '/etc/x': Read-only file system\\n\",\"exit_code\":1,\"status\":\"failed\"}}",
                "{\"type\":\"item.completed\",\"item\":{\"id\":\"item_2\",\"type\":\"command_execution\",\"command\":\"rm -rf build\","
                        + "\"aggregated_output\":\"\",\"exit_code\":null,\"status\":\"declined\"}}",
                "{\"type\":\"item.completed\",\"item\":{\"id\":\"item_3\",\"type\":\"command_execution\",\"command\":\"false\","
                        + "\"aggregated_output\":\"\",\"exit_code\":1,\"status\":\"failed\"}}",
                "{\"type\":\"turn.completed\",\"usage\":{\"input_tokens\":10,\"output_tokens\":2}}");

        assertThat(stream.report().orElseThrow().permissionDenials()).containsExactly(
                "command /bin/bash -lc 'touch /etc/x' (sandbox: Read-only file system)", "command rm -rf build (declined)");
    }
}
