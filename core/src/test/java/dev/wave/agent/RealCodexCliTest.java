package dev.wave.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.testing.AgentProcess;
import dev.wave.testing.FakeModelServer;
import dev.wave.testing.FakeModelServer.Reply;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Codex CLI (npm {@code @openai/codex}, installed by {@code .ci/run}) with a custom model
 * provider in its {@code CODEX_HOME/config.toml} pointed at a fake Responses API on 127.0.0.1
 * ({@code POST /v1/responses}, server-sent events) that answers with an {@code exec_command} call:
 * wave's command line ({@code codex exec --json -s workspace-write -C DIR PROMPT}) and
 * {@link CodexStream} against the real client, with no network (update checks, analytics and plugin
 * sync are switched off in that config). Skipped where the CLI is not installed; {@code WAVE_CODEX}
 * names its path, else {@code codex} on PATH.
 */
@Timeout(120)
final class RealCodexCliTest {
    private static final String KEY = "sk-fake-openai-key-for-the-loopback-fake-0000";

    @TempDir
    Path directory;

    private final FakeModelServer server = new FakeModelServer();

    @AfterEach
    void stop() throws IOException {
        server.close();
        // codex links its helpers (apply_patch, codex-linux-sandbox) to its binary under CODEX_HOME/tmp:
        // removing the links here spares the temp-dir cleanup its warning about links leaving the directory
        Path helpers = directory.resolve("codex-home").resolve("tmp");
        if (Files.isDirectory(helpers)) {
            try (Stream<Path> paths = Files.walk(helpers)) {
                for (Path link : paths.filter(Files::isSymbolicLink).toList()) {
                    Files.delete(link);
                }
            }
        }
    }

    @Test
    void execCommandCall_editsTheFileInTheSandbox_andTheStreamReportsSuccessWithTurnsAndTokens() throws Exception {
        Path work = repository();
        server.then(new Reply.ToolUse("exec_command", call("printf 'hello from codex\\\\n' > hello.txt")))
                .thenText("Wrote hello.txt.");

        Run run = run(AgentInvocation.of("Write hello.txt", work.resolve("prompt.md"), work));

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(Files.readString(work.resolve("hello.txt"))).isEqualTo("hello from codex\n");
        AgentReport report = run.stream().report().orElseThrow();
        assertThat(report.success()).isTrue();
        assertThat(report.result()).isEqualTo("Wrote hello.txt.");
        assertThat(report.permissionDenials()).isEmpty();
        assertThat(report.totals().turns()).isEqualTo(1);
        assertThat(report.totals().tokens()).as("two model calls of 100 in (40 cached) and 20 out").isEqualTo(240);
        assertThat(run.tools()).anySatisfy(tool -> assertThat(tool).startsWith("command ").contains("hello.txt"));
        assertThat(run.output()).doesNotContain(KEY);
        assertThat(server.requests()).hasSize(2).allSatisfy(request -> {
            assertThat(request.path()).isEqualTo("/v1/responses");
            assertThat(request.header("authorization")).isEqualTo("Bearer " + KEY);
        });
        assertThat(server.requests().get(1).body().toString()).contains("function_call_output");
        assertThat(new Evidence(Optional.of(run.exitCode()), true, Optional.of(report), List.of("hello.txt"), List.of(),
                false, Optional.empty()).judge().succeeded()).isTrue();
    }

    @Test
    void aWriteOutsideTheWorkspace_isStoppedBySandbox_andTheEvidenceFailsTheAttempt() throws Exception {
        Path work = repository();
        Path marker = directory.resolve("outside-marker");
        // codex 0.169 streams no command_execution item at all for a command the sandbox stops within
        // its first moments (it only tells the model); one that runs a while first is streamed as failed
        server.then(new Reply.ToolUse("exec_command", call("sleep 1; touch " + marker)))
                .thenText("Touched it.");

        Run run = run(AgentInvocation.of("Touch a file", work.resolve("prompt.md"), work));

        assertThat(marker).doesNotExist();
        AgentReport report = run.stream().report().orElseThrow();
        assertThat(report.success()).as("codex itself still calls the turn completed").isTrue();
        assertThat(report.permissionDenials()).as(run.output()).singleElement().asString()
                .startsWith("command ").contains("outside-marker").endsWith("(sandbox: Read-only file system)");
        AgentVerdict verdict = new Evidence(Optional.of(run.exitCode()), true, Optional.of(report), List.of(), List.of(),
                false, Optional.empty()).judge();
        assertThat(verdict.summary()).contains("permission denied 1 time: command ").contains("no change");
    }

    @Test
    void anApiError_endsInTurnFailed_andANonZeroExit() throws Exception {
        Path work = repository();
        server.then(new Reply.Error(400, "invalid_request_error", "the fake refuses this request", ""));

        Run run = run(AgentInvocation.of("Do anything", work.resolve("prompt.md"), work));

        assertThat(run.exitCode()).isNotZero();
        AgentReport report = run.stream().report().orElseThrow();
        assertThat(report.success()).isFalse();
        assertThat(report.outcome()).startsWith("turn.failed: ").contains("the fake refuses this request");
        assertThat(new Evidence(Optional.of(run.exitCode()), true, Optional.of(report), List.of(), List.of(), false,
                Optional.empty()).judge().summary()).contains("the agent exited with code").contains("turn.failed");
    }

    /**
     * An {@code exec_command} call that waits up to 30 s for the command (the default 10 s can pass on
     * a loaded machine, and then the item ends unfinished) in a plain, non-login shell.
     */
    private static String call(String command) {
        return "{\"cmd\": \"" + command + "\", \"login\": false, \"yield_time_ms\": 30000}";
    }

    private record Run(int exitCode, CodexStream stream, List<String> tools, String output) {}

    private Path repository() throws IOException, InterruptedException {
        Path work = Files.createDirectories(directory.resolve("work"));
        Process init = new ProcessBuilder("git", "init", "-q", work.toString()).redirectErrorStream(true).start();
        assertThat(init.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(init.exitValue()).isZero();
        return work;
    }

    /**
     * CODEX_HOME with a provider for the fake. TMPDIR moves off /tmp because codex refuses to put its
     * sandbox helper under the temporary directory, where CODEX_HOME lives in a test; /tmp and TMPDIR
     * are taken out of the sandbox's writable roots so that only the work directory is writable.
     */
    private Path codexHome() throws IOException {
        Path home = Files.createDirectories(directory.resolve("codex-home"));
        Files.writeString(home.resolve("config.toml"), String.join("\n",
                "model = \"fake-model\"",
                "model_provider = \"wave_fake\"",
                "check_for_update_on_startup = false",
                "",
                "[analytics]",
                "enabled = false",
                "",
                "[features]",
                "plugins = false",
                "",
                "[sandbox_workspace_write]",
                "exclude_slash_tmp = true",
                "exclude_tmpdir_env_var = true",
                "",
                "[model_providers.wave_fake]",
                "name = \"wave fake\"",
                "base_url = \"" + server.openAiUrl() + "\"",
                "env_key = \"WAVE_FAKE_OPENAI_KEY\"",
                "wire_api = \"responses\"",
                "request_max_retries = 0",
                "stream_max_retries = 0",
                ""));
        return home;
    }

    private Run run(AgentInvocation invocation) throws IOException, InterruptedException {
        String codex = AgentProcess.installed("WAVE_CODEX", "codex", "codex-cli", "npm install @openai/codex");
        Path home = Files.createDirectories(directory.resolve("home"));
        Path tmp = Files.createDirectories(directory.resolve("tmp"));
        Path codexHome = codexHome();
        CodexStream stream = new CodexStream();
        AgentProcess process = AgentProcess.run(new AgentCli.Codex(codex).command(invocation), invocation.workDirectory(),
                environment -> {
                    environment.put("HOME", home.toString());
                    environment.put("TMPDIR", tmp.toString());
                    environment.put("CODEX_HOME", codexHome.toString());
                    environment.put("WAVE_FAKE_OPENAI_KEY", KEY);
                    environment.remove("OPENAI_API_KEY");
                    environment.remove("OPENAI_BASE_URL");
                }, stream);
        return new Run(process.exitCode(), stream, process.tools(), process.output());
    }
}
