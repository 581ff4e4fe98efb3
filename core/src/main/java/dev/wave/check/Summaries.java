package dev.wave.check;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the counts of a test runner's summary lines, for runners whose report cannot be read per
 * test: pytest ({@code 3 failed, 212 passed in 4.20s}, one per pytest run), Maven surefire ({@code Tests run: 215,
 * Failures: 2, Errors: 1, Skipped: 0}, one total per module), cargo ({@code test result: FAILED. 12
 * passed; 1 failed; 0 ignored}), Jest ({@code Tests: 1 failed, 5 passed, 6 total}) and Mocha
 * ({@code 5 passing}, {@code 1 failing}), Vitest ({@code Tests  1 failed | 5 passed (6)}) and Node's test runner
 * or any TAP producer ({@code # pass 5}, {@code # fail 1}), Python's unittest ({@code Ran 5 tests in 0.1s}, then
 * {@code FAILED (failures=1)}); and ESLint's problem count, its errors as failures.
 * Thread-safe; utility class.
 */
final class Summaries {
    private static final Pattern PYTEST = Pattern.compile(
            "^=*\\s*((?:\\d{1,9} (?:passed|failed|errors?|skipped|xfailed|xpassed|deselected|warnings?|rerun)(?:, )?)+)"
                    + "\\s+in [\\d.]+s.*$");
    private static final Pattern PYTEST_NONE = Pattern.compile("^=*\\s*no tests ran in [\\d.]+s.*$");
    private static final Pattern COUNT = Pattern.compile("(\\d{1,9}) (\\w+)");
    private static final Pattern MAVEN = Pattern.compile(
            "^(?:\\[\\w+\\]\\s*)?Tests run: (\\d{1,9}), Failures: (\\d{1,9}), Errors: (\\d{1,9}), Skipped: (\\d{1,9})\\s*$");
    private static final Pattern CARGO = Pattern.compile(
            "^test result: \\w+\\. (\\d{1,9}) passed; (\\d{1,9}) failed; (\\d{1,9}) ignored.*$");
    private static final Pattern JEST = Pattern.compile("^Tests:\\s+(.*\\d+ total)\\s*$");
    private static final Pattern VITEST = Pattern.compile("^Tests\\s+((?:\\d{1,9} \\w+(?: \\| )?)+)\\s*\\(\\d{1,9}\\)$");
    private static final Pattern TAP = Pattern.compile("^(?:#|\u2139) (pass|fail|cancelled|skipped|todo) (\\d{1,9})$");
    private static final Pattern ESLINT = Pattern.compile(
            "^\u2716 \\d{1,9} problems? \\((\\d{1,9}) errors?, \\d{1,9} warnings?\\)$");
    private static final Pattern UNITTEST_RAN = Pattern.compile("^Ran (\\d{1,9}) tests? in [\\d.]+s$");
    private static final Pattern UNITTEST_END = Pattern.compile("^(OK|FAILED)(?: \\((.*)\\))?$");
    private static final Pattern UNITTEST_COUNT = Pattern.compile("(failures|errors|skipped|expected failures|"
            + "unexpected successes)=(\\d{1,9})");
    private static final Pattern MOCHA = Pattern.compile("^\\s*(\\d{1,9}) (passing|failing|pending)(?: \\(.*\\))?\\s*$");

    private Summaries() {}

    /** Terminal colours, which some runners print even when their output is not a terminal (Maven 3.8). */
    private static final Pattern COLOUR = Pattern.compile("\u001B\\[[0-9;]*[A-Za-z]");

    /** The counts of the last summary the output holds, by the first runner whose summary it finds; colours ignored. */
    static Optional<TestResults> read(List<String> output) {
        List<String> lines = output.stream().map(line -> COLOUR.matcher(line).replaceAll("")).toList();
        return pytest(lines).or(() -> maven(lines)).or(() -> cargo(lines)).or(() -> jest(lines)).or(() -> vitest(lines))
                .or(() -> tap(lines)).or(() -> mocha(lines)).or(() -> eslint(lines)).or(() -> unittest(lines));
    }

    /**
     * Python's unittest: {@code Ran 12 tests in 0.3s}, then {@code OK}, {@code OK (skipped=1)} or
     * {@code FAILED (failures=1, errors=2)}; errors count as failures, expected failures as skipped.
     */
    static Optional<TestResults> unittest(List<String> lines) {
        int[] total = new int[3];
        boolean found = false;
        for (int i = 0; i < lines.size(); i++) {
            Matcher ran = UNITTEST_RAN.matcher(lines.get(i).strip());
            if (!ran.matches()) {
                continue;
            }
            for (int j = i + 1; j < lines.size() && j <= i + 3; j++) {
                Matcher end = UNITTEST_END.matcher(lines.get(j).strip());
                if (end.matches()) {
                    int failed = 0;
                    int skipped = 0;
                    Matcher count = UNITTEST_COUNT.matcher(end.group(2) == null ? "" : end.group(2));
                    while (count.find()) {
                        switch (count.group(1)) {
                            case "failures", "errors", "unexpected successes" -> failed += number(count, 2);
                            default -> skipped += number(count, 2);
                        }
                    }
                    total[0] += Math.max(0, number(ran, 1) - failed - skipped);
                    total[1] += failed;
                    total[2] += skipped;
                    found = true;
                    break;
                }
            }
        }
        return found ? Optional.of(TestResults.counts(total[0], total[1], total[2], "unittest summary lines"))
                : Optional.empty();
    }

    /** The sum of pytest's summary lines: one per pytest run (a make target may run several). */
    static Optional<TestResults> pytest(List<String> lines) {
        StringBuilder items = new StringBuilder();
        boolean found = false;
        for (String line : lines) {
            String stripped = line.strip();
            Matcher matcher = PYTEST.matcher(stripped);
            if (matcher.matches()) {
                items.append(matcher.group(1)).append(", ");
            }
            found |= matcher.matches() || PYTEST_NONE.matcher(stripped).matches();
        }
        // deselected, warnings and rerun are not outcomes of tests that ran
        return found ? Optional.of(tally(items.toString(), Set.of("passed", "xpassed"), Set.of("failed", "error", "errors"),
                Set.of("skipped", "xfailed"), "pytest summary lines")) : Optional.empty();
    }

    /** The sum of surefire's totals (one per module; the per-class lines end with a time and are left out). */
    static Optional<TestResults> maven(List<String> lines) {
        return sum(lines, MAVEN, matcher -> {
            int failed = number(matcher, 2) + number(matcher, 3);
            int skipped = number(matcher, 4);
            return new int[] {Math.max(0, number(matcher, 1) - failed - skipped), failed, skipped};
        }, "Maven summary lines");
    }

    /** The sum of cargo's results, one per test binary. */
    static Optional<TestResults> cargo(List<String> lines) {
        return sum(lines, CARGO, matcher -> new int[] {number(matcher, 1), number(matcher, 2), number(matcher, 3)},
                "cargo summary lines");
    }

    static Optional<TestResults> jest(List<String> lines) {
        return lastTally(lines, JEST, "Jest summary line");
    }

    static Optional<TestResults> vitest(List<String> lines) {
        return lastTally(lines, VITEST, "Vitest summary line");
    }

    /** The last line matching {@code pattern}, its group 1 read as "N passed, N failed, N skipped" items. */
    private static Optional<TestResults> lastTally(List<String> lines, Pattern pattern, String source) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            Matcher matcher = pattern.matcher(lines.get(i).strip());
            if (matcher.matches()) {
                return Optional.of(tally(matcher.group(1), Set.of("passed"), Set.of("failed"), Set.of("skipped", "todo"),
                        source));
            }
        }
        return Optional.empty();
    }

    /** Node's test runner and other TAP producers: {@code # pass 5}, {@code # fail 1} (spec reporter: {@code ℹ pass 5}). */
    static Optional<TestResults> tap(List<String> lines) {
        StringBuilder items = new StringBuilder();
        for (String line : lines) {
            Matcher matcher = TAP.matcher(line.strip());
            if (matcher.matches()) {
                items.append(matcher.group(2)).append(' ').append(matcher.group(1)).append(", ");
            }
        }
        return items.length() == 0 ? Optional.empty() : Optional.of(tally(items.toString(), Set.of("pass"),
                Set.of("fail", "cancelled"), Set.of("skipped", "todo"), "TAP summary lines"));
    }

    /** Mocha prints each count on a line of its own. */
    static Optional<TestResults> mocha(List<String> lines) {
        StringBuilder items = new StringBuilder();
        for (String line : lines) {
            Matcher matcher = MOCHA.matcher(line);
            if (matcher.matches()) {
                items.append(matcher.group(1)).append(' ').append(matcher.group(2)).append(", ");
            }
        }
        return items.length() == 0 ? Optional.empty() : Optional.of(tally(items.toString(), Set.of("passing"),
                Set.of("failing"), Set.of("pending"), "Mocha summary lines"));
    }

    /** ESLint's problem count ({@code ✖ 12 problems (10 errors, 2 warnings)}): each error counts as a failure. */
    static Optional<TestResults> eslint(List<String> lines) {
        return sum(lines, ESLINT, matcher -> new int[] {0, number(matcher, 1), 0}, "ESLint summary line");
    }

    /** Adds up {@code "N word"} items by what each word means; other words (totals, warnings) are left out. */
    private static TestResults tally(String items, Set<String> passed, Set<String> failed, Set<String> skipped,
            String source) {
        int[] counts = new int[3];
        Matcher count = COUNT.matcher(items);
        while (count.find()) {
            String word = count.group(2);
            int slot = passed.contains(word) ? 0 : failed.contains(word) ? 1 : skipped.contains(word) ? 2 : -1;
            if (slot >= 0) {
                counts[slot] += number(count, 1);
            }
        }
        return TestResults.counts(counts[0], counts[1], counts[2], source);
    }

    /** Adds up the passed, failed and skipped counts of every line that matches {@code pattern}. */
    private static Optional<TestResults> sum(List<String> lines, Pattern pattern, Function<Matcher, int[]> counts,
            String source) {
        int[] total = new int[3];
        boolean found = false;
        for (String line : lines) {
            Matcher matcher = pattern.matcher(line.strip());
            if (matcher.matches()) {
                found = true;
                int[] these = counts.apply(matcher);
                for (int i = 0; i < 3; i++) {
                    total[i] += these[i];
                }
            }
        }
        return found ? Optional.of(TestResults.counts(total[0], total[1], total[2], source)) : Optional.empty();
    }

    private static int number(Matcher matcher, int group) {
        return Integer.parseInt(matcher.group(group));
    }
}
