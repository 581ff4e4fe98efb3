package dev.wave.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.check.TestResults.Status;
import dev.wave.check.TestResults.TestId;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class JUnitReportsTest {
    @TempDir
    Path repository;

    @Test
    void read_surefireReport_failureAndErrorFailSkippedIsSkipped() throws Exception {
        Map<TestId, Status> tests = parse("TEST-com.example.CalculatorTest.xml");

        assertThat(tests).containsExactly(
                Map.entry(new TestId("com.example.CalculatorTest", "fetchesRates"), Status.FAILED),
                Map.entry(new TestId("com.example.CalculatorTest", "adds"), Status.PASSED),
                Map.entry(new TestId("com.example.CalculatorTest", "multiplies"), Status.SKIPPED),
                Map.entry(new TestId("com.example.CalculatorTest", "divides"), Status.FAILED));
    }

    @Test
    void read_gradleReport_namesKeepTheirParentheses() throws Exception {
        Map<TestId, Status> tests = parse("TEST-com.example.LibraryTest.xml");

        assertThat(tests).containsExactly(
                Map.entry(new TestId("com.example.LibraryTest", "someLibraryMethodReturnsTrue()"), Status.PASSED),
                Map.entry(new TestId("com.example.LibraryTest", "fetchesOverNetwork()"), Status.FAILED),
                Map.entry(new TestId("com.example.LibraryTest", "[1] 2, 4"), Status.PASSED),
                Map.entry(new TestId("com.example.LibraryTest", "notYet()"), Status.SKIPPED));
    }

    @Test
    void read_pytestJunitxml_readsEverySuiteOfTheTestsuitesRoot() throws Exception {
        Map<TestId, Status> tests = parse("pytest-junit.xml");

        assertThat(tests).containsExactly(
                Map.entry(new TestId("tests.test_net", "test_adds"), Status.PASSED),
                Map.entry(new TestId("tests.test_net", "test_network_a"), Status.FAILED),
                Map.entry(new TestId("tests.test_net", "test_later"), Status.SKIPPED),
                Map.entry(new TestId("tests.test_net.TestParse", "test_parses"), Status.PASSED),
                Map.entry(new TestId("tests.test_net.TestParse", "test_rejects"), Status.FAILED));
        assertThat(new TestId("tests.test_net.TestParse", "test_rejects")).hasToString("tests.test_net.TestParse.test_rejects");
    }

    @Test
    void read_surefireFlakyFailure_passedOnARerun() throws Exception {
        Map<TestId, Status> tests = new LinkedHashMap<>();
        JUnitReports.parse(stream("""
                <testsuite name="a.B" tests="1" flakes="1">
                  <testcase name="sometimes" classname="a.B"><flakyFailure message="boom"><stackTrace>x</stackTrace></flakyFailure></testcase>
                </testsuite>
                """), tests);

        assertThat(tests).containsExactly(Map.entry(new TestId("a.B", "sometimes"), Status.PASSED));
    }

    @Test
    void read_externalEntity_isRefusedAndNothingIsRead() throws IOException {
        Path secret = Files.writeString(repository.resolve("secret.txt"), "top secret");
        Path report = Files.writeString(repository.resolve("TEST-evil.xml"), """
                <?xml version="1.0"?>
                <!DOCTYPE testsuite [<!ENTITY leak SYSTEM "file://%s">]>
                <testsuite name="evil"><testcase classname="evil" name="&leak;"/></testsuite>
                """.formatted(secret));
        List<String> unreadable = new ArrayList<>();

        var results = JUnitReports.read(List.of(report), unreadable);

        assertThat(results).isEmpty();
        assertThat(unreadable).hasSize(1).allSatisfy(line -> assertThat(line).startsWith("TEST-evil.xml: ")
                .doesNotContain("top secret"));
    }

    @Test
    void written_onlyReportsTheCommandWroteOrRewrote() throws IOException {
        Path old = report("target/surefire-reports/TEST-a.OldTest.xml");
        Path rewritten = report("module/target/surefire-reports/TEST-a.RewrittenTest.xml");
        report("src/test/resources/TEST-fixture.xml"); // not in a report directory
        report("node_modules/x/build/test-results/test/TEST-x.xml"); // never searched
        Map<Path, JUnitReports.Stamp> before = JUnitReports.find(repository);

        Files.setLastModifiedTime(rewritten, FileTime.fromMillis(Files.getLastModifiedTime(rewritten).toMillis() + 5000));
        Path added = report("build/test-results/test/TEST-a.NewTest.xml");
        List<Path> written = JUnitReports.written(before, JUnitReports.find(repository));

        assertThat(before).containsOnlyKeys(old, rewritten);
        assertThat(written).containsExactly(added, rewritten);
    }

    private Path report(String relative) throws IOException {
        Path file = repository.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, "<testsuite/>");
    }

    private static Map<TestId, Status> parse(String fixture) throws Exception {
        Map<TestId, Status> tests = new LinkedHashMap<>();
        try (InputStream in = JUnitReportsTest.class.getResourceAsStream(fixture)) {
            JUnitReports.parse(in, tests);
        }
        return tests;
    }

    private static InputStream stream(String text) {
        return new java.io.ByteArrayInputStream(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
