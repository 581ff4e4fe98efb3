package dev.wave.check;

import dev.wave.check.TestResults.Status;
import dev.wave.check.TestResults.TestId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Compares the check after the tasks with the baseline: a failure counts against the run only when
 * it is new. Per test when both runs were read per test; by the failure counts otherwise.
 *
 * <p>Per test: a test failing after that failed before is not new; nor is one whose id is new but
 * whose name belonged to a test that failed before and is gone now (the test was moved or renamed
 * with its module). A test that is gone is listed, not blamed. A failing exit where the baseline
 * passed is always blamed, and so are counts from two different runners' summaries. Tests that could not be
 * collected after the tasks are blamed when they could be before them; when they could not be either time,
 * nothing is verified ({@link CheckOutcome.NotVerified}). Stateless; utility class.
 */
final class Comparison {
    private Comparison() {}

    static CheckOutcome compare(Baseline baseline, TestRun after) {
        Optional<String> cannot = after.cannotRun();
        if (cannot.isPresent()) {
            return new CheckOutcome.CouldNotRun(cannot.get());
        }
        TestRun before = baseline.run();
        if (after.collectionError().isPresent()) {
            if (before.collectionError().isPresent()) {
                return new CheckOutcome.NotVerified(after, "collection error");
            }
            return new CheckOutcome.CouldNotRun("collection error: " + after.collectionError().get());
        }
        List<TestId> failedBefore = before.results().map(TestResults::failures).orElse(List.of());
        if (after.passed()) {
            return new CheckOutcome.Passed(after, failedBefore);
        }
        List<TestId> failedAfter = after.results().map(TestResults::failures).orElse(List.of());
        int exit = after.exitCode().orElseThrow();
        if (before.passed()) {
            return new CheckOutcome.NewFailures(after, failedAfter, "exit " + exit + " after the tasks, 0 before them");
        }
        if (after.results().isEmpty() || before.results().isEmpty()) {
            return new CheckOutcome.NewFailures(after, List.of(), "exit " + exit + " and no test results after the tasks; "
                    + "before them: " + baseline.describe());
        }
        TestResults old = before.results().get();
        TestResults now = after.results().get();
        if (old.perTest() && now.perTest()) {
            return perTest(old, now, after);
        }
        if (runner(old).isPresent() && runner(now).isPresent() && !runner(old).equals(runner(now))) {
            // "eslint . && jest": ESLint's errors before, Jest's failures after; Jest never ran before.
            return new CheckOutcome.NewFailures(after, List.of(), "exit " + exit + "; the " + old.source()
                    + " before the tasks and the " + now.source() + " after them cannot be compared");
        }
        String counts = now.failed() + " failed after the tasks, " + old.failed() + " before them (counts from the "
                + now.source() + ")";
        if (now.failed() > old.failed()) {
            return new CheckOutcome.NewFailures(after, List.of(), counts);
        }
        return new CheckOutcome.NoNewFailures(after, List.of(), counts);
    }

    /** The runner whose summary the counts came from ({@code "pytest"}); empty for counts read from JUnit reports. */
    private static Optional<String> runner(TestResults results) {
        String source = results.source();
        return source.contains(" summary line") ? Optional.of(source.substring(0, source.indexOf(' '))) : Optional.empty();
    }

    private static CheckOutcome perTest(TestResults old, TestResults now, TestRun after) {
        // Tests gone since the baseline that failed there, by name: a failing test with a new id and one of these names moved.
        Map<String, ArrayDeque<TestId>> goneFailing = new HashMap<>();
        List<TestId> gone = new ArrayList<>();
        old.tests().forEach((id, status) -> {
            if (!now.tests().containsKey(id)) {
                gone.add(id);
                if (status == Status.FAILED) {
                    goneFailing.computeIfAbsent(id.name(), name -> new ArrayDeque<>()).add(id);
                }
            }
        });
        List<TestId> still = new ArrayList<>();
        List<TestId> fresh = new ArrayList<>();
        for (TestId id : now.failures()) {
            Optional<Status> was = old.status(id);
            if (was.isPresent() && was.get() == Status.FAILED) {
                still.add(id);
            } else if (was.isEmpty() && goneFailing.containsKey(id.name()) && !goneFailing.get(id.name()).isEmpty()) {
                goneFailing.get(id.name()).poll();
                still.add(id);
            } else {
                fresh.add(id);
            }
        }
        String detail = now.failures().size() + " failing after the tasks, " + old.failures().size() + " before them"
                + (gone.isEmpty() ? "" : "; no longer run: " + TestResults.names(gone, 3));
        if (!fresh.isEmpty()) {
            return new CheckOutcome.NewFailures(after, fresh, detail);
        }
        return new CheckOutcome.NoNewFailures(after, still,
                "failing before and after: " + (still.isEmpty() ? "none" : TestResults.names(still, 3))
                        + (gone.isEmpty() ? "" : "; no longer run: " + TestResults.names(gone, 3)));
    }
}
