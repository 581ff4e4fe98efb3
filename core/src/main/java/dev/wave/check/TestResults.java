package dev.wave.check;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one run of the test command reported: per test when a JUnit XML report could be read, else
 * only the counts of the runner's summary line. Immutable.
 *
 * @param tests every test by id, in report order; empty when only counts are known
 * @param passed how many passed
 * @param failed how many failed or ended in an error
 * @param skipped how many were skipped
 * @param source where the results were read: {@code "3 JUnit XML reports"} or {@code "pytest summary line"}
 */
public record TestResults(Map<TestId, Status> tests, int passed, int failed, int skipped, String source) {
    public TestResults {
        tests = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tests));
        requireNonNull(source, "source is null");
        if (passed < 0 || failed < 0 || skipped < 0) {
            throw new IllegalArgumentException("negative count: " + passed + ", " + failed + ", " + skipped);
        }
    }

    /** How one test ended. */
    public enum Status {
        PASSED,
        SKIPPED,
        FAILED;

        /** The worse of two outcomes of the same test id (a parameterised test reported twice). */
        Status worst(Status other) {
            return compareTo(other) >= 0 ? this : other;
        }
    }

    /**
     * A test's identity: its suite (the JUnit {@code classname}, a pytest module path) and its name.
     * Shown as {@code suite.name}.
     */
    public record TestId(String suite, String name) {
        public TestId {
            requireNonNull(suite, "suite is null");
            requireNonNull(name, "name is null");
        }

        @Override
        public String toString() {
            return suite.isEmpty() ? name : suite + "." + name;
        }
    }

    /** Results read per test, with counts taken from them. */
    static TestResults perTest(Map<TestId, Status> tests, String source) {
        int passed = 0;
        int failed = 0;
        int skipped = 0;
        for (Status status : tests.values()) {
            switch (status) {
                case PASSED -> passed++;
                case FAILED -> failed++;
                case SKIPPED -> skipped++;
            }
        }
        return new TestResults(tests, passed, failed, skipped, source);
    }

    /** Results known only by their counts. */
    static TestResults counts(int passed, int failed, int skipped, String source) {
        return new TestResults(Map.of(), passed, failed, skipped, source);
    }

    /** Whether each test is known, not only the counts. */
    public boolean perTest() {
        return !tests.isEmpty();
    }

    /** The failed tests, in report order; empty when only counts are known. */
    public List<TestId> failures() {
        List<TestId> failures = new ArrayList<>();
        tests.forEach((id, status) -> {
            if (status == Status.FAILED) {
                failures.add(id);
            }
        });
        return failures;
    }

    /** How a test ended, when it is known. */
    public Optional<Status> status(TestId id) {
        return Optional.ofNullable(tests.get(id));
    }

    /** {@code "212 passed, 3 failed (a.test_x, b.test_y, c.test_z)"}: the counts, and the failures by name when known. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        text.append(passed).append(" passed, ").append(failed).append(" failed");
        if (skipped > 0) {
            text.append(", ").append(skipped).append(" skipped");
        }
        List<TestId> failures = failures();
        if (!failures.isEmpty()) {
            text.append(" (").append(names(failures, 3)).append(')');
        }
        return text.toString();
    }

    /** At most {@code shown} names, then {@code ", ... N more"}. */
    static String names(List<?> ids, int shown) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < ids.size() && i < shown; i++) {
            text.append(i == 0 ? "" : ", ").append(ids.get(i));
        }
        if (ids.size() > shown) {
            text.append(", ... ").append(ids.size() - shown).append(" more");
        }
        return text.toString();
    }
}
