package dev.wave.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wave.journal.Json;
import dev.wave.testing.Await;
import dev.wave.testing.ScratchRepository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run's check on a small Python project with pytest, where one test needs the network and fails
 * before and after every run: only failures the run introduces fail it.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
final class CheckRunTest {
    @TempDir
    Path directory;

    @TempDir
    Path elsewhere;

    @Test
    void harmlessReplace_testThatFailedBeforeFailsAfter_isNotBlamedAndTheRunCommits() throws IOException {
        ScratchRepository repository = project();
        String head = repository.git("rev-parse", "HEAD").strip();

        Cli.Result outcome = Cli.run("run", "Fix the typo 'recieve' -> 'receive' in all Python files", "--repo",
                repository.root().toString(), "--yes", "--progress", "summary");

        assertThat(outcome.exitCode()).as(outcome.out() + outcome.err()).isEqualTo(ExitCodes.OK);
        assertThat(outcome.out()).contains("Check: python3 -m pytest -q (detected: pytest, test files such as "
                + "tests/test_app.py and no pytest configuration; pytest is importable), before any change and after "
                + "the tasks; only failures the run introduces fail it")
                .containsPattern("Wave 0: check baseline \\(python3 -m pytest -q\\): 1 passed, 1 failed "
                        + "\\(tests\\.test_app\\.test_network_a\\) in \\d+\\.\\ds; only new failures count\\.")
                .contains("Check after the tasks (python3 -m pytest -q): no new failures (exit 1: 1 passed, 1 failed "
                        + "(tests.test_app.test_network_a)")
                .contains("failing before and after: tests.test_app.test_network_a");
        assertThat(repository.read("app.py")).contains("# receive the greeting");
        assertThat(repository.git("rev-parse", "HEAD~1").strip()).isEqualTo(head);
        assertThat(repository.git("show", "--name-only", "--format=", "HEAD").strip()).isEqualTo("app.py");
        assertThat(repository.git("status", "--porcelain", "--untracked-files=all", "--ignored").lines())
                .as("no bytecode, no pytest cache, nothing left behind but wave's own files")
                .allMatch(line -> line.startsWith("!! .wave/"));
        Path checks = repository.root().resolve(".wave/runs/latest/check");
        assertThat(checks.resolve("baseline.xml")).exists();
        assertThat(checks.resolve("after.log")).exists();
        assertThat(Files.readString(repository.root().resolve(".wave/runs/latest/orchestrator.log")))
                .contains("check   baseline \"python3 -m pytest -q\": exit 1: 1 passed, 1 failed");
    }

    @Test
    void runThatBreaksATest_isBlamedAndRolledBack() throws IOException {
        ScratchRepository repository = project();
        ScratchRepository.State before = repository.state();
        Path plan = Files.writeString(elsewhere.resolve("plan.yaml"), """
                name: Say goodbye
                tasks:
                  - id: reword
                    action: {name: replace, paths: [app.py], find: '"hello"', with: '"goodbye"'}
                """);

        Cli.Result outcome = Cli.run("run", "--plan", plan.toString(), "--repo", repository.root().toString(), "--yes",
                "--progress", "summary");

        assertThat(outcome.exitCode()).as(outcome.out() + outcome.err()).isEqualTo(ExitCodes.TASK_FAILED);
        assertThat(outcome.out()).contains("Check after the tasks (python3 -m pytest -q): 1 new failure: "
                + "tests.test_app.test_greet; 2 failing after the tasks, 1 before them");
        assertThat(repository.state()).isEqualTo(before);
        JsonNode summary = summary(repository.root());
        assertThat(summary.get("status").asText()).isEqualTo("failed");
        assertThat(summary.get("counts").get("succeeded").asInt()).isEqualTo(1);
        assertThat(summary.get("aborted").asText()).startsWith("\"wave check\": the check after the tasks found failures");
        assertThat(summary.get("rollback").get("verified").asBoolean()).isTrue();
        assertThat(summary.get("rollback").get("note").asText()).startsWith("rolled back because \"wave check\" failed");
        JsonNode check = Json.MAPPER.readTree(repository.root().resolve(".wave/runs/latest/check/check.json").toFile());
        assertThat(check.get("baseline").get("failures").toString()).isEqualTo("[\"tests.test_app.test_network_a\"]");
        assertThat(check.get("baseline").get("source").asText()).isEqualTo("1 JUnit XML report");
        assertThat(check.get("after").get("outcome").asText()).isEqualTo("new_failures");
        assertThat(check.get("after").get("new_failures").toString()).isEqualTo("[\"tests.test_app.test_greet\"]");
    }

    @Test
    void checkCommandMissing_isRefusedBeforeAnyTaskRuns() throws IOException {
        ScratchRepository repository = project();
        ScratchRepository.State before = repository.state();

        Cli.Result outcome = Cli.run("run", "Fix the typo 'recieve' -> 'receive' in all Python files", "--repo",
                repository.root().toString(), "--yes", "--progress", "summary", "--verify", "no-such-linter --strict");

        assertThat(outcome.exitCode()).as(outcome.out() + outcome.err()).isEqualTo(ExitCodes.NOT_APPROVED);
        assertThat(outcome.err()).startsWith("wave: the check \"no-such-linter --strict\" cannot run here: exit 127, a "
                + "command was not found (\"sh: 1: no-such-linter: not found\"). No task ran. Install what it needs or fix "
                + "it, choose another with --verify CMD, or run without a check with --verify none (log: ")
                .endsWith("baseline.log).\n")
                .hasLineCount(1);
        assertThat(outcome.out()).contains("Check: no-such-linter --strict (--verify), before any change");
        assertThat(repository.state()).isEqualTo(before);
        assertThat(repository.root().resolve(".wave/runs/latest/execution_summary.json")).doesNotExist();
    }

    @Test
    void criticalTaskWithoutVerify_isVerifiedAgainstTheBaseline() throws IOException {
        ScratchRepository repository = project();
        // A runner whose one failure (the network test) is there before and after, as pytest's summary says it.
        repository.write("check.sh", "echo '1 failed, 1 passed in 0.01s'; exit 1\n");
        repository.git("add", "check.sh");
        repository.git("commit", "-q", "-m", "a quick check");
        Path plan = Files.writeString(elsewhere.resolve("plan.yaml"), """
                tasks:
                  - id: migrate
                    title: Alembic upgrade
                    run: echo migrated > migrated.txt
                """);

        Cli.Result outcome = Cli.run("run", "--plan", plan.toString(), "--repo", repository.root().toString(), "--yes",
                "--approve-critical", "--progress", "summary", "--verify", "sh check.sh");

        assertThat(outcome.exitCode()).as(outcome.out() + outcome.err()).isEqualTo(ExitCodes.OK);
        JsonNode critical = summary(repository.root()).get("critical_tasks").get(0);
        assertThat(critical.get("verify").asText()).isEqualTo("sh check.sh");
        assertThat(critical.get("verify_result").asText()).startsWith("passed: no new failures (exit 1: 1 passed, 1 failed in ")
                .endsWith("; 1 failed after the tasks, 1 before them (counts from the pytest summary lines)");
    }

    @Test
    void plan_showsTheCheckAndVerifyNoneTurnsItOff() throws IOException {
        ScratchRepository repository = project();

        Cli.Result detected = Cli.run("plan", "--plan", write("tasks:\n  - id: a\n    run: 'true'\n").toString(), "--repo",
                repository.root().toString(), "--json");
        Cli.Result off = Cli.run("plan", "--plan", write("tasks:\n  - id: a\n    run: 'true'\n").toString(), "--repo",
                repository.root().toString(), "--verify", "none");

        JsonNode check = Json.MAPPER.readTree(detected.out()).get("check");
        assertThat(check.get("command").asText()).isEqualTo("python3 -m pytest -q");
        assertThat(check.get("origin").asText()).isEqualTo("detected: pytest, test files such as tests/test_app.py and no "
                + "pytest configuration; pytest is importable");
        assertThat(off.out()).contains("Check: none (verify none from --verify): the run's changes are not tested")
                .contains("verify none (--verify)");
    }

    @Test
    void sigtermDuringTheBaseline_killsTheChecksProcessTree() throws Exception {
        Path plain = Files.createDirectory(directory.resolve("plain"));
        Path plan = write("tasks:\n  - id: never\n    run: touch never.txt\n");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process wave = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(), "run",
                "--plan", plan.toString(), "--repo", plain.toString(), "--yes", "--no-backup", "--progress", "summary",
                // Process groups: in the sandbox $! would be a pid of the task's own namespace.
                "--sandbox", "off", "--verify", "sleep 300 & echo $! > check.pid; wait")
                .redirectErrorStream(true)
                .redirectOutput(elsewhere.resolve("wave.out").toFile())
                .start();
        try {
            Path pidFile = plain.resolve("check.pid");
            Await.until("the check to write " + pidFile, Duration.ofSeconds(60),
                    () -> Files.exists(pidFile) && !Files.readString(pidFile).isBlank());
            long child = Long.parseLong(Files.readString(pidFile).trim());

            wave.destroy();

            assertThat(wave.waitFor(60, TimeUnit.SECONDS)).isTrue();
            Optional<ProcessHandle> leftover = ProcessHandle.of(child);
            if (leftover.isPresent()) {
                leftover.get().onExit().get(5, TimeUnit.SECONDS);
            }
            assertThat(plain.resolve("never.txt")).doesNotExist();
        } finally {
            wave.destroyForcibly();
        }
    }

    /** app.py with a typo in a comment; one test of it, one that needs the network (refused on 127.0.0.1:1). */
    private ScratchRepository project() {
        ScratchRepository repository = ScratchRepository.empty(directory);
        repository.write("app.py", "def greet():\n    # recieve the greeting\n    return \"hello\"\n");
        repository.write("tests/test_app.py", """
                import socket

                from app import greet


                def test_greet():
                    assert greet() == "hello"


                def test_network_a():
                    socket.create_connection(("127.0.0.1", 1), timeout=2).close()
                """);
        repository.git("add", "-A");
        repository.git("commit", "-q", "-m", "a small project");
        return repository;
    }

    private Path write(String plan) throws IOException {
        return Files.writeString(Files.createTempFile(elsewhere, "plan", ".yaml"), plan);
    }

    private static JsonNode summary(Path repository) throws IOException {
        return Json.MAPPER.readTree(repository.resolve(".wave/runs/latest/execution_summary.json").toFile());
    }
}
