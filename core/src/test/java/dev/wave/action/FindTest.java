package dev.wave.action;

import static dev.wave.action.Actions.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.run.ExecutionResult;
import dev.wave.testing.SampleRepo;
import org.junit.jupiter.api.Test;

final class FindTest extends SampleRepoTest {
    @Test
    void glob_listsMatchesIncludingTopLevelAndLinks_inTheLog_changingNothing() {
        ExecutionResult result = run(sample, "{name: find, glob: '**/*.py'}");

        assertThat(result.succeeded()).isTrue();
        assertThat(result.summary()).isEqualTo(
                "found 6 entries: image.py, latin1.py, link-file.py, src/a.py, src/nested/c.py and 1 more (see the task log)");
        assertThat(result.filesChanged()).isEmpty();
        assertThat(Actions.log(sample)).containsExactly("wave action: find entries **/*.py", "image.py", "latin1.py",
                "link-file.py", "src/a.py", "src/nested/c.py", "top.py", result.summary());
        assertThat(SampleRepo.changed(before, sample.snapshot())).isEmpty();
    }

    @Test
    void contains_listsTextFilesHoldingIt_skippingBinary() {
        ExecutionResult result = run(sample, "{name: find, contains: recieve}");

        assertThat(Actions.log(sample)).containsSubsequence("latin1.py", "src/a.py", "src/b.txt", "src/nested/c.py", "top.py");
        assertThat(result.summary()).isEqualTo("found 5 entries: latin1.py, src/a.py, src/b.txt, src/nested/c.py, top.py; "
                + "skipped 1 binary, non-UTF-8 or too large file");
    }

    @Test
    void typeDir_listsDirectoriesOnly_neverGitWaveOrLinks() {
        ExecutionResult result = run(sample, "{name: find, type: dir}");

        assertThat(Actions.log(sample).subList(1, 12)).containsExactly("__pycache__/", "empty/", "empty/a/", "empty/a/b/",
                "logs/", "logs/old/", "src/", "src/__pycache__/", "src/nested/", "vendor/", "vendor/lib/");
        assertThat(result.summary()).startsWith("found 11 directories: ");
    }

    @Test
    void pathsAndGlob_searchUnderThePathsOnly() {
        ExecutionResult result = run(sample, "{name: find, paths: [src], glob: '**/*.py', type: file}");

        assertThat(result.summary()).isEqualTo("found 2 files: src/a.py, src/nested/c.py");
    }

    @Test
    void regexContains_matchesByLine() {
        ExecutionResult result = run(sample, "{name: find, glob: 'src/**', contains: '^def ', regex: true}");

        assertThat(result.summary()).isEqualTo("found 1 entry: src/a.py");
    }

    @Test
    void missingPath_isReported() {
        ExecutionResult result = run(sample, "{name: find, paths: [nope]}");

        assertThat(result.succeeded()).isTrue();
        assertThat(result.summary()).isEqualTo("found 0 entries; not there: nope");
    }
}
