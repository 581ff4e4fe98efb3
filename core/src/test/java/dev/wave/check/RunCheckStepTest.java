package dev.wave.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.plan.Task;
import dev.wave.run.ExecutionResult;
import dev.wave.run.RunResult;
import dev.wave.run.RunStatus;
import dev.wave.run.TaskExecutor;
import dev.wave.sandbox.Sandbox;
import dev.wave.schedule.Mode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The check after the tasks as a step of the run (fix waves, SPEC F17): what it gives a fix wave, and that the
 * check after the tasks then reports it rather than running the command again.
 */
@Timeout(60)
final class RunCheckStepTest {
    private static final String COMMAND = "echo ran >> runs.txt; echo 'FAILED tests/test_app.py::test_greet - boom'; "
            + "test ! -e broken";

    @TempDir
    Path directory;

    @Test
    void aFailingStep_givesTheOutcomeAndTheOutputsEnd_andTheCheckAfterTheTasksReportsTheLastStepWithoutRunningAgain()
            throws Exception {
        Path repo = Files.createDirectories(directory.resolve("repo"));
        StringWriter printed = new StringWriter();
        List<String> journal = new ArrayList<>();
        RunCheck check = Checks.forRun(Optional.of(new CheckCommand(COMMAND, "--verify")), repo,
                Files.createDirectories(directory.resolve("run")), new PrintWriter(printed, true), journal::add,
                Sandbox.defaults());
        assertThat(check.afterTasksStep()).as("no baseline yet").isEmpty();
        check.baseline();
        TaskExecutor step = check.afterTasksStep().orElseThrow();
        Path log = directory.resolve("run").resolve("wave-check.log");

        Files.writeString(repo.resolve("broken"), "");
        ExecutionResult failed = step.execute(Task.shell("wave-check", COMMAND, List.of()), repo, log);

        assertThat(failed.succeeded()).isFalse();
        assertThat(failed.failedCheck()).hasValueSatisfying(output -> assertThat(output)
                .startsWith("exit 1 after the tasks, 0 before them").contains("FAILED tests/test_app.py::test_greet - boom"));
        assertThat(Files.readString(log)).contains("--- wave: check: exit 1 after the tasks, 0 before them");

        Files.delete(repo.resolve("broken"));
        assertThat(step.execute(Task.shell("wave-check.fix1.recheck", COMMAND, List.of()), repo, log).succeeded()).isTrue();
        RunResult result = new RunResult(RunStatus.SUCCEEDED, Mode.FLOW, 1, Instant.EPOCH, Instant.EPOCH, 1, 1, List.of(),
                List.of());

        assertThat(check.after(result)).isSameAs(result);
        assertThat(Files.readAllLines(repo.resolve("runs.txt"))).as("baseline and two steps: after() ran nothing")
                .hasSize(3);
        assertThat(printed.toString()).contains("Check after the tasks (" + COMMAND + "): passed");
        assertThat(journal).anyMatch(line -> line.startsWith("check   after (wave-check.fix1.recheck): passed"));
    }
}
