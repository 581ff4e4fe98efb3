package dev.wave.check;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * The check's run before any change: what failed already, which the run is not blamed for. Immutable.
 *
 * @param run the run of the check command in Wave 0
 */
public record Baseline(TestRun run) {
    public Baseline {
        requireNonNull(run, "run is null");
    }

    /**
     * Why this baseline cannot be compared with: the command did not run at all (not found, not
     * executable, timed out), or it failed and reported no test results wave can read, so a failure
     * after the tasks could not be told from one before them. Empty when it can.
     */
    public Optional<String> unusable() {
        Optional<String> cannot = run.cannotRun();
        if (cannot.isPresent()) {
            return cannot;
        }
        if (!run.passed() && run.results().isEmpty()) {
            return Optional.of("exit " + run.exitCode().orElseThrow() + " with no test results wave can read (JUnit XML "
                    + "or a pytest, unittest, Maven, cargo, Jest, Vitest, Mocha, TAP or ESLint summary line)"
                    + (run.lastLine().isEmpty() ? "" : "; it said \"" + run.lastLine() + "\""));
        }
        return Optional.empty();
    }

    /** {@code "212 passed, 3 failed (a.test_x, ...) in 4.2s"}, or {@code "exit 0 in 1.3s (no per-test report)"}. */
    public String describe() {
        if (run.collectionError().isPresent()) {
            return "collection error, no test ran (" + run.collectionError().get() + ") in " + run.seconds();
        }
        return run.results().map(results -> results.describe() + " in " + run.seconds())
                .orElse("exit " + run.exitCode().map(String::valueOf).orElse("?") + " in " + run.seconds()
                        + " (no per-test report)");
    }
}
