package dev.wave.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.check.TestResults.Status;
import dev.wave.check.TestResults.TestId;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

final class ComparisonTest {
    private static final TestId ADDS = new TestId("tests.test_math", "test_adds");
    private static final TestId NETWORK = new TestId("tests.test_net", "test_network_a");
    private static final TestId PARSES = new TestId("tests.test_parse", "test_parses");

    @Test
    void failingBeforeAndAfter_isNotBlamed() {
        Baseline before = baseline(run(1, tests(ADDS, Status.PASSED, NETWORK, Status.FAILED)));

        CheckOutcome outcome = Comparison.compare(before, run(1, tests(ADDS, Status.PASSED, NETWORK, Status.FAILED)));

        assertThat(outcome).isEqualTo(new CheckOutcome.NoNewFailures(outcome(outcome), List.of(NETWORK),
                "failing before and after: tests.test_net.test_network_a"));
        assertThat(outcome.blamesRun()).isFalse();
    }

    @Test
    void newlyFailing_isBlamedByName() {
        Baseline before = baseline(run(1, tests(ADDS, Status.PASSED, NETWORK, Status.FAILED)));

        CheckOutcome outcome = Comparison.compare(before, run(1, tests(ADDS, Status.FAILED, NETWORK, Status.FAILED)));

        assertThat(outcome.blamesRun()).isTrue();
        assertThat(((CheckOutcome.NewFailures) outcome).tests()).containsExactly(ADDS);
        assertThat(outcome.describe()).startsWith("1 new failure: tests.test_math.test_adds; 2 failing after the tasks, 1 before them");
    }

    @Test
    void newTestThatFails_isBlamed() {
        Baseline before = baseline(run(1, tests(NETWORK, Status.FAILED)));

        CheckOutcome outcome = Comparison.compare(before, run(1, tests(NETWORK, Status.FAILED, PARSES, Status.FAILED)));

        assertThat(((CheckOutcome.NewFailures) outcome).tests()).containsExactly(PARSES);
    }

    @Test
    void testRemoved_isListedNotBlamed() {
        Baseline before = baseline(run(1, tests(ADDS, Status.PASSED, PARSES, Status.PASSED, NETWORK, Status.FAILED)));

        CheckOutcome outcome = Comparison.compare(before, run(1, tests(ADDS, Status.PASSED, NETWORK, Status.FAILED)));

        assertThat(outcome.blamesRun()).isFalse();
        assertThat(((CheckOutcome.NoNewFailures) outcome).detail()).endsWith("; no longer run: tests.test_parse.test_parses");
    }

    @Test
    void failingTestRenamedWithItsModule_isNotBlamed() {
        TestId moved = new TestId("tests.test_network", "test_network_a");
        Baseline before = baseline(run(1, tests(ADDS, Status.PASSED, NETWORK, Status.FAILED)));

        CheckOutcome outcome = Comparison.compare(before, run(1, tests(ADDS, Status.PASSED, moved, Status.FAILED)));

        assertThat(outcome.blamesRun()).isFalse();
        assertThat(((CheckOutcome.NoNewFailures) outcome).stillFailing()).containsExactly(moved);
    }

    @Test
    void passingTestRenamedAndNowFailing_isBlamed() {
        TestId moved = new TestId("tests.test_arith", "test_adds");
        Baseline before = baseline(run(1, tests(ADDS, Status.PASSED, NETWORK, Status.FAILED)));

        CheckOutcome outcome = Comparison.compare(before, run(1, tests(moved, Status.FAILED, NETWORK, Status.FAILED)));

        assertThat(((CheckOutcome.NewFailures) outcome).tests()).containsExactly(moved);
    }

    @Test
    void passesAfter_isPassedAndNamesWhatItFixed() {
        Baseline before = baseline(run(1, tests(ADDS, Status.PASSED, NETWORK, Status.FAILED)));

        CheckOutcome outcome = Comparison.compare(before, run(0, tests(ADDS, Status.PASSED, NETWORK, Status.PASSED)));

        assertThat(outcome).isInstanceOf(CheckOutcome.Passed.class);
        assertThat(outcome.describe()).endsWith("; failing before, passing now: tests.test_net.test_network_a");
    }

    @Test
    void baselinePassedAndAfterFailsWithNoReadableResults_isBlamed() {
        Baseline before = baseline(run(0, Optional.empty()));

        CheckOutcome outcome = Comparison.compare(before, run(2, Optional.empty()));

        assertThat(outcome).isEqualTo(new CheckOutcome.NewFailures(outcome(outcome), List.of(),
                "exit 2 after the tasks, 0 before them"));
    }

    @Test
    void countsOnly_moreFailuresIsBlamedTheSameOrFewerIsNot() {
        Baseline before = baseline(run(1, Optional.of(TestResults.counts(212, 3, 0, "pytest summary line"))));

        CheckOutcome same = Comparison.compare(before, run(1, Optional.of(TestResults.counts(212, 3, 0, "pytest summary line"))));
        CheckOutcome more = Comparison.compare(before, run(1, Optional.of(TestResults.counts(211, 4, 0, "pytest summary line"))));

        assertThat(same.blamesRun()).isFalse();
        assertThat(more.blamesRun()).isTrue();
        assertThat(more.describe()).isEqualTo("4 failed after the tasks, 3 before them (counts from the pytest summary line)");
    }

    @Test
    void countsFromDifferentRunners_cannotBeComparedAndAreBlamed() {
        Baseline before = baseline(run(1, Optional.of(TestResults.counts(0, 10, 0, "ESLint summary line"))));

        CheckOutcome outcome = Comparison.compare(before, run(1, Optional.of(TestResults.counts(40, 2, 0, "Jest summary line"))));

        assertThat(outcome.blamesRun()).isTrue();
        assertThat(outcome.describe()).isEqualTo("exit 1; the ESLint summary line before the tasks and the Jest summary line "
                + "after them cannot be compared");
    }

    @Test
    void commandGoneAfterTheTasks_isBlamed() {
        Baseline before = baseline(run(1, tests(NETWORK, Status.FAILED)));

        CheckOutcome outcome = Comparison.compare(before, new TestRun("pytest", Optional.of(127), "sh: 1: pytest: not found",
                Optional.empty(), 5, Path.of("after.log"), List.of()));

        assertThat(outcome).isEqualTo(new CheckOutcome.CouldNotRun(
                "exit 127, a command was not found (\"sh: 1: pytest: not found\")"));
        assertThat(outcome.blamesRun()).isTrue();
    }

    @Test
    void baseline_missingToolTimeoutOrFailureWithoutResults_isUnusable() {
        Baseline missing = baseline(new TestRun("eslint .", Optional.of(127), "sh: 1: eslint: not found", Optional.empty(),
                3, Path.of("baseline.log"), List.of()));
        Baseline timedOut = baseline(new TestRun("make test", Optional.empty(), "timed out after 30m; its processes were killed",
                Optional.empty(), 3, Path.of("baseline.log"), List.of()));
        Baseline silent = baseline(run(2, Optional.empty()));

        assertThat(missing.unusable()).contains("exit 127, a command was not found (\"sh: 1: eslint: not found\")");
        assertThat(timedOut.unusable()).contains("timed out after 30m; its processes were killed");
        assertThat(silent.unusable()).hasValueSatisfying(reason -> assertThat(reason)
                .startsWith("exit 2 with no test results wave can read"));
        assertThat(baseline(run(1, tests(NETWORK, Status.FAILED))).unusable()).isEmpty();
        assertThat(baseline(run(0, Optional.empty())).unusable()).isEmpty();
    }

    private static TestRun outcome(CheckOutcome outcome) {
        if (outcome instanceof CheckOutcome.NoNewFailures none) {
            return none.run();
        }
        return ((CheckOutcome.NewFailures) outcome).run();
    }

    private static Baseline baseline(TestRun run) {
        return new Baseline(run);
    }

    private static TestRun run(int exit, Optional<TestResults> results) {
        return new TestRun("python3 -m pytest -q", Optional.of(exit), "", results, 1200, Path.of("check.log"), List.of());
    }

    private static Optional<TestResults> tests(Object... idsAndStatuses) {
        Map<TestId, Status> tests = new LinkedHashMap<>();
        for (int i = 0; i < idsAndStatuses.length; i += 2) {
            tests.put((TestId) idsAndStatuses[i], (Status) idsAndStatuses[i + 1]);
        }
        return Optional.of(TestResults.perTest(tests, "1 JUnit XML report"));
    }
}
