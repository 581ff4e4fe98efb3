package dev.wave.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wave.WaveException;
import dev.wave.git.Git;
import dev.wave.testing.ScratchRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reproductions of issue 8, one by one, below the command line. */
final class Issue8Test {
    @TempDir
    Path directory;

    @TempDir
    Path elsewhere;

    @Test
    void rollback_assumeUnchangedFileDeleted_bringsItsLocalContentBack() {
        ScratchRepository repository = ScratchRepository.messy(directory);
        repository.write("config.ini", "user=me\n");
        repository.git("add", "config.ini");
        repository.git("commit", "-q", "-m", "config");
        repository.git("update-index", "--assume-unchanged", "config.ini");
        repository.write("config.ini", "user=me\npassword=only here\n");
        ScratchRepository.State before = repository.state();
        Backups backups = backups(repository);
        BackupState backup = backups.create("run-1", Backup.Kind.RUN, Optional.empty());

        repository.delete("config.ini");
        RollbackResult result = rollback(repository, backups, backup);

        assertThat(result.outcome()).isInstanceOf(RollbackOutcome.Verified.class);
        assertThat(repository.read("config.ini")).isEqualTo("user=me\npassword=only here\n");
        assertThat(repository.state()).isEqualTo(before);
    }

    @Test
    void backup_sparseCheckoutWithTextAuto_isTakenAndRestoresSkipWorktreeContent() {
        ScratchRepository repository = ScratchRepository.messy(directory);
        repository.write(".gitattributes", "* text=auto\n");
        repository.write("outside-cone/data.txt", "one\r\ntwo\r\n");
        repository.git("add", "-A");
        repository.git("commit", "-q", "-m", "attributes");
        repository.git("sparse-checkout", "set", "--no-cone", "/*", "!/outside-cone/");
        repository.write("outside-cone/data.txt", "written by hand although sparse\r\n");
        ScratchRepository.State before = repository.state();
        Backups backups = backups(repository);
        BackupState backup = backups.create("run-1", Backup.Kind.RUN, Optional.empty());

        repository.delete("outside-cone/data.txt");
        repository.write("src/app.py", "changed\r\n");
        RollbackResult result = rollback(repository, backups, backup);

        assertThat(result.verified()).isTrue();
        assertThat(repository.read("outside-cone/data.txt")).isEqualTo("written by hand although sparse\r\n");
        assertThat(repository.state()).isEqualTo(before);
    }

    @Test
    void backup_ignoredEntriesOverTheCapAndDependencyTrees_areNamedWithSizesAndLeftAlone() {
        ScratchRepository repository = ScratchRepository.messy(directory);
        repository.write(".gitignore", "*.log\nbuild/\n.env\nnode_modules/\ndist/\n");
        repository.write("node_modules/left-pad/index.js", "module.exports = 1;\n");
        repository.write("dist/bundle.js", "x".repeat(4000));
        Backups backups = backups(repository);
        BackupState backup = backups.create("run-1", Backup.Kind.RUN, Optional.empty(), 1000);

        assertThat(backup.coverage().gaps()).extracting(BackupCoverage.Gap::describe)
                .containsExactly("dist/ (ignored, over backup_ignored_max, 3.9 KiB)", "node_modules/ (ignored dependency tree)");
        assertThat(backup.coverage().gapsSentence()).isEqualTo(" Not backed up, so a rollback leaves them as they are: "
                + "dist/ (ignored, over backup_ignored_max, 3.9 KiB), node_modules/ (ignored dependency tree).");
        assertThat(SafetyNet.coverage(repository.root(), 1000)).contains(backup.coverage());

        repository.write("dist/bundle.js", "changed by the run");
        repository.write(".env", "TOKEN=changed by the run\n");
        RollbackResult result = rollback(repository, backups, backup);

        assertThat(result.verified()).isTrue();
        assertThat(repository.read("dist/bundle.js")).isEqualTo("changed by the run");
        assertThat(repository.read(".env")).isEqualTo("TOKEN=ignored\n");
        assertThat(repository.read("node_modules/left-pad/index.js")).isEqualTo("module.exports = 1;\n");
    }

    @Test
    void rollback_nestedRepositoryRemoved_comesBackWithItsHistory() {
        ScratchRepository repository = ScratchRepository.messy(directory);
        ScratchRepository nested = ScratchRepository.empty(repository.path("vendor"));
        nested.write("lib.py", "lib = 1\n");
        nested.git("add", "-A");
        nested.git("commit", "-q", "-m", "nested history");
        String nestedHead = nested.git("rev-parse", "HEAD");
        Backups backups = backups(repository);
        BackupState backup = backups.create("run-1", Backup.Kind.RUN, Optional.empty());

        deleteTree(repository.path("vendor"));
        RollbackResult result = rollback(repository, backups, backup);

        assertThat(backup.coverage().nestedRepositories()).containsExactly("vendor");
        assertThat(result.verified()).isTrue();
        assertThat(nested.git("rev-parse", "HEAD")).isEqualTo(nestedHead);
        assertThat(nested.git("log", "--format=%s")).isEqualTo("nested history\n");
        assertThat(nested.git("status", "--porcelain")).isEmpty();
    }

    @Test
    void rollback_tagsDeletedAndStashPopped_areRestoredWithEveryStashEntry() {
        ScratchRepository repository = ScratchRepository.messy(directory);
        repository.git("tag", "v1");
        repository.git("tag", "-a", "-m", "release", "v1-annotated");
        repository.git("stash", "push", "-q", "-m", "first");
        repository.write("README.md", "second stash\n");
        repository.git("stash", "push", "-q", "-m", "second");
        String stashes = repository.git("stash", "list");
        ScratchRepository.State before = repository.state();
        Backups backups = backups(repository);
        BackupState backup = backups.create("run-1", Backup.Kind.RUN, Optional.empty());

        repository.git("tag", "-d", "v1", "v1-annotated");
        repository.git("stash", "pop", "-q");
        repository.git("stash", "drop", "-q");
        RollbackResult result = rollback(repository, backups, backup);

        assertThat(result.verified()).isTrue();
        assertThat(repository.git("stash", "list")).isEqualTo(stashes);
        assertThat(repository.git("cat-file", "-t", "v1-annotated")).isEqualTo("tag\n");
        assertThat(repository.state()).isEqualTo(before);
    }

    @Test
    void rollback_branchMovedInAnotherWorktree_isLeftAloneAndReported() {
        ScratchRepository repository = ScratchRepository.messy(directory);
        repository.git("checkout", "-q", "-b", "work");
        Path other = elsewhere.resolve("main-worktree");
        repository.git("worktree", "add", "-q", other.toString(), "main");
        Backups backups = backups(repository);
        BackupState backup = backups.create("run-1", Backup.Kind.RUN, Optional.empty());

        ScratchRepository.open(other).write("user.txt", "the user's own commit\n");
        ScratchRepository.open(other).git("add", "user.txt");
        ScratchRepository.open(other).git("commit", "-q", "-m", "user commit in another worktree");
        String userCommit = repository.git("rev-parse", "main");
        repository.write("run.txt", "the run's\n");
        RollbackResult result = rollback(repository, backups, backup);

        assertThat(repository.git("rev-parse", "main")).isEqualTo(userCommit);
        assertThat(result.verified()).isTrue();
        assertThat(result.leftAlone()).singleElement().asString()
                .startsWith("main: checked out in another work tree and moved there since the backup");
        assertThat(repository.path("run.txt")).doesNotExist();
    }

    @Test
    void rollback_fileReplacedByLinkToAPrivateFileOutside_neverChangesItsMode() throws Exception {
        ScratchRepository repository = ScratchRepository.messy(directory);
        Path key = elsewhere.resolve("id_rsa");
        Files.writeString(key, "private\n");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        Backups backups = backups(repository);
        BackupState backup = backups.create("run-1", Backup.Kind.RUN, Optional.empty());

        repository.delete("README.md");
        repository.link("README.md", key.toString());
        repository.delete("secret.txt");
        repository.link("secret.txt", key.toString());
        RollbackResult result = rollback(repository, backups, backup);

        assertThat(result.verified()).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(Files.readString(key)).isEqualTo("private\n");
        assertThat(repository.read("README.md")).isEqualTo("# project\n");
    }

    @Test
    void newestRunBackup_afterACrashDuringWaveZero_refusesToFallBackToAnOlderRun() throws Exception {
        ScratchRepository repository = ScratchRepository.messy(directory);
        Backups backups = backups(repository);
        backups.create("20260101-000000-aaaa", Backup.Kind.RUN, Optional.empty());
        Files.writeString(backups.directory().resolve("20260101-000100-bbbb.pending"), "run 2999-01-01T00:00:00Z\n");
        SafetyNet safety = SafetyNet.open(repository.root(), SafetyOptions.defaults(), Clock.systemUTC());

        assertThatThrownBy(safety::newestRunBackup)
                .isInstanceOf(WaveException.class)
                .hasMessage("the newest run, 20260101-000100-bbbb, stopped during Wave 0 before its backup was complete, so it "
                        + "ran no task; the newest complete backup, 20260101-000000-aaaa, is an older run's and would undo "
                        + "that run too. Nothing was changed. Name the backup to restore: 'wave rollback --list', then "
                        + "'wave rollback ID'.")
                .extracting(e -> ((WaveException) e).kind()).isEqualTo(WaveException.ErrorKind.UNSAFE_STATE);
        assertThat(safety.unfinishedBackups()).containsOnlyKeys("20260101-000100-bbbb");
    }

    @Test
    void open_waveDirectoryIsASymbolicLink_refusesInOneLine() {
        ScratchRepository repository = ScratchRepository.messy(directory);
        repository.link(".wave", elsewhere.toString());

        assertThatThrownBy(() -> SafetyNet.open(repository.root(), SafetyOptions.defaults(), Clock.systemUTC()))
                .isInstanceOf(WaveException.class)
                .hasMessage(repository.path(".wave") + " is a symbolic link (to " + elsewhere + "), so wave's run files would "
                        + "be written wherever it points. Remove the link (git rm .wave if it is committed) and run again.");
        assertThat(elsewhere).isEmptyDirectory();
    }

    @Test
    void lock_whenATaskDeletesTheWaveDirectory_stillKeepsASecondRunOut() throws Exception {
        ScratchRepository repository = ScratchRepository.messy(directory);
        SafetyNet safety = SafetyNet.open(repository.root(), SafetyOptions.defaults(), Clock.systemUTC());
        try (RunLock lock = safety.lock("run-a", "run")) {
            Files.createDirectories(repository.path(".wave/runs"));
            deleteTree(repository.path(".wave"));

            assertThat(lock.file()).isEqualTo(Git.open(repository.root()).orElseThrow().gitDirectory().resolve("wave/run.lock"));
            assertThatThrownBy(() -> safety.lock("run-b", "run")).isInstanceOf(WaveException.class)
                    .hasMessageContaining("another wave run is in progress");
        }
    }

    @Test
    void rollback_somethingItCannotRestore_isNotVerifiedAndListsThePath() throws Exception {
        ScratchRepository repository = ScratchRepository.messy(directory);
        Process mkfifo = new ProcessBuilder("mkfifo", repository.path("pipe").toString()).start();
        assertThat(mkfifo.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(mkfifo.exitValue()).isZero();
        Backups backups = backups(repository);
        BackupState backup = backups.create("run-1", Backup.Kind.RUN, Optional.empty());

        repository.delete("pipe");
        RollbackResult result = rollback(repository, backups, backup);

        assertThat(result.outcome()).isInstanceOfSatisfying(RollbackOutcome.NotVerified.class, outcome ->
                assertThat(outcome.differences()).containsExactly(
                        new RollbackOutcome.Difference("working tree", "pipe", "special file", "nothing")));
        assertThat(result.verified()).isFalse();
    }

    private static RollbackResult rollback(ScratchRepository repository, Backups backups, BackupState backup) {
        return new Rollback(Git.open(repository.root()).orElseThrow(), backups).restore(backup, "undo-1");
    }

    private static Backups backups(ScratchRepository repository) {
        return new Backups(Git.open(repository.root()).orElseThrow(), Clock.systemUTC());
    }

    private static void deleteTree(Path path) {
        try {
            MessyRepositoryTest.deleteTree(path);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
