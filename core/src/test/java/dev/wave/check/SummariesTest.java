package dev.wave.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

final class SummariesTest {
    @Test
    void pytest_quietSummaryLine_countsErrorsAsFailures() {
        assertThat(Summaries.read(List.of("FAILED tests/test_net.py::test_network_a - ConnectionRefusedError",
                "2 failed, 2 passed, 1 skipped, 1 error in 2.99s")))
                .contains(TestResults.counts(2, 3, 1, "pytest summary lines"));
    }

    @Test
    void pytest_fullSummaryLine_withWarningsAndDeselected() {
        assertThat(Summaries.read(List.of("", "==== 1 failed, 212 passed, 3 deselected, 2 warnings in 14.20s (0:00:14) ====")))
                .contains(TestResults.counts(212, 1, 0, "pytest summary lines"));
    }

    @Test
    void pytest_collectionErrorAndNoTests() {
        assertThat(Summaries.read(List.of("!!!! Interrupted: 1 error during collection !!!!", "1 error in 2.68s")))
                .contains(TestResults.counts(0, 1, 0, "pytest summary lines"));
        assertThat(Summaries.read(List.of("no tests ran in 0.01s"))).contains(TestResults.counts(0, 0, 0, "pytest summary lines"));
    }

    @Test
    void pytest_severalRuns_areSummed() {
        assertThat(Summaries.read(List.of("3 passed in 0.10s", "python3 -m pytest -q tests/slow", "1 failed, 2 passed in 0.30s")))
                .contains(TestResults.counts(5, 1, 0, "pytest summary lines"));
    }

    @Test
    void maven_realOutput_takesTheTotalsNotThePerClassLines() throws IOException {
        List<String> lines;
        try (InputStream in = SummariesTest.class.getResourceAsStream("maven-output.txt")) {
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }

        assertThat(Summaries.read(lines)).contains(TestResults.counts(1, 2, 1, "Maven summary lines"));
    }

    @Test
    void maven_oneTotalPerModule_isSummed() {
        assertThat(Summaries.read(List.of("[INFO] Tests run: 10, Failures: 0, Errors: 0, Skipped: 1",
                "[ERROR] Tests run: 5, Failures: 1, Errors: 1, Skipped: 0")))
                .contains(TestResults.counts(12, 2, 1, "Maven summary lines"));
    }

    @Test
    void maven_colouredOutput_isReadWithoutItsColours() {
        assertThat(Summaries.read(List.of("[\u001B[1;31mERROR\u001B[m] \u001B[1;31mTests run: \u001B[0;1m4\u001B[m, "
                + "\u001B[1;31mFailures: \u001B[0;1;31m1\u001B[m, Errors: 0, Skipped: 0\u001B[m")))
                .contains(TestResults.counts(3, 1, 0, "Maven summary lines"));
    }

    @Test
    void cargoJestAndMocha_summaries() {
        assertThat(Summaries.read(List.of("test result: FAILED. 12 passed; 1 failed; 2 ignored; 0 measured; 0 filtered out; "
                + "finished in 0.01s", "test result: ok. 3 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out")))
                .contains(TestResults.counts(15, 1, 2, "cargo summary lines"));
        assertThat(Summaries.read(List.of("Test Suites: 1 failed, 2 passed, 3 total",
                "Tests:       1 failed, 1 skipped, 5 passed, 7 total")))
                .contains(TestResults.counts(5, 1, 1, "Jest summary line"));
        assertThat(Summaries.read(List.of("  5 passing (20ms)", "  1 pending", "  2 failing")))
                .contains(TestResults.counts(5, 2, 1, "Mocha summary lines"));
    }

    @Test
    void onePytestRun_getsAJunitReportOthersDoNot() {
        assertThat(List.of("python3 -m pytest -q", "pytest", "pytest -k 'not slow' tests/", "uv run pytest -x",
                "python3.11 -m pytest")).allMatch(command -> TestCheck.ONE_PYTEST.matcher(command).matches());
        assertThat(List.of("make test", "pytest tests/a && pytest tests/b", "tox", "pytest; echo done", "npm test",
                "pytestx")).noneMatch(command -> TestCheck.ONE_PYTEST.matcher(command).matches());
    }

    @Test
    void vitestAndNodeTestRunner_summaries() {
        assertThat(Summaries.read(List.of(" Test Files  1 failed | 2 passed (3)", "      Tests  1 failed | 5 passed | 1 skipped (7)",
                "   Duration  1.20s"))).contains(TestResults.counts(5, 1, 1, "Vitest summary line"));
        assertThat(Summaries.read(List.of("1..3", "# tests 3", "# suites 0", "# pass 1", "# fail 1", "# cancelled 0",
                "# skipped 1", "# todo 0", "# duration_ms 328.192282")))
                .contains(TestResults.counts(1, 1, 1, "TAP summary lines"));
        assertThat(Summaries.read(List.of("\u2139 tests 3", "\u2139 pass 2", "\u2139 fail 1")))
                .contains(TestResults.counts(2, 1, 0, "TAP summary lines"));
    }

    @Test
    void eslint_errorsCountAsFailures() {
        assertThat(Summaries.read(List.of("/src/app.js", "  3:7  error  'x' is assigned a value but never used  no-unused-vars",
                "", "\u2716 12 problems (10 errors, 2 warnings)")))
                .contains(TestResults.counts(0, 10, 0, "ESLint summary line"));
    }

    @Test
    void noSummary_isEmpty() {
        assertThat(Summaries.read(List.of("sh: 1: eslint: not found", "make: *** [Makefile:2: test] Error 127"))).isEmpty();
    }
}
