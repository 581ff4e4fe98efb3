package dev.wave.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Tests that could not even be collected ran nothing: a collection error before and after the tasks verifies
 * nothing and is said so, never "no new failures"; one that the run caused is blamed on it.
 */
final class CollectionErrorTest {
    private static final List<String> PYTEST_OUTPUT = List.of("ERROR tests/test_x.py",
            "!!!!!!!!!!!!!!!!!!!! Interrupted: 1 error during collection !!!!!!!!!!!!!!!!!!!!", "1 error in 1.50s");

    private static TestRun run(int exit, List<String> output) {
        return new TestRun("python3 -m pytest -q", Optional.of(exit), output.get(output.size() - 1), Summaries.read(output),
                1500, Path.of("check.log"), List.of(), TestCheck.collectionError("python3 -m pytest -q", Optional.of(exit),
                        output));
    }

    @Test
    void collectionError_isFoundInTheOutput_orFromPytestsExitCodes_onlyForOnePytestRun() {
        assertThat(TestCheck.collectionError("make test", Optional.of(2), PYTEST_OUTPUT))
                .contains("pytest: 1 error during collection");
        assertThat(TestCheck.collectionError("python3 -m pytest -q", Optional.of(5), List.of("no tests ran in 0.01s")))
                .contains("pytest exit 5: no tests collected");
        assertThat(TestCheck.collectionError("python3 -m pytest -q", Optional.of(4), List.of()))
                .contains("pytest exit 4: usage error");
        assertThat(TestCheck.collectionError("make test", Optional.of(2), List.of("make: *** [test] Error 1"))).isEmpty();
        assertThat(TestCheck.collectionError("python3 -m pytest -q", Optional.of(1), List.of("1 failed in 0.1s"))).isEmpty();
        assertThat(TestCheck.collectionError("python3 -m pytest -q", Optional.of(0), PYTEST_OUTPUT)).isEmpty();
    }

    @Test
    void collectionErrorBeforeAndAfter_isNotVerified_notANoNewFailuresPass() {
        Baseline before = new Baseline(run(2, PYTEST_OUTPUT));

        CheckOutcome outcome = Comparison.compare(before, run(2, PYTEST_OUTPUT));

        assertThat(outcome).isInstanceOf(CheckOutcome.NotVerified.class);
        assertThat(outcome.blamesRun()).isFalse();
        assertThat(outcome.describe()).isEqualTo("check could not run: collection error before and after the tasks (exit 2: "
                + "collection error, no test ran (pytest: 1 error during collection) in 1.5s); the run's changes are not "
                + "verified. Fix what stops the tests, or give a check with --verify CMD");
        assertThat(before.describe()).isEqualTo("collection error, no test ran (pytest: 1 error during collection) in 1.5s");
    }

    @Test
    void collectionErrorOnlyAfterTheTasks_isBlamedOnTheRun() {
        Baseline before = new Baseline(run(0, List.of("3 passed in 0.10s")));

        CheckOutcome outcome = Comparison.compare(before, run(2, PYTEST_OUTPUT));

        assertThat(outcome.blamesRun()).isTrue();
        assertThat(outcome.describe()).isEqualTo("could not run after the tasks, though it ran before them: collection error: "
                + "pytest: 1 error during collection");
    }

    @Test
    void collectionErrorCausedByTheRun_failsTheRun_withThatReason(@org.junit.jupiter.api.io.TempDir Path directory)
            throws Exception {
        java.util.ArrayDeque<List<String>> outputs = new java.util.ArrayDeque<>(List.of(List.of("3 passed in 0.10s"),
                PYTEST_OUTPUT));
        java.util.ArrayDeque<Integer> exits = new java.util.ArrayDeque<>(List.of(0, 2));
        dev.wave.run.TaskExecutor pytest = (task, workDirectory, log) -> {
            try {
                java.nio.file.Files.write(log, outputs.poll());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            int exit = exits.poll();
            return new dev.wave.run.ExecutionResult(Optional.of(exit), exit == 0, "exit " + exit, List.of());
        };
        TestCheck check = new TestCheck(new CheckCommand("python3 -m pytest -q", "detected: pytest"), directory,
                directory.resolve("check"), pytest, java.time.Duration.ofMinutes(1));
        RunCheck run = new RunCheck(Optional.of(check), new java.io.PrintWriter(java.io.Writer.nullWriter()), line -> { });
        run.baseline();

        dev.wave.run.RunResult after = run.after(new dev.wave.run.RunResult(dev.wave.run.RunStatus.SUCCEEDED,
                dev.wave.schedule.Mode.FLOW, 1, java.time.Instant.EPOCH, java.time.Instant.EPOCH, 1, 1, List.of()));

        assertThat(after.status()).isEqualTo(dev.wave.run.RunStatus.FAILED);
        assertThat(after.decisions()).singleElement().satisfies(decision -> assertThat(decision.reason())
                .isEqualTo("the check could not run after the tasks, though it ran before them"));
    }

    @Test
    void unittestSummary_isRead_errorsAsFailures() {
        assertThat(Summaries.read(List.of("----", "Ran 4 tests in 0.000s", "", "FAILED (failures=1, errors=1, skipped=1)")))
                .contains(TestResults.counts(1, 2, 1, "unittest summary lines"));
        assertThat(Summaries.read(List.of("Ran 12 tests in 0.301s", "", "OK")))
                .contains(TestResults.counts(12, 0, 0, "unittest summary lines"));
    }
}
