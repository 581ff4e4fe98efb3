package dev.wave.agent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A command template's output is prose, unless it turns out to be claude's or codex's JSON stream. */
final class DetectingStreamTest {
    private static DetectingStream template() {
        return (DetectingStream) AgentCli.named("my-agent --task {prompt_file}").stream();
    }

    @Test
    void claudesStreamJson_isReadAsClaudes_afterAnyProseBeforeIt() {
        DetectingStream stream = template();

        stream.accept("starting my wrapper");
        stream.accept("{\"type\":\"system\",\"subtype\":\"init\",\"session_id\":\"s\"}");
        stream.accept("{\"type\":\"assistant\",\"message\":{\"content\":[{\"type\":\"tool_use\",\"name\":\"Bash\","
                + "\"input\":{\"command\":\"make\"}}],\"usage\":{\"input_tokens\":10,\"output_tokens\":5}}}");

        assertThat(stream.structured()).isTrue();
        assertThat(stream.progress().turns()).isEqualTo(1);
        assertThat(stream.progress().currentTool()).isPresent();
        stream.accept("{\"type\":\"result\",\"subtype\":\"success\",\"is_error\":false,\"num_turns\":1,"
                + "\"result\":\"done\",\"total_cost_usd\":0.5,\"permission_denials\":[]}");
        assertThat(stream.report().orElseThrow().success()).isTrue();
    }

    @Test
    void codexEvents_areReadAsCodexs() {
        DetectingStream stream = template();

        stream.accept("{\"type\":\"thread.started\",\"thread_id\":\"t\"}");
        stream.accept("{\"type\":\"turn.started\"}");

        assertThat(stream.structured()).isTrue();
        assertThat(stream.progress().turns()).isEqualTo(1);
    }

    @Test
    void prose_andJsonOfNoAgent_leaveItPlain() {
        DetectingStream stream = template();

        stream.accept("Editing src/app.py");
        stream.accept("{\"level\":\"info\",\"msg\":\"not an agent event\"}");

        assertThat(stream.structured()).isFalse();
        assertThat(stream.progress()).isEqualTo(AgentProgress.NONE);
        assertThat(stream.report()).isEmpty();
    }
}
