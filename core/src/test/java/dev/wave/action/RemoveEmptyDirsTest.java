package dev.wave.action;

import static dev.wave.action.Actions.inRepo;
import static dev.wave.action.Actions.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.run.ExecutionResult;
import dev.wave.testing.SampleRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

final class RemoveEmptyDirsTest extends SampleRepoTest {
    @Test
    void shortForm_removesNestedEmptyDirectoriesBottomUp_butNotInsideGit() {
        ExecutionResult result = run(sample, "remove-empty-dirs");

        assertThat(result.succeeded()).isTrue();
        assertThat(result.summary()).isEqualTo("removed 3 empty directories");
        assertThat(result.filesChanged()).containsExactly("empty/", "empty/a/", "empty/a/b/");
        assertThat(SampleRepo.changed(before, sample.snapshot())).containsExactlyElementsOf(inRepo("empty/", "empty/a/", "empty/a/b/"));
        assertThat(sample.repo.resolve(".git/empty")).isDirectory();
    }

    @Test
    void under_keepsTheUnderDirectoryItself() {
        ExecutionResult result = run(sample, "{name: remove-empty-dirs, under: empty/a}");

        assertThat(result.filesChanged()).containsExactly("empty/a/b/");
    }

    @Test
    void excludedDirectory_staysAndKeepsItsParents() {
        ExecutionResult result = run(sample, "{name: remove-empty-dirs, exclude: ['**/b']}");

        assertThat(result.summary()).isEqualTo("removed no directories: none was empty");
        assertThat(SampleRepo.changed(before, sample.snapshot())).isEmpty();
    }

    @Test
    void directoryHoldingOnlyALink_isNotEmpty() throws Exception {
        Files.createDirectories(sample.repo.resolve("links"));
        Files.createSymbolicLink(sample.repo.resolve("links/out"), Path.of("../../outside"));
        before = sample.snapshot();

        ExecutionResult result = run(sample, "{name: remove-empty-dirs}");

        assertThat(result.filesChanged()).containsExactly("empty/", "empty/a/", "empty/a/b/");
        assertThat(sample.repo.resolve("links")).isDirectory();
        assertThat(sample.outside).isDirectory();
    }

    @Test
    void underALink_isRefused() {
        ExecutionResult result = run(sample, "{name: remove-empty-dirs, under: [link-out]}");

        assertThat(result.succeeded()).isFalse();
        assertThat(result.summary())
                .isEqualTo("under \"link-out\" is a symbolic link, not a directory. Name a directory of the repository");
        assertThat(SampleRepo.changed(before, sample.snapshot())).isEmpty();
    }

    @Test
    void missingUnder_isReported() {
        ExecutionResult result = run(sample, "{name: remove-empty-dirs, under: [gone, empty]}");

        assertThat(result.summary()).isEqualTo("removed 2 empty directories; not there: gone");
    }
}
