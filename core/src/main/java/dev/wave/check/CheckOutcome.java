package dev.wave.check;

import static java.util.Objects.requireNonNull;

import dev.wave.check.TestResults.TestId;
import java.util.List;

/**
 * How the check after the tasks compares with the baseline. Only {@link NewFailures} and
 * {@link CouldNotRun} blame the run; {@link NotVerified} blames nothing and verifies nothing. Immutable.
 */
public sealed interface CheckOutcome permits CheckOutcome.Passed, CheckOutcome.NoNewFailures, CheckOutcome.NewFailures,
        CheckOutcome.CouldNotRun, CheckOutcome.NotVerified {
    /** Whether the run introduced a failure, so it must not be committed. */
    boolean blamesRun();

    /** One line for people. */
    String describe();

    /**
     * The command passed.
     *
     * @param fixed tests that failed before and pass now
     */
    record Passed(TestRun run, List<TestId> fixed) implements CheckOutcome {
        public Passed {
            requireNonNull(run, "run is null");
            fixed = List.copyOf(fixed);
        }

        @Override
        public boolean blamesRun() {
            return false;
        }

        @Override
        public String describe() {
            return "passed (" + run.describe() + ")"
                    + (fixed.isEmpty() ? "" : "; failing before, passing now: " + TestResults.names(fixed, 3));
        }
    }

    /**
     * The command failed, but only on what failed before.
     *
     * @param stillFailing tests that failed before and after, when known per test
     * @param detail how that was established, for example the removed tests or the counts compared
     */
    record NoNewFailures(TestRun run, List<TestId> stillFailing, String detail) implements CheckOutcome {
        public NoNewFailures {
            requireNonNull(run, "run is null");
            stillFailing = List.copyOf(stillFailing);
            requireNonNull(detail, "detail is null");
        }

        @Override
        public boolean blamesRun() {
            return false;
        }

        @Override
        public String describe() {
            return "no new failures (" + run.describe() + "); " + detail;
        }
    }

    /**
     * The run broke something: tests that fail now and did not before, more failures than before, or
     * a failing exit where the baseline passed.
     *
     * @param tests the newly failing tests, when known per test
     * @param detail what was compared
     */
    record NewFailures(TestRun run, List<TestId> tests, String detail) implements CheckOutcome {
        public NewFailures {
            requireNonNull(run, "run is null");
            tests = List.copyOf(tests);
            requireNonNull(detail, "detail is null");
        }

        @Override
        public boolean blamesRun() {
            return true;
        }

        @Override
        public String describe() {
            return (tests.isEmpty() ? "" : tests.size() + (tests.size() == 1 ? " new failure: " : " new failures: ")
                    + TestResults.names(tests, 5) + "; ") + detail;
        }
    }

    /** The command ran before the tasks but cannot run after them: the run broke the check itself. */
    record CouldNotRun(String reason) implements CheckOutcome {
        public CouldNotRun {
            requireNonNull(reason, "reason is null");
        }

        @Override
        public boolean blamesRun() {
            return true;
        }

        @Override
        public String describe() {
            return "could not run after the tasks, though it ran before them: " + reason;
        }
    }

    /**
     * The check could not run its tests before the tasks and cannot after them either (a pytest collection error,
     * say): the run is not blamed, and nothing is verified.
     *
     * @param run the run after the tasks
     * @param reason why, for example {@code "collection error"}
     */
    record NotVerified(TestRun run, String reason) implements CheckOutcome {
        public NotVerified {
            requireNonNull(run, "run is null");
            requireNonNull(reason, "reason is null");
        }

        @Override
        public boolean blamesRun() {
            return false;
        }

        @Override
        public String describe() {
            return "check could not run: " + reason + " before and after the tasks (" + run.describe()
                    + "); the run's changes are not verified. Fix what stops the tests, or give a check with --verify CMD";
        }
    }
}
