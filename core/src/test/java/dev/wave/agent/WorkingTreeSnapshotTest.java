package dev.wave.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.git.Git;
import dev.wave.testing.ScratchRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
final class WorkingTreeSnapshotTest {
    @TempDir
    Path directory;

    @Test
    void theSnapshotHoldsTheWorkingTreeAsItIs_andLeavesIndexHeadAndBranchesAlone() throws Exception {
        ScratchRepository repository = ScratchRepository.messy(directory.resolve("repo"));
        repository.write(".wave/runs/x/log.txt", "wave's own\n");
        String head = repository.git("rev-parse", "HEAD").strip();
        String status = repository.git("status", "--porcelain", "--untracked-files=all");
        String branches = repository.git("for-each-ref", "refs/heads", "refs/tags");
        byte[] index = Files.readAllBytes(repository.path(".git/index"));

        String commit = WorkingTreeSnapshot.commit(Git.open(repository.root()).orElseThrow(), "run-1");

        assertThat(repository.git("show", commit + ":src/app.py")).isEqualTo("print('hello, staged and then modified')\n");
        assertThat(repository.git("show", commit + ":notes.txt")).isEqualTo("untracked notes\n");
        assertThat(repository.git("ls-tree", "-r", "--name-only", commit)).doesNotContain("src/old.py", "debug.log", ".wave/");
        assertThat(repository.git("rev-parse", commit + "^").strip()).as("its parent is HEAD").isEqualTo(head);
        assertThat(repository.git("rev-parse", WorkingTreeSnapshot.REF_PREFIX + "run-1").strip()).isEqualTo(commit);
        assertThat(repository.git("rev-parse", "HEAD").strip()).isEqualTo(head);
        assertThat(repository.git("status", "--porcelain", "--untracked-files=all")).isEqualTo(status);
        assertThat(repository.git("for-each-ref", "refs/heads", "refs/tags")).isEqualTo(branches);
        assertThat(Files.readAllBytes(repository.path(".git/index"))).isEqualTo(index);
        try (var scratch = Files.list(repository.path(".git/wave/tmp"))) {
            assertThat(scratch).as("no temporary index left").isEmpty();
        }
    }

    @Test
    void aRepositoryThatIgnoresDotWave_isSnapshotToo() throws Exception {
        ScratchRepository repository = ScratchRepository.empty(directory.resolve("repo"));
        repository.write(".gitignore", ".wave/\n");
        repository.write("a.txt", "a\n");
        repository.git("add", "-A");
        repository.git("commit", "-q", "-m", "base");
        repository.write(".wave/runs/x/log.txt", "wave's own\n");
        repository.write("b.txt", "b\n");

        String commit = WorkingTreeSnapshot.commit(Git.open(repository.root()).orElseThrow(), "run-1");

        assertThat(repository.git("ls-tree", "-r", "--name-only", commit)).isEqualTo(".gitignore\na.txt\nb.txt\n");
    }
}
