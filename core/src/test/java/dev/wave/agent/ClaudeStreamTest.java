package dev.wave.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

final class ClaudeStreamTest {
    private static final String INIT = """
            {"type":"system","subtype":"init","cwd":"/w","session_id":"s1","tools":["Read","Edit","Bash"],"model":"claude-sonnet-4-5","permissionMode":"acceptEdits"}""";
    private static final String EDIT = """
            {"type":"assistant","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[{"type":"text","text":"Fixing it."},{"type":"tool_use","id":"toolu_1","name":"Edit","input":{"file_path":"/w/src/app.py","old_string":"recieve","new_string":"receive"}}],"usage":{"input_tokens":120,"cache_read_input_tokens":30,"output_tokens":40}},"session_id":"s1"}""";
    private static final String TOOL_RESULT = """
            {"type":"user","message":{"role":"user","content":[{"tool_use_id":"toolu_1","type":"tool_result","content":"ok"}]},"session_id":"s1"}""";

    private static ClaudeStream feed(String... lines) {
        ClaudeStream stream = new ClaudeStream();
        for (String line : lines) {
            stream.accept(line);
        }
        return stream;
    }

    @Test
    void toolUse_showsCurrentToolTurnsAndTokens_untilItsResultArrives() {
        ClaudeStream stream = feed(INIT, EDIT);

        assertThat(stream.progress().currentTool()).contains("Edit /w/src/app.py");
        assertThat(stream.progress().turns()).isEqualTo(1);
        assertThat(stream.progress().inputTokens()).isEqualTo(150);
        assertThat(stream.progress().outputTokens()).isEqualTo(40);
        assertThat(stream.report()).isEmpty();

        stream.accept(TOOL_RESULT);
        assertThat(stream.progress().currentTool()).isEmpty();
    }

    @Test
    void successResult_isReportedWithTheAgentsTotals() {
        ClaudeStream stream = feed(INIT, EDIT, TOOL_RESULT, """
                {"type":"result","subtype":"success","is_error":false,"duration_ms":5300,"num_turns":3,"result":"Renamed recieve to receive in src/app.py.","session_id":"s1","total_cost_usd":0.0123,"usage":{"input_tokens":400,"output_tokens":90},"permission_denials":[]}""");

        AgentReport report = stream.report().orElseThrow();
        assertThat(report.success()).isTrue();
        assertThat(report.error()).isEmpty();
        assertThat(report.result()).isEqualTo("Renamed recieve to receive in src/app.py.");
        assertThat(report.totals().turns()).isEqualTo(3);
        assertThat(report.totals().tokens()).isEqualTo(490);
        assertThat(report.totals().costUsd()).isEqualTo(0.0123);
        assertThat(stream.progress()).isEqualTo(report.totals());
    }

    @Test
    void successWithPermissionDenials_listsEachDeniedToolUse() {
        ClaudeStream stream = feed("""
                {"type":"result","subtype":"success","is_error":false,"num_turns":2,"result":"Could not run the tests.","total_cost_usd":0.01,"permission_denials":[{"tool_name":"Bash","tool_use_id":"toolu_9","tool_input":{"command":"rm -rf /tmp/x"}},{"tool_name":"Write","tool_use_id":"toolu_8","tool_input":{"file_path":"/etc/hosts"}}]}""");

        assertThat(stream.report().orElseThrow().permissionDenials()).containsExactly("Bash rm -rf /tmp/x", "Write /etc/hosts");
    }

    @Test
    void errorSubtypes_areFailuresNamedByTheAgentsWord() {
        ClaudeStream stream = feed("""
                {"type":"result","subtype":"error_max_turns","is_error":true,"num_turns":30,"total_cost_usd":0.5}""");

        assertThat(stream.report().orElseThrow().success()).isFalse();
        assertThat(stream.report().orElseThrow().error()).contains("it reached its turn limit (error_max_turns)");
    }

    @Test
    void isErrorTrue_failsEvenWithSubtypeSuccess() {
        ClaudeStream stream = feed("""
                {"type":"result","subtype":"success","is_error":true,"result":"API Error: 529 overloaded"}""");

        assertThat(stream.report().orElseThrow().error()).contains("API Error: 529 overloaded");
    }

    @Test
    void linesThatAreNotItsFormat_areIgnored() {
        ClaudeStream stream = feed("", "warning: something", "{not json", "[1,2]", "{\"type\":\"unknown\"}", EDIT);

        assertThat(stream.progress().turns()).isEqualTo(1);
        assertThat(stream.report()).isEmpty();
    }

    @Test
    void describeTool_prefersThePathThenTheCommand() {
        assertThat(ClaudeStream.describeTool("Bash", JsonLines.parse("{\"command\":\"make test\"}").orElseThrow()))
                .isEqualTo("Bash make test");
        assertThat(ClaudeStream.describeTool("TodoWrite", JsonLines.parse("{\"todos\":[]}").orElseThrow()))
                .isEqualTo("TodoWrite");
        assertThat(List.of(ClaudeStream.describeTool("Grep", JsonLines.parse("{\"pattern\":\"x\\ny\"}").orElseThrow())))
                .containsExactly("Grep x y");
    }
}
