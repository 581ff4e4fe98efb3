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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Claude Code CLI (npm {@code @anthropic-ai/claude-code}, installed by {@code .ci/run}),
 * pointed with {@code ANTHROPIC_BASE_URL} at a fake Messages API on 127.0.0.1 that streams tool
 * calls: wave's command line and stream reader against the real client, with no network. Skipped
 * where the CLI is not installed; {@code WAVE_CLAUDE} names its path, else {@code claude} on PATH.
 */
@Timeout(120)
final class RealClaudeCliTest {
    @TempDir
    Path directory;

    private final FakeModelServer server = new FakeModelServer();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void writeToolCall_editsTheFile_andTheStreamReportsSuccessWithTurnsTokensAndCost() throws Exception {
        Path work = Files.createDirectories(directory.resolve("work"));
        Path file = work.resolve("hello.txt");
        server.then(new Reply.ToolUse("Write", "{\"file_path\": \"" + file + "\", \"content\": \"hello from the agent\\n\"}"))
                .thenText("Wrote hello.txt.");

        Run run = run(work, AgentInvocation.of("Write hello.txt", work.resolve("prompt.md"), work)
                .withSystemPrompt("You are a Backend Engineer.").withMaxTurns(5));

        assertThat(run.exitCode()).isZero();
        assertThat(Files.readString(file)).isEqualTo("hello from the agent\n");
        AgentReport report = run.stream().report().orElseThrow();
        assertThat(report.success()).isTrue();
        assertThat(report.result()).isEqualTo("Wrote hello.txt.");
        assertThat(report.permissionDenials()).isEmpty();
        assertThat(report.totals().turns()).isGreaterThanOrEqualTo(2);
        assertThat(report.totals().tokens()).isPositive();
        assertThat(report.totals().costUsd()).isPositive();
        assertThat(run.tools()).contains("Write " + file);
        assertThat(run.output()).doesNotContain(AgentProcess.CLAUDE_KEY);
        assertThat(server.requests()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(server.requests().get(0).body().toString()).contains("You are a Backend Engineer.");
        assertThat(new Evidence(Optional.of(run.exitCode()), true, Optional.of(report), List.of("hello.txt"), List.of(),
                false, Optional.empty()).judge().succeeded()).isTrue();
    }

    @Test
    void aToolOutsideTheAllowedList_isDenied_andTheEvidenceFailsTheAttempt() throws Exception {
        Path work = Files.createDirectories(directory.resolve("work"));
        Path marker = directory.resolve("denied-marker");
        server.then(new Reply.ToolUse("Bash", "{\"command\": \"touch " + marker + "\", \"description\": \"touch\"}"))
                .thenText("I could not run the command.");
        AgentInvocation invocation = new AgentInvocation("Touch a file", work.resolve("prompt.md"), work, Optional.empty(),
                Optional.empty(), 5, Optional.empty(), List.of("Read", "Edit", "Write"));

        Run run = run(work, invocation);

        AgentReport report = run.stream().report().orElseThrow();
        assertThat(marker).doesNotExist();
        assertThat(report.permissionDenials()).hasSize(1);
        assertThat(report.permissionDenials().get(0)).startsWith("Bash touch ");
        AgentVerdict verdict = new Evidence(Optional.of(run.exitCode()), true, Optional.of(report), List.of(), List.of(),
                false, Optional.empty()).judge();
        assertThat(verdict.summary()).contains("permission denied 1 time: Bash touch ").contains("no change");
    }

    private record Run(int exitCode, ClaudeStream stream, List<String> tools, String output) {}

    private Run run(Path work, AgentInvocation invocation) throws IOException, InterruptedException {
        String claude = AgentProcess.installed("WAVE_CLAUDE", "claude", "Claude Code",
                "npm install @anthropic-ai/claude-code");
        Path home = Files.createDirectories(directory.resolve("home"));
        ClaudeStream stream = new ClaudeStream();
        AgentProcess process = AgentProcess.run(new AgentCli.Claude(claude).command(invocation), work,
                environment -> AgentProcess.pointClaudeAt(environment, server.anthropicUrl(), home), stream);
        return new Run(process.exitCode(), stream, process.tools(), process.output());
    }
}
