package dev.wave.check;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the counts of a test runner's summary lines, for runners whose report cannot be read per
 * test: pytest ({@code 3 failed, 212 passed in 4.20s}), Maven surefire ({@code Tests run: 215,
 * Failures: 2, Errors: 1, Skipped: 0}, one total per module), cargo ({@code test result: FAILED. 12
 * passed; 1 failed; 0 ignored}), Jest ({@code Tests: 1 failed, 5 passed, 6 total}) and Mocha
 * ({@code 5 passing}, {@code 1 failing}). Thread-safe; utility class.
 */
final class Summaries {
    private static final Pattern PYTEST = Pattern.compile(
            "^=*\\s*((?:\\d+ (?:passed|failed|errors?|skipped|xfailed|xpassed|deselected|warnings?|rerun)(?:, )?)+)"
                    + "\\s+in [\\d.]+s.*$");
    private static final Pattern PYTEST_NONE = Pattern.compile("^=*\\s*no tests ran in [\\d.]+s.*$");
    private static final Pattern COUNT = Pattern.compile("(\\d+) (\\w+)");
    private static final Pattern MAVEN = Pattern.compile(
            "^(?:\\[\\w+\\]\\s*)?Tests run: (\\d+), Failures: (\\d+), Errors: (\\d+), Skipped: (\\d+)\\s*$");
    private static final Pattern CARGO = Pattern.compile(
            "^test result: \\w+\\. (\\d+) passed; (\\d+) failed; (\\d+) ignored.*$");
    private static final Pattern JEST = Pattern.compile("^Tests:\\s+(.*\\d+ total)\\s*$");
    private static final Pattern MOCHA = Pattern.compile("^\\s*(\\d+) (passing|failing|pending)(?: \\(.*\\))?\\s*$");

    private Summaries() {}

    /** The counts of the last summary the output holds, by the first runner whose summary it finds. */
    static Optional<TestResults> read(List<String> lines) {
        return pytest(lines).or(() -> maven(lines)).or(() -> cargo(lines)).or(() -> jest(lines)).or(() -> mocha(lines));
    }

    static Optional<TestResults> pytest(List<String> lines) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            String line = lines.get(i).strip();
            if (PYTEST_NONE.matcher(line).matches()) {
                return Optional.of(TestResults.counts(0, 0, 0, "pytest summary line"));
            }
            Matcher matcher = PYTEST.matcher(line);
            if (matcher.matches()) {
                int passed = 0;
                int failed = 0;
                int skipped = 0;
                Matcher count = COUNT.matcher(matcher.group(1));
                while (count.find()) {
                    int n = Integer.parseInt(count.group(1));
                    switch (count.group(2)) {
                        case "passed", "xpassed" -> passed += n;
                        case "failed", "error", "errors" -> failed += n;
                        case "skipped", "xfailed" -> skipped += n;
                        default -> {
                            // deselected, warnings, rerun: not outcomes of tests that ran
                        }
                    }
                }
                return Optional.of(TestResults.counts(passed, failed, skipped, "pytest summary line"));
            }
        }
        return Optional.empty();
    }

    /** The sum of surefire's totals (one per module; the per-class lines end with a time and are left out). */
    static Optional<TestResults> maven(List<String> lines) {
        int run = 0;
        int failed = 0;
        int skipped = 0;
        boolean found = false;
        for (String line : lines) {
            Matcher matcher = MAVEN.matcher(line.strip());
            if (matcher.matches()) {
                found = true;
                run += Integer.parseInt(matcher.group(1));
                failed += Integer.parseInt(matcher.group(2)) + Integer.parseInt(matcher.group(3));
                skipped += Integer.parseInt(matcher.group(4));
            }
        }
        return found ? Optional.of(TestResults.counts(Math.max(0, run - failed - skipped), failed, skipped,
                "Maven summary lines")) : Optional.empty();
    }

    /** The sum of cargo's results, one per test binary. */
    static Optional<TestResults> cargo(List<String> lines) {
        int passed = 0;
        int failed = 0;
        int skipped = 0;
        boolean found = false;
        for (String line : lines) {
            Matcher matcher = CARGO.matcher(line.strip());
            if (matcher.matches()) {
                found = true;
                passed += Integer.parseInt(matcher.group(1));
                failed += Integer.parseInt(matcher.group(2));
                skipped += Integer.parseInt(matcher.group(3));
            }
        }
        return found ? Optional.of(TestResults.counts(passed, failed, skipped, "cargo summary lines")) : Optional.empty();
    }

    static Optional<TestResults> jest(List<String> lines) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            Matcher matcher = JEST.matcher(lines.get(i).strip());
            if (matcher.matches()) {
                int passed = 0;
                int failed = 0;
                int skipped = 0;
                Matcher count = COUNT.matcher(matcher.group(1));
                while (count.find()) {
                    int n = Integer.parseInt(count.group(1));
                    switch (count.group(2)) {
                        case "passed" -> passed += n;
                        case "failed" -> failed += n;
                        case "skipped", "todo" -> skipped += n;
                        default -> {
                            // total
                        }
                    }
                }
                return Optional.of(TestResults.counts(passed, failed, skipped, "Jest summary line"));
            }
        }
        return Optional.empty();
    }

    static Optional<TestResults> mocha(List<String> lines) {
        int passed = 0;
        int failed = 0;
        int skipped = 0;
        boolean found = false;
        for (String line : lines) {
            Matcher matcher = MOCHA.matcher(line);
            if (matcher.matches()) {
                found = true;
                int n = Integer.parseInt(matcher.group(1));
                switch (matcher.group(2)) {
                    case "passing" -> passed = n;
                    case "failing" -> failed = n;
                    default -> skipped = n;
                }
            }
        }
        return found ? Optional.of(TestResults.counts(passed, failed, skipped, "Mocha summary lines")) : Optional.empty();
    }
}
