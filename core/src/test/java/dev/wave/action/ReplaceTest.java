package dev.wave.action;

import static dev.wave.action.Actions.inRepo;
import static dev.wave.action.Actions.run;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.run.ExecutionResult;
import dev.wave.testing.SampleRepo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

final class ReplaceTest extends SampleRepoTest {
    @Test
    void literal_changesOnlyTextFilesInScope_andSkipsGitLinksOutsideAndBinary() throws IOException {
        ExecutionResult result = run(sample, "{name: replace, glob: '**/*.py', find: recieve, with: receive}");

        assertThat(result.succeeded()).isTrue();
        assertThat(result.summary())
                .isEqualTo("replaced 6 occurrences in 4 files (searched 5 files; skipped 1 binary, 1 symbolic link)");
        assertThat(result.filesChanged()).containsExactly("latin1.py", "src/a.py", "src/nested/c.py", "top.py");
        assertThat(SampleRepo.changed(before, sample.snapshot()))
                .containsExactlyElementsOf(inRepo("latin1.py", "src/a.py", "src/nested/c.py", "top.py"));
        assertThat(sample.read("src/a.py")).isEqualTo("def receive():\n    return 'receive'\n");
        assertThat(Files.readString(sample.repo.resolve("latin1.py"), ISO_8859_1)).isEqualTo("café receive\n");
        assertThat(Files.readString(sample.outside.resolve("target.py"))).isEqualTo("recieve\n");
        assertThat(Files.readString(sample.repo.resolve(".git/config.py"))).isEqualTo("recieve\n");
    }

    @Test
    void replace_keepsTheFileMode_andLeavesNoTemporaryFile() throws IOException {
        Path readOnly = sample.repo.resolve("top.py");
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r--r-----"));
        before = sample.snapshot();

        ExecutionResult result = run(sample, "{name: replace, paths: [top.py, src/a.py], find: recieve, with: receive}");

        assertThat(result.succeeded()).isTrue();
        assertThat(Files.getPosixFilePermissions(readOnly)).isEqualTo(PosixFilePermissions.fromString("r--r-----"));
        assertThat(Files.getPosixFilePermissions(sample.repo.resolve("src/a.py")))
                .isEqualTo(PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(SampleRepo.changed(before, sample.snapshot())).containsExactlyElementsOf(inRepo("src/a.py", "top.py"));
    }

    @Test
    void regex_usesGroups_andCountsEveryMatch() {
        ExecutionResult result = run(sample,
                "{name: replace, glob: 'src/**/*.py', find: 'rec(ie)ve', with: 'rec$1ved', regex: true}");

        assertThat(result.summary()).isEqualTo("replaced 4 occurrences in 2 files (searched 2 files)");
        assertThat(result.filesChanged()).containsExactly("src/a.py", "src/nested/c.py");
        assertThat(sample.read("src/nested/c.py")).isEqualTo("recieved recieved\n");
    }

    @Test
    void regex_anchorsMatchAtLineStarts() {
        run(sample, "{name: replace, paths: [src/a.py], find: '^', with: '# ', regex: true}");

        assertThat(sample.read("src/a.py")).isEqualTo("# def recieve():\n#     return 'recieve'\n");
    }

    @Test
    void regex_skipsFilesThatAreNotUtf8() throws IOException {
        ExecutionResult result = run(sample, "{name: replace, glob: '*.py', find: 'rec.eve', with: receive, regex: true}");

        assertThat(result.summary())
                .isEqualTo("replaced 1 occurrence in 1 file (searched 3 files; skipped 1 binary, 1 not UTF-8, 1 symbolic link)");
        assertThat(result.filesChanged()).containsExactly("top.py");
        assertThat(Files.readString(sample.repo.resolve("latin1.py"), ISO_8859_1)).isEqualTo("café recieve\n");
    }

    @Test
    void multibyteText_isReplacedAndCounted() throws IOException {
        sample.write("repo/docs/naive.md", "naïve – naïve\n");

        ExecutionResult result = run(sample, "{name: replace, paths: [docs], find: naïve, with: ''}");

        assertThat(result.summary()).isEqualTo("replaced 2 occurrences in 1 file (searched 1 file)");
        assertThat(sample.read("docs/naive.md")).isEqualTo(" – \n");
    }

    @Test
    void directoryPath_coversEveryFileUnderIt_exceptExcluded() {
        ExecutionResult result = run(sample,
                "{name: replace, paths: [src/], exclude: ['**/nested'], find: recieve, with: receive}");

        assertThat(result.filesChanged()).containsExactly("src/a.py", "src/b.txt");
        assertThat(SampleRepo.changed(before, sample.snapshot())).containsExactlyElementsOf(inRepo("src/a.py", "src/b.txt"));
    }

    @Test
    void pathThroughSymlinkToOutside_failsAndChangesNothing() {
        ExecutionResult result = run(sample, "{name: replace, paths: [top.py, link-out/target.py], find: recieve, with: x}");

        assertThat(result.succeeded()).isFalse();
        assertThat(result.summary()).isEqualTo("paths entry \"link-out/target.py\" resolves outside the repository, "
                + "through a symbolic link to " + sample.outside.toAbsolutePath() + ". wave changes files inside the repository only");
        assertThat(result.filesChanged()).isEmpty();
        assertThat(SampleRepo.changed(before, sample.snapshot())).isEmpty();
    }

    @Test
    void pathThatIsASymlink_isSkipped() {
        ExecutionResult result = run(sample, "{name: replace, paths: [link-file.py], find: recieve, with: x}");

        assertThat(result.succeeded()).isTrue();
        assertThat(result.summary()).isEqualTo("replaced 0 occurrences in 0 files (searched 0 files; skipped 1 symbolic link)");
        assertThat(SampleRepo.changed(before, sample.snapshot())).isEmpty();
    }

    @Test
    void missingPath_failsBeforeChangingAnything() {
        ExecutionResult result = run(sample, "{name: replace, paths: [top.py, nope.py], find: recieve, with: x}");

        assertThat(result.succeeded()).isFalse();
        assertThat(result.summary())
                .isEqualTo("paths entry \"nope.py\" does not exist, so nothing was replaced. Fix the path or remove it");
        assertThat(SampleRepo.changed(before, sample.snapshot())).isEmpty();
    }

    @Test
    void log_listsEachChangedFile_thenTheSummary() {
        run(sample, "{name: replace, glob: 'src/**', find: recieve, with: receive}");

        assertThat(Actions.log(sample)).containsExactly(
                "wave action: replace \"recieve\" with \"receive\" in src/**",
                "replaced 2 occurrences in src/a.py",
                "replaced 1 occurrence in src/b.txt",
                "replaced 2 occurrences in src/nested/c.py",
                "replaced 5 occurrences in 3 files (searched 4 files)");
    }
}
