package dev.wave.safety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.git.Git;
import dev.wave.testing.ScratchRepository;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class RollbackTest {
    @TempDir
    Path directory;

    @Test
    void backup_leavesIndexHeadBranchesAndFilesAsTheyWere() {
        ScratchRepository repository = ScratchRepository.messy(directory);
        ScratchRepository.State before = repository.state();

        BackupState state = backups(repository).create("run-1", Backup.Kind.RUN, Optional.empty());

        assertThat(repository.state()).isEqualTo(before);
        assertThat(repository.git("rev-parse", "refs/wave/backups/run-1").trim()).isEqualTo(state.backup().commit());
        assertThat(repository.git("ls-tree", "-r", "--name-only", state.backup().tree()))
                .contains("notes.txt", "staged-new.txt", "tool.sh", "untracked-link", "dangling", "src/app.py", "debug.log",
                        "build/out.bin", ".env")
                .doesNotContain("src/old.py");
        assertThat(repository.git("show", state.backup().tree() + ":src/app.py"))
                .isEqualTo("print('hello, staged and then modified')\n");
    }

    @Test
    void rollback_afterCreateChangeDeleteRenameChmodAndCommit_restoresEverythingExactly() {
        ScratchRepository repository = ScratchRepository.messy(directory);
        ScratchRepository.State before = repository.state();
        Backups backups = backups(repository);
        BackupState state = backups.create("run-1", Backup.Kind.RUN, Optional.empty());

        repository.write("created.txt", "new\n");
        repository.write("deep/new/dir/file.txt", "deep\n");
        repository.write("src/util.py", "changed by the run\n");
        repository.delete("README.md");
        repository.delete("notes.txt");
        repository.git("mv", "docs/guide.md", "docs/renamed.md");
        repository.permissions("tool.sh", "rw-r--r--");
        repository.permissions("secret.txt", "rw-r--r--");
        repository.executable("src/app.py");
        repository.delete("latest");
        repository.write("latest", "a file where a link was\n");
        repository.delete("crlf.txt");
        repository.write("crlf.txt/inside.txt", "a directory where a file was\n");
        repository.git("add", "-A");
        repository.git("commit", "-q", "-m", "the run committed");
        repository.git("checkout", "-q", "-b", "run-branch");
        repository.write("after-commit.txt", "more\n");
        repository.directory("made/empty/by-the-run");
        try {
            java.nio.file.Files.delete(repository.path("empty/nested"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertThat(repository.state()).isNotEqualTo(before);

        RollbackResult result = new Rollback(git(repository), backups).restore(state, "undo-1");

        assertThat(result.checks()).allSatisfy(check -> assertThat(check.passed()).as(check.name() + ": " + check.detail()).isTrue());
        assertThat(result.conflicts()).isEmpty();
        assertThat(repository.state()).isEqualTo(before);
    }

    @Test
    void rollback_whenRunHidFilesBehindANewIgnoreRule_removesThemToo() {
        ScratchRepository repository = ScratchRepository.messy(directory);
        ScratchRepository.State before = repository.state();
        Backups backups = backups(repository);
        BackupState state = backups.create("run-1", Backup.Kind.RUN, Optional.empty());

        repository.write(".gitignore", "*.log\nbuild/\n.env\n*.tmp\n");
        repository.write("hidden.tmp", "created while ignored\n");
        assertThat(repository.state().files()).containsKey("hidden.tmp");

        RollbackResult result = new Rollback(git(repository), backups).restore(state, "undo-1");

        assertThat(result.verified()).isTrue();
        assertThat(repository.state()).isEqualTo(before);
    }

    @Test
    void rollback_restoresIgnoredFilesTheBackupHolds() {
        ScratchRepository repository = ScratchRepository.messy(directory);
        Backups backups = backups(repository);
        BackupState state = backups.create("run-1", Backup.Kind.RUN, Optional.empty());

        repository.write("debug.log", "the run wrote to an ignored file\n");
        repository.write("build/new.o", "new ignored file\n");
        repository.write("src/util.py", "changed\n");

        RollbackResult result = new Rollback(git(repository), backups).restore(state, "undo-1");

        assertThat(result.verified()).isTrue();
        assertThat(repository.read("debug.log")).isEqualTo("ignored log\n");
        assertThat(repository.path("build/new.o")).doesNotExist();
        assertThat(repository.read("src/util.py")).isEqualTo("def util():\n    return 2\n");
    }

    @Test
    void rollback_canItselfBeUndone() {
        ScratchRepository repository = ScratchRepository.messy(directory);
        Backups backups = backups(repository);
        BackupState state = backups.create("run-1", Backup.Kind.RUN, Optional.empty());
        repository.write("work.txt", "valuable work of the run\n");
        repository.git("add", "work.txt");
        ScratchRepository.State afterRun = repository.state();

        RollbackResult rollback = new Rollback(git(repository), backups).restore(state, "undo-1");
        RollbackResult undo = new Rollback(git(repository), backups).restore(backups.load("undo-1").orElseThrow(), "undo-2");

        assertThat(rollback.verified()).isTrue();
        assertThat(undo.verified()).isTrue();
        assertThat(repository.state()).isEqualTo(afterRun);
    }

    @Test
    void rollback_inRepositoryWithoutCommits_restoresUnbornBranch() {
        ScratchRepository repository = ScratchRepository.empty(directory);
        repository.write("first.txt", "first\n");
        repository.git("add", "first.txt");
        repository.write("second.txt", "second\n");
        ScratchRepository.State before = repository.state();
        Backups backups = backups(repository);
        BackupState state = backups.create("run-1", Backup.Kind.RUN, Optional.empty());
        repository.git("add", "-A");
        repository.git("commit", "-q", "-m", "run commit");
        repository.write("third.txt", "third\n");

        RollbackResult result = new Rollback(git(repository), backups).restore(state, "undo-1");

        assertThat(result.verified()).isTrue();
        assertThat(repository.state()).isEqualTo(before);
    }

    private static Backups backups(ScratchRepository repository) {
        return new Backups(git(repository), Clock.systemUTC());
    }

    private static Git git(ScratchRepository repository) {
        return Git.open(repository.root()).orElseThrow();
    }
}
