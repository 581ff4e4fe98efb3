package dev.wave.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.testing.AgentProcess;
import dev.wave.testing.FakeAgents;
import dev.wave.testing.FakeAgents.Script;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Wave's command lines, stream readers and evidence against the fake agent executables of
 * {@link FakeAgents}, for each way an attempt ends: success, success with a permission denial, no
 * result line, a crash. (The slow one, killed on timeout, is in {@code dev.wave.run.FakeAgentTimeoutTest}.)
 */
@Timeout(60)
final class FakeAgentsTest {
    private static final String PROMPT = "Add a greeting";
    private static final String FILE = "src/greeting.txt";

    @TempDir
    Path directory;

    private record Run(int exitCode, AgentStream stream, List<String> changedFiles, List<String> arguments,
            List<String> command) {
        AgentVerdict verdict(boolean structured) {
            return new Evidence(Optional.of(exitCode), structured, stream.report(), changedFiles, List.of("src"), false,
                    Optional.empty()).judge();
        }
    }

    private Run run(String agent, Script script) throws IOException, InterruptedException {
        FakeAgents fakes = FakeAgents.install(directory.resolve("bin"));
        Path work = Files.createDirectories(directory.resolve("work"));
        Path promptFile = Files.writeString(directory.resolve("prompt.md"), PROMPT + "\n");
        Path arguments = directory.resolve("arguments.txt");
        List<String> command = fakes.command(agent, AgentInvocation.of(PROMPT, promptFile, work));
        AgentStream stream = AgentCli.named(agent).stream();
        AgentProcess process = AgentProcess.run(command, work, environment -> {
            environment.putAll(script.environment(FILE));
            environment.put("WAVE_FAKE_AGENT_ARGS_FILE", arguments.toString());
        }, stream);
        List<String> changed;
        try (Stream<Path> files = Files.walk(work)) {
            changed = files.filter(Files::isRegularFile).map(file -> work.relativize(file).toString()).sorted().toList();
        }
        return new Run(process.exitCode(), stream, changed, Files.readAllLines(arguments), command);
    }

    @ParameterizedTest
    @CsvSource({"claude, 2, 340, 0.0125", "codex, 1, 240, 0.0"})
    void success_editsTheFile_reportsProgress_andSucceeds(String agent, int turns, long tokens, double cost) throws Exception {
        Run run = run(agent, Script.SUCCESS);

        assertThat(run.exitCode()).isZero();
        assertThat(run.arguments()).as("the fake got wave's command line").isEqualTo(run.command().subList(1, run.command().size()));
        assertThat(run.changedFiles()).containsExactly(FILE);
        assertThat(Files.readString(directory.resolve("work").resolve(FILE))).isEqualTo(PROMPT + "\n");
        AgentReport report = run.stream().report().orElseThrow();
        assertThat(report.success()).isTrue();
        assertThat(report.result()).isEqualTo("Edited the files.");
        assertThat(report.totals().turns()).isEqualTo(turns);
        assertThat(report.totals().tokens()).isEqualTo(tokens);
        assertThat(report.totals().costUsd()).isEqualTo(cost);
        AgentVerdict verdict = run.verdict(true);
        assertThat(verdict.succeeded()).as(verdict.summary()).isTrue();
        assertThat(verdict.summary()).isEqualTo("1 file changed: Edited the files.");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "claude | permission denied 1 time: Bash git push --force",
        "codex  | permission denied 1 time: command /bin/bash -lc 'touch /etc/wave-fake' (sandbox: Read-only file system)"})
    void successWithAPermissionDenial_fails_evenThoughTheFileChanged(String agent, String reason) throws Exception {
        Run run = run(agent, Script.DENIED);

        assertThat(run.exitCode()).isZero();
        assertThat(run.changedFiles()).containsExactly(FILE);
        assertThat(run.stream().report().orElseThrow().success()).as("the agent itself says success").isTrue();
        assertThat(run.verdict(true)).isEqualTo(new AgentVerdict.Failed(List.of(reason)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"claude", "codex"})
    void aMissingResultLine_fails_evenWithExitZeroAndAChange(String agent) throws Exception {
        Run run = run(agent, Script.NO_RESULT);

        assertThat(run.exitCode()).isZero();
        assertThat(run.changedFiles()).containsExactly(FILE);
        assertThat(run.stream().report()).isEmpty();
        assertThat(run.stream().progress().turns()).isPositive();
        assertThat(run.verdict(true)).isEqualTo(new AgentVerdict.Failed(
                List.of("the agent sent no result (its stream ended without a result line)")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"claude", "codex"})
    void aCrashMidStream_fails_namingTheExitAndTheMissingResult(String agent) throws Exception {
        Run run = run(agent, Script.CRASH);

        assertThat(run.exitCode()).isEqualTo(137);
        assertThat(run.changedFiles()).containsExactly(FILE);
        assertThat(run.verdict(true)).isEqualTo(new AgentVerdict.Failed(List.of("the agent exited with code 137",
                "the agent sent no result (its stream ended without a result line)")));
    }

    @Test
    void aider_success_isJudgedOnItsExitAndItsDiff() throws Exception {
        Run run = run("aider", Script.SUCCESS);

        assertThat(run.arguments()).containsSequence("--message-file", directory.resolve("prompt.md").toString());
        assertThat(run.changedFiles()).containsExactly(FILE);
        assertThat(run.stream().report()).isEmpty();
        assertThat(run.verdict(false).succeeded()).as(run.verdict(false).summary()).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"DENIED, 0", "NO_RESULT, 0", "CRASH, 137"})
    void aider_withoutAChange_orCrashed_fails(Script script, int exitCode) throws Exception {
        Run run = run("aider", script);

        assertThat(run.exitCode()).isEqualTo(exitCode);
        AgentVerdict verdict = run.verdict(false);
        assertThat(verdict.succeeded()).isFalse();
        if (exitCode == 0) {
            assertThat(run.changedFiles()).isEmpty();
            assertThat(verdict).isEqualTo(new AgentVerdict.Failed(List.of("no change: the agent's diff is empty")));
        } else {
            assertThat(verdict.summary()).isEqualTo("the agent exited with code 137");
        }
    }
}
