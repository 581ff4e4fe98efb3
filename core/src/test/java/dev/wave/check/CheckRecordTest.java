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
import org.junit.jupiter.api.io.TempDir;

/** check/check.json is what a resumed run compares with: the baseline reads back as it was taken. */
final class CheckRecordTest {
    @TempDir
    Path directory;

    @Test
    void aBaselineReadPerTest_readsBackEqual_andComparesAsBefore() {
        Map<TestId, Status> tests = new LinkedHashMap<>();
        tests.put(new TestId("tests.test_a", "test_one"), Status.PASSED);
        tests.put(new TestId("tests.test_a", "test_two"), Status.FAILED);
        tests.put(new TestId("", "tests.test_b"), Status.SKIPPED);
        TestRun run = new TestRun("python3 -m pytest", Optional.of(1), "1 failed, 1 passed, 1 skipped in 0.20s",
                Optional.of(TestResults.perTest(tests, "1 JUnit XML report")), 200, directory.resolve("baseline.log"),
                List.of("broken.xml: not XML"));
        Baseline taken = new Baseline(run);
        CheckCommand command = new CheckCommand("python3 -m pytest", "detected: pytest");

        CheckRecord.write(directory.resolve("check.json"), command, taken, Optional.empty());
        CheckRecord.Recorded read = CheckRecord.read(directory.resolve("check.json")).orElseThrow();

        assertThat(read.command()).isEqualTo(command);
        assertThat(read.baseline()).isEqualTo(taken);
    }

    @Test
    void aBaselineWithCountsOnly_orNoResults_readsBackEqual() {
        for (Optional<TestResults> results : List.of(Optional.of(TestResults.counts(3, 1, 0, "pytest summary lines")),
                Optional.<TestResults>empty())) {
            Baseline taken = new Baseline(new TestRun("make test", Optional.of(0), "ok", results, 1500,
                    directory.resolve("baseline.log"), List.of()));

            CheckRecord.write(directory.resolve("check.json"), new CheckCommand("make test", "--verify"), taken,
                    Optional.empty());

            assertThat(CheckRecord.read(directory.resolve("check.json")).orElseThrow().baseline()).isEqualTo(taken);
        }
    }

    @Test
    void noRecord_readsAsNone() {
        assertThat(CheckRecord.read(directory.resolve("check.json"))).isEmpty();
    }
}
