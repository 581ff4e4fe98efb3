package dev.wave.action;

import static dev.wave.action.Actions.inRepo;
import static dev.wave.action.Actions.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.run.ExecutionResult;
import dev.wave.testing.SampleRepo;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

final class RenameTest extends SampleRepoTest {
    @Test
    void pattern_renamesFilesInPlace_usingGroups() {
        ExecutionResult result = run(sample, "{name: rename, paths: [src], pattern: '^(\\w+)\\.py$', to: 'test_$1.py'}");

        assertThat(result.succeeded()).isTrue();
        assertThat(result.summary()).isEqualTo("renamed 2 files (4 paths changed)");
        assertThat(result.filesChanged())
                .containsExactly("src/a.py", "src/nested/c.py", "src/nested/test_c.py", "src/test_a.py");
        assertThat(SampleRepo.changed(before, sample.snapshot())).containsExactlyElementsOf(
                inRepo("src/a.py", "src/nested/c.py", "src/nested/test_c.py", "src/test_a.py"));
        assertThat(Actions.log(sample)).contains("renamed src/a.py -> src/test_a.py");
    }

    @Test
    void directoryAndItsContents_renameTogether_recordingFinalPaths() {
        sample.write("repo/logs/old/old.txt", "x\n");
        before = sample.snapshot();

        ExecutionResult result = run(sample, "{name: rename, glob: 'logs/**', pattern: old, to: new, type: any}");

        assertThat(result.summary()).isEqualTo("renamed 1 directory and 1 file (6 paths changed)");
        assertThat(result.filesChanged()).containsExactly(
                "logs/new/", "logs/new/debug.log", "logs/new/new.txt", "logs/old/", "logs/old/debug.log", "logs/old/old.txt");
        assertThat(SampleRepo.changed(before, sample.snapshot())).containsExactlyElementsOf(inRepo(
                "logs/new/", "logs/new/debug.log", "logs/new/new.txt", "logs/old/", "logs/old/debug.log", "logs/old/old.txt"));
    }

    @Test
    void link_isRenamedItself_andItsTargetStays() throws Exception {
        ExecutionResult result = run(sample, "{name: rename, paths: [link-file.py], pattern: '\\.py$', to: .txt}");

        assertThat(result.filesChanged()).containsExactly("link-file.py", "link-file.txt");
        assertThat(Files.isSymbolicLink(sample.repo.resolve("link-file.txt"))).isTrue();
        assertThat(sample.outside.resolve("target.py")).exists();
    }

    @Test
    void takenName_failsWithNothingRenamed() {
        sample.write("repo/src/b.py", "x\n");
        before = sample.snapshot();

        ExecutionResult result = run(sample, "{name: rename, paths: [src], pattern: '^a', to: b}");

        assertThat(result.succeeded()).isFalse();
        assertThat(result.summary()).isEqualTo("renaming src/a.py to b.py would overwrite the existing src/b.py; "
                + "nothing was renamed. Move it away first or narrow the scope");
        assertThat(SampleRepo.changed(before, sample.snapshot())).isEmpty();
    }

    @Test
    void twoEntriesToOneName_failWithNothingRenamed() {
        ExecutionResult result = run(sample, "{name: rename, glob: 'src/*', pattern: '^.*$', to: same}");

        assertThat(result.succeeded()).isFalse();
        assertThat(result.summary()).startsWith("src/").contains(" would both be renamed to src/same; nothing was renamed");
        assertThat(SampleRepo.changed(before, sample.snapshot())).isEmpty();
    }

    @Test
    void nameGit_isRefused() {
        ExecutionResult result = run(sample, "{name: rename, paths: [vendor], type: dir, pattern: vendor, to: .git}");

        assertThat(result.summary()).isEqualTo("renaming vendor/ would name it \".git\", which cannot be a file name here; "
                + "nothing was renamed. Fix pattern or to");
        assertThat(SampleRepo.changed(before, sample.snapshot())).isEmpty();
    }

    @Test
    void directoryHoldingGit_isRefused() {
        ExecutionResult result = run(sample, "{name: rename, paths: [vendor], type: dir, pattern: vendor, to: third_party}");

        assertThat(result.summary()).isEqualTo("cannot rename vendor/: it holds vendor/lib/.git, and wave never changes "
                + ".git or .wave. Exclude it, or rename it with git");
        assertThat(SampleRepo.changed(before, sample.snapshot())).isEmpty();
    }

    @Test
    void noMatch_renamesNothing() {
        ExecutionResult result = run(sample, "{name: rename, pattern: '\\.jpeg$', to: .jpg}");

        assertThat(result.succeeded()).isTrue();
        assertThat(result.summary()).isEqualTo("renamed nothing: no selected name matched /\\.jpeg$/");
    }
}
