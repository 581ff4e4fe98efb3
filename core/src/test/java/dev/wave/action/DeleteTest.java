package dev.wave.action;

import static dev.wave.action.Actions.inRepo;
import static dev.wave.action.Actions.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.run.ExecutionResult;
import dev.wave.testing.SampleRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

final class DeleteTest extends SampleRepoTest {
    @Test
    void directoryGlob_deletesMatchingDirectoriesWithTheirContents_butNotInsideGit() {
        ExecutionResult result = run(sample, "{name: delete, glob: '**/__pycache__'}");

        assertThat(result.succeeded()).isTrue();
        assertThat(result.summary()).isEqualTo("deleted 2 files and 2 directories");
        assertThat(result.filesChanged())
                .containsExactly("__pycache__/", "__pycache__/m.pyc", "src/__pycache__/", "src/__pycache__/a.cpython.pyc");
        assertThat(SampleRepo.changed(before, sample.snapshot())).containsExactlyElementsOf(
                inRepo("__pycache__/", "__pycache__/m.pyc", "src/__pycache__/", "src/__pycache__/a.cpython.pyc"));
    }

    @Test
    void fileGlob_deletesMatchingFiles_notInGitWaveOrBehindLinks() {
        ExecutionResult result = run(sample, "{name: delete, glob: '**/*.log'}");

        assertThat(result.filesChanged()).containsExactly("logs/app.log", "logs/old/debug.log");
        assertThat(SampleRepo.changed(before, sample.snapshot()))
                .containsExactlyElementsOf(inRepo("logs/app.log", "logs/old/debug.log"));
    }

    @Test
    void globMatchingTheTopLevel_deletesWhatItMatches_notNothing() {
        ExecutionResult everything = run(sample, "{name: delete, glob: '*'}");

        assertThat(everything.succeeded()).isTrue();
        assertThat(everything.summary()).doesNotStartWith("deleted 0 files and 0 directories");
        assertThat(sample.repo.resolve("src")).doesNotExist();
        assertThat(sample.repo.resolve(".git")).isDirectory();
    }

    @Test
    void symlink_isDeletedAsALink_andItsTargetStays() {
        ExecutionResult result = run(sample, "{name: delete, paths: [link-out, link-file.py]}");

        assertThat(result.summary()).isEqualTo("deleted 2 files and 0 directories");
        assertThat(result.filesChanged()).containsExactly("link-file.py", "link-out");
        assertThat(SampleRepo.changed(before, sample.snapshot())).containsExactlyElementsOf(inRepo("link-file.py", "link-out"));
        assertThat(sample.outside.resolve("target.py")).exists();
    }

    @Test
    void pathBehindSymlinkToOutside_isRefused() {
        ExecutionResult result = run(sample, "{name: delete, paths: [link-out/sub]}");

        assertThat(result.succeeded()).isFalse();
        assertThat(result.summary()).startsWith("paths entry \"link-out/sub\" resolves outside the repository");
        assertThat(SampleRepo.changed(before, sample.snapshot())).isEmpty();
    }

    @Test
    void symlinkIntoGit_isRefused() throws Exception {
        Files.createSymbolicLink(sample.repo.resolve("git-link"), Path.of(".git"));
        before = sample.snapshot();

        ExecutionResult result = run(sample, "{name: delete, paths: [git-link/config.py]}");

        assertThat(result.summary())
                .isEqualTo("paths entry \"git-link/config.py\" resolves into .git through a symbolic link; wave never changes .git");
        assertThat(SampleRepo.changed(before, sample.snapshot())).isEmpty();
    }

    @Test
    void directoryHoldingGit_keepsTheGitEntryAndItsParents() {
        sample.write("repo/vendor/lib/code.py", "x\n");
        sample.write("repo/vendor/README", "x\n");
        before = sample.snapshot();

        ExecutionResult result = run(sample, "{name: delete, paths: [vendor]}");

        assertThat(result.summary()).isEqualTo(
                "deleted 2 files and 0 directories; kept vendor/lib/.git and the directories holding it (wave never deletes .git or .wave)");
        assertThat(result.filesChanged()).containsExactly("vendor/README", "vendor/lib/code.py");
        assertThat(sample.repo.resolve("vendor/lib/.git")).exists();
    }

    @Test
    void typeDir_deletesOnlyDirectories() {
        sample.write("repo/old", "a file named like the directory\n");
        before = sample.snapshot();

        ExecutionResult result = run(sample, "{name: delete, glob: '**/old', type: dir}");

        assertThat(result.filesChanged()).containsExactly("logs/old/", "logs/old/debug.log");
        assertThat(sample.repo.resolve("old")).exists();
    }

    @Test
    void missingPaths_areAlreadyDeleted() {
        ExecutionResult result = run(sample, "{name: delete, paths: [gone.txt, top.py]}");

        assertThat(result.succeeded()).isTrue();
        assertThat(result.summary()).isEqualTo("deleted 1 file and 0 directories; already gone: gone.txt");
    }

    @Test
    void noMatch_saysSo() {
        ExecutionResult result = run(sample, "{name: delete, glob: '**/*.tmp'}");

        assertThat(result.succeeded()).isTrue();
        assertThat(result.summary()).isEqualTo("deleted nothing: no entry matched **/*.tmp");
        assertThat(SampleRepo.changed(before, sample.snapshot())).isEmpty();
    }
}
