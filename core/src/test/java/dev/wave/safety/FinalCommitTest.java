package dev.wave.safety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.git.Git;
import dev.wave.testing.ScratchRepository;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class FinalCommitTest {
    @TempDir
    Path directory;

    @Test
    void commit_inRepositoryWithoutCommits_makesTheRootCommitOnTheUnbornBranch() {
        ScratchRepository repository = ScratchRepository.empty(directory);
        repository.write("user.txt", "the user's, untracked\n");
        BackupState start = start(repository);
        repository.write("made.txt", "by the run\n");

        CommitResult result = commit(repository, start, "wave: first", files -> files + " files", Optional.empty());

        assertThat(result.committed()).isTrue();
        assertThat(result.branch()).contains("main");
        assertThat(repository.git("rev-list", "--count", "HEAD").trim()).isEqualTo("1");
        assertThat(repository.git("show", "--name-only", "--format=%s%n%b", "HEAD")).isEqualTo("wave: first\n1 files\n\nmade.txt\n");
        assertThat(repository.git("status", "--porcelain")).isEqualTo("?? user.txt\n");
    }

    @Test
    void commit_onDetachedHead_movesHeadOnly() {
        ScratchRepository repository = ScratchRepository.messy(directory);
        repository.git("checkout", "-q", "--detach");
        String main = repository.git("rev-parse", "main").trim();
        BackupState start = start(repository);
        repository.write("made.txt", "by the run\n");

        CommitResult result = commit(repository, start, "wave: detached", files -> "", Optional.empty());

        assertThat(result.branch()).isEmpty();
        assertThat(result.note()).contains("on a detached HEAD");
        assertThat(repository.git("rev-parse", "HEAD^").trim()).isEqualTo(main);
        assertThat(repository.git("rev-parse", "main").trim()).isEqualTo(main);
    }

    @Test
    void commit_fileReplacedByDirectoryAndDeletions_areCommittedAndTheIndexMatches() {
        ScratchRepository repository = ScratchRepository.messy(directory);
        String userIndex = repository.git("diff", "--cached", "--name-status");
        BackupState start = start(repository);
        repository.delete("docs/guide.md");
        repository.directory("docs/guide.md");
        repository.write("docs/guide.md/part1.md", "part one\n");
        repository.delete("README.md");

        CommitResult result = commit(repository, start, "wave: restructure", files -> "", Optional.empty());

        assertThat(result.filesChanged()).isEqualTo(3);
        assertThat(repository.git("show", "--name-status", "--format=", "HEAD"))
                .isEqualTo("D\tREADME.md\nD\tdocs/guide.md\nA\tdocs/guide.md/part1.md\n");
        assertThat(repository.git("diff", "--cached", "--name-status")).isEqualTo(userIndex);
        assertThat(repository.git("status", "--porcelain=v2")).doesNotContain("README.md", "guide.md");
    }

    @Test
    void commit_repositoryWithEmptyIdentity_usesWavesFallback() {
        ScratchRepository repository = ScratchRepository.messy(directory);
        repository.git("config", "user.name", "");
        repository.git("config", "user.email", "");
        Git git = git(repository);
        BackupState start = start(repository);
        repository.write("made.txt", "by the run\n");

        CommitResult result = commit(repository, start, "wave: identity", files -> "", Optional.empty());

        assertThat(git.usesFallbackIdentity()).isTrue();
        assertThat(result.committed()).isTrue();
        assertThat(repository.git("log", "-1", "--format=%an <%ae>")).isEqualTo("wave <wave@localhost>\n");
    }

    @Test
    void commit_repositoryWithANameButAnEmptyEmail_keepsTheName_andFallsBackForTheEmailOnly() {
        ScratchRepository repository = ScratchRepository.messy(directory);
        repository.git("config", "user.email", "");
        Git git = git(repository);
        BackupState start = start(repository);
        repository.write("made.txt", "by the run\n");

        CommitResult result = commit(repository, start, "wave: identity", files -> "", Optional.empty());

        assertThat(git.usesFallbackIdentity()).isTrue();
        assertThat(result.committed()).isTrue();
        assertThat(repository.git("log", "-1", "--format=%an <%ae>")).isEqualTo("Test User <wave@localhost>\n");
    }

    @Test
    void open_repositoryWithAnIdentity_usesIt() {
        ScratchRepository repository = ScratchRepository.messy(directory);

        assertThat(git(repository).usesFallbackIdentity()).isFalse();
    }

    @Test
    void commit_runChangedNothing_commitsNothing() {
        ScratchRepository repository = ScratchRepository.messy(directory);
        String head = repository.git("rev-parse", "HEAD");
        BackupState start = start(repository);

        CommitResult result = commit(repository, start, "wave: nothing", files -> "", Optional.empty());

        assertThat(result.committed()).isFalse();
        assertThat(result.note()).isEqualTo("nothing to commit: the run changed no files");
        assertThat(repository.git("rev-parse", "HEAD")).isEqualTo(head);
    }

    @Test
    void commit_userUnstagedEditInTheSameFile_staysUncommittedAndUnstaged() {
        ScratchRepository repository = ScratchRepository.empty(directory);
        repository.write("app.conf", "name=app\n\n\n\n\n\nport=80\n");
        repository.git("add", "-A");
        repository.git("commit", "-q", "-m", "initial");
        repository.write("app.conf", "name=app\npassword=hunter2\n\n\n\n\n\nport=80\n");
        BackupState start = start(repository);
        repository.write("app.conf", "name=app\npassword=hunter2\n\n\n\n\n\nport=8080\n");

        CommitResult result = commit(repository, start, "wave: port", files -> "", Optional.empty());

        assertThat(result.committed()).isTrue();
        assertThat(repository.git("show", "HEAD:app.conf")).isEqualTo("name=app\n\n\n\n\n\nport=8080\n");
        assertThat(repository.read("app.conf")).isEqualTo("name=app\npassword=hunter2\n\n\n\n\n\nport=8080\n");
        assertThat(repository.git("diff", "--cached")).isEmpty();
        assertThat(repository.git("diff")).contains("+password=hunter2").doesNotContain("port");
        assertThat(result.note()).contains("your own edits in those files stay uncommitted");
    }

    @Test
    void commit_userStagedEditInTheSameFile_staysStagedAndOutOfTheCommit() {
        ScratchRepository repository = ScratchRepository.empty(directory);
        repository.write("app.conf", "name=app\n\n\n\n\n\nport=80\n");
        repository.git("add", "-A");
        repository.git("commit", "-q", "-m", "initial");
        repository.write("app.conf", "name=staged\n\n\n\n\n\nport=80\n");
        repository.git("add", "app.conf");
        BackupState start = start(repository);
        repository.write("app.conf", "name=staged\n\n\n\n\n\nport=8080\n");

        commit(repository, start, "wave: port", files -> "", Optional.empty());

        assertThat(repository.git("show", "HEAD:app.conf")).isEqualTo("name=app\n\n\n\n\n\nport=8080\n");
        assertThat(repository.git("show", ":app.conf")).isEqualTo("name=staged\n\n\n\n\n\nport=8080\n");
        assertThat(repository.git("diff")).isEmpty();
    }

    @Test
    void commit_runChangeOverlapsTheUsersEditInOneHunk_commitsNothingAndSaysWhere() {
        ScratchRepository repository = ScratchRepository.empty(directory);
        repository.write("app.conf", "port=80\n");
        repository.write("other.txt", "other\n");
        repository.git("add", "-A");
        repository.git("commit", "-q", "-m", "initial");
        String head = repository.git("rev-parse", "HEAD");
        repository.write("app.conf", "port=81\n");
        BackupState start = start(repository);
        repository.write("app.conf", "port=8080\n");
        repository.write("other.txt", "changed by the run\n");

        CommitResult result = commit(repository, start, "wave: port", files -> "", Optional.empty());

        assertThat(result.committed()).isFalse();
        assertThat(result.failed()).isFalse();
        assertThat(result.note()).isEqualTo("not committed: the run's change and your uncommitted edits overlap in one hunk "
                + "in app.conf; the run's changes are in the working tree. Commit them yourself (git add -p).");
        assertThat(repository.git("rev-parse", "HEAD")).isEqualTo(head);
        assertThat(repository.read("app.conf")).isEqualTo("port=8080\n");
    }

    @Test
    void commit_runEditedAnUntrackedFileOfTheUser_leavesItOutAndSaysSo() {
        ScratchRepository repository = ScratchRepository.messy(directory);
        BackupState backup = start(repository);
        repository.write("notes.txt", "untracked notes, edited by the run\n");
        repository.write("README.md", "# project, by the run\n");

        CommitResult result = commit(repository, backup, "wave: edit", files -> "", Optional.empty());

        assertThat(result.committed()).isTrue();
        assertThat(repository.git("show", "--name-only", "--format=", "HEAD")).isEqualTo("README.md\n");
        assertThat(result.note()).endsWith("; left out, as they were not tracked before the run: notes.txt");
    }

    @Test
    void commit_toolByproductsNothingTracked_stayOutOfTheCommitAndTheNoteNamesThem() throws Exception {
        ScratchRepository repository = ScratchRepository.empty(directory);
        repository.write("src/app.py", "print('hello')\n");
        repository.write("lib/__pycache__/kept.pyc", "tracked on purpose\n");
        repository.git("add", "-A");
        repository.git("commit", "-q", "-m", "initial");
        BackupState start = start(repository);
        repository.write("src/app.py", "print('hello, by the run')\n");
        // what running the tests as a shell task leaves: a real tool's compiled files, and a test runner's cache
        Process compile = new ProcessBuilder("python3", "-m", "compileall", "-q", "src").directory(repository.root().toFile())
                .redirectErrorStream(true).start();
        assertThat(compile.waitFor()).isZero();
        repository.write(".pytest_cache/v/cache/nodeids", "[]\n");
        repository.write(".pytest_cache/README.md", "# pytest cache\n");
        repository.write(".coverage", "coverage data\n");
        repository.write("lib/__pycache__/kept.pyc", "tracked, and changed by the run\n");

        CommitResult result = commit(repository, start, "wave: edit", files -> "", Optional.empty());

        assertThat(repository.git("show", "--name-only", "--format=", "HEAD"))
                .isEqualTo("lib/__pycache__/kept.pyc\nsrc/app.py\n");
        assertThat(result.note()).endsWith("; left out, as tool byproducts nothing tracked: .coverage, .pytest_cache/ (2 files), "
                + "src/__pycache__/ (1 file)");
        assertThat(repository.git("status", "--porcelain")).isEqualTo("?? .coverage\n?? .pytest_cache/\n?? src/__pycache__/\n");
    }

    @Test
    void commit_runMadeOnlyToolByproducts_commitsNothingAndSaysWhichWereLeftOut() {
        ScratchRepository repository = ScratchRepository.messy(directory);
        BackupState start = start(repository);
        repository.write("src/__pycache__/app.cpython-311.pyc", "compiled\n");

        CommitResult result = commit(repository, start, "wave: nothing", files -> "", Optional.empty());

        assertThat(result.committed()).isFalse();
        assertThat(result.note()).isEqualTo("nothing to commit: the run changed only tool byproducts nothing tracked "
                + "(src/__pycache__/ (1 file))");
    }

    @Test
    void byproduct_knowsToolDirectoriesAtAnyDepthAndTheirFiles_notLookalikes() {
        assertThat(dev.wave.check.ToolByproducts.byproduct("a/b/__pycache__/c.pyc")).contains("a/b/__pycache__/");
        assertThat(dev.wave.check.ToolByproducts.byproduct("x.pyc")).contains("x.pyc");
        assertThat(dev.wave.check.ToolByproducts.byproduct(".coverage.host.123")).contains(".coverage.host.123");
        assertThat(dev.wave.check.ToolByproducts.byproduct("web/node_modules/left-pad/index.js")).contains("web/node_modules/");
        assertThat(dev.wave.check.ToolByproducts.byproduct("__pycache__")).isEmpty(); // a file of that name is no cache
        assertThat(dev.wave.check.ToolByproducts.byproduct("docs/coverage.md")).isEmpty();
        assertThat(dev.wave.check.ToolByproducts.byproduct("src/pycache/x.py")).isEmpty();
    }

    @Test
    void commit_directoryReplacedByALink_commitsTheLinkAndTheDeletionsBehindIt() throws Exception {
        ScratchRepository repository = ScratchRepository.messy(directory);
        BackupState start = start(repository);
        MessyRepositoryTest.deleteTree(repository.path("docs"));
        repository.link("docs", "src");

        CommitResult result = commit(repository, start, "wave: link", files -> "", Optional.empty());

        assertThat(result.committed()).isTrue();
        assertThat(repository.git("ls-tree", "-r", "--name-only", "HEAD")).doesNotContain("docs/guide.md");
        assertThat(repository.git("ls-tree", "HEAD", "docs")).startsWith("120000 blob ");
    }

    @Test
    void commit_aRenamedFile_countsAsOneChangedFile() {
        ScratchRepository repository = ScratchRepository.empty(directory);
        repository.write("src/old_name.py", "def f():\n    return 1\n".repeat(20));
        repository.write("README.md", "readme\n");
        repository.git("add", "-A");
        repository.git("commit", "-q", "-m", "start");
        BackupState start = start(repository);
        repository.delete("src/old_name.py");
        repository.write("src/new_name.py", "def f():\n    return 1\n".repeat(20));
        repository.write("README.md", "readme, edited\n");

        CommitResult result = commit(repository, start, "wave: rename", files -> "Changed " + files + " files.",
                Optional.empty());

        assertThat(result.filesChanged()).isEqualTo(2);
        assertThat(result.note()).startsWith("committed 2 changed files on main");
        assertThat(repository.git("log", "-1", "--format=%b")).startsWith("Changed 2 files.");
    }

    private static BackupState start(ScratchRepository repository) {
        return new Backups(git(repository), Clock.systemUTC()).create("start", Backup.Kind.RUN, Optional.empty());
    }

    private static CommitResult commit(ScratchRepository repository, BackupState start, String subject,
            java.util.function.IntFunction<String> body, Optional<String> branch) {
        Git git = git(repository);
        return new FinalCommit(git).commit(new Backups(git, Clock.systemUTC()).manifest(start.backup().id()), start.coverage(),
                subject, body, branch);
    }

    private static Git git(ScratchRepository repository) {
        return Git.open(repository.root()).orElseThrow();
    }
}
