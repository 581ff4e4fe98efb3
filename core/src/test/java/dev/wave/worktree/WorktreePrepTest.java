package dev.wave.worktree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wave.WaveException;
import dev.wave.git.Git;
import dev.wave.testing.ScratchRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
final class WorktreePrepTest {
    @TempDir
    Path directory;

    private ScratchRepository repository;
    private Git git;
    private String base;

    @BeforeEach
    void setUp() throws Exception {
        repository = ScratchRepository.empty(Files.createDirectories(directory.resolve("repo")));
        repository.write(".gitignore", ".env\nnode_modules/\n.venv/\nlocal/\n");
        repository.write("src/app.js", "require('left-pad')\n");
        repository.write("config/settings.json", "{}\n");
        repository.git("add", "-A");
        repository.git("commit", "-q", "-m", "base");
        base = repository.git("rev-parse", "HEAD").strip();
        repository.write(".env", "TOKEN=local\n");
        repository.write("node_modules/left-pad/index.js", "module.exports = s => s\n");
        repository.write("local/run.sh", "#!/bin/sh\necho local\n");
        Files.setPosixFilePermissions(repository.path("local/run.sh"), PosixFilePermissions.fromString("rwxr-x---"));
        git = Git.open(repository.root()).orElseThrow();
    }

    private Worktrees worktrees(List<String> copy, List<String> link) {
        return Worktrees.of(git, "run-1", repository.root().resolve(".wave/worktrees/run-1"))
                .withPreparation(WorktreePrep.of(repository.root(), copy, link));
    }

    private static void refused(Runnable action, String message) {
        assertThatThrownBy(action::run)
                .isInstanceOf(WaveException.class)
                .hasMessage(message)
                .satisfies(e -> assertThat(((WaveException) e).kind()).isEqualTo(WaveException.ErrorKind.INVALID_INPUT));
    }

    @Test
    void copiesAndLinks_intoTheWorktree_andTheCommitLeavesThemOut() throws Exception {
        Worktrees worktrees = worktrees(List.of(".env", "local", ".venv", "config/settings.json"), List.of("node_modules"));
        List<WorktreePrep.Prepared> heard = new java.util.ArrayList<>();

        Worktree worktree = worktrees.prepare(worktrees.create("api", base, List.of()), heard::add);

        Path tree = worktree.path();
        assertThat(Files.readString(tree.resolve(".env"))).isEqualTo("TOKEN=local\n");
        assertThat(Files.isSymbolicLink(tree.resolve(".env"))).as("copied, not linked").isFalse();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tree.resolve("local/run.sh"))))
                .isEqualTo("rwxr-x---");
        assertThat(Files.readSymbolicLink(tree.resolve("node_modules"))).isEqualTo(repository.root().toRealPath()
                .resolve("node_modules"));
        assertThat(Files.readString(tree.resolve("node_modules/left-pad/index.js"))).contains("module.exports");
        assertThat(worktree.prepared()).containsExactly(".env", "local", "node_modules");
        assertThat(heard.get(0).skipped()).containsExactly(".venv: not in the repository",
                "config/settings.json: the checkout has it already");

        Files.writeString(tree.resolve("src/app.js"), "require('left-pad') // used\n");
        Files.writeString(tree.resolve(".env"), "TOKEN=changed in the worktree\n");
        assertThat(worktrees.commit(worktree, "api")).containsExactly("src/app.js");
        assertThat(repository.git("ls-tree", "-r", "--name-only", worktree.branch())).doesNotContain(".env", "node_modules",
                "local/run.sh");

        worktrees.remove(worktree, false);
        assertThat(tree).doesNotExist();
        assertThat(repository.read("node_modules/left-pad/index.js")).as("the linked directory survives")
                .isEqualTo("module.exports = s => s\n");
        assertThat(repository.read(".env")).isEqualTo("TOKEN=local\n");
    }

    @Test
    void aCopiedDirectory_keepsLinksInsideIt_andLeavesOutThoseLeadingOut() throws Exception {
        Path outside = Files.writeString(directory.resolve("secret.txt"), "outside\n");
        Files.createSymbolicLink(repository.path("local/inside"), Path.of("run.sh"));
        Files.createSymbolicLink(repository.path("local/escape"), outside);
        Files.createSymbolicLink(repository.path("local/up"), Path.of("../src/app.js"));
        Worktrees worktrees = worktrees(List.of("local"), List.of());
        List<WorktreePrep.Prepared> heard = new java.util.ArrayList<>();

        Worktree worktree = worktrees.prepare(worktrees.create("api", base, List.of()), heard::add);

        assertThat(Files.readSymbolicLink(worktree.path().resolve("local/inside"))).isEqualTo(Path.of("run.sh"));
        assertThat(worktree.path().resolve("local/escape")).doesNotExist();
        assertThat(Files.exists(worktree.path().resolve("local/up"), java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(heard.get(0).skipped()).containsExactlyInAnyOrder(
                "local/escape: a symbolic link that leads out of local", "local/up: a symbolic link that leads out of local");
    }

    @Test
    void aScopedWorktree_getsThemToo() throws Exception {
        Worktrees worktrees = worktrees(List.of(".env"), List.of("node_modules"));

        Worktree worktree = worktrees.prepare(worktrees.create("api", base, List.of("src/")), ignored -> {});

        assertThat(worktree.path().resolve("config")).doesNotExist();
        assertThat(worktree.path().resolve(".env")).exists();
        assertThat(worktree.path().resolve("node_modules/left-pad/index.js")).exists();
        Files.writeString(worktree.path().resolve("src/app.js"), "changed\n");
        assertThat(worktrees.commit(worktree, "api")).containsExactly("src/app.js");
    }

    @Test
    void pathsOutsideTheRepository_areRefusedInOneLine() throws Exception {
        Path root = repository.root().toRealPath();
        String fix = "Name a path inside the repository " + root + ", or remove the entry.";
        refused(() -> WorktreePrep.of(root, List.of("../elsewhere"), List.of()),
                "worktree_copy: ../elsewhere is outside the repository. " + fix);
        refused(() -> WorktreePrep.of(root, List.of(), List.of("/etc")), "worktree_link: /etc is outside the repository. " + fix);
        refused(() -> WorktreePrep.of(root, List.of(".git/config"), List.of()),
                "worktree_copy: .git/config is in .git, which is git's or wave's own. " + fix);
        Path elsewhere = Files.createDirectories(directory.resolve("elsewhere/deps"));
        Files.createSymbolicLink(repository.path("vendor"), elsewhere.getParent());
        refused(() -> WorktreePrep.of(root, List.of(), List.of("vendor/deps")),
                "worktree_link: vendor/deps leads to " + elsewhere.toRealPath() + " through a symbolic link, outside the "
                        + "repository. " + fix);
        assertThat(WorktreePrep.of(root, List.of("not/there/yet"), List.of("node_modules")).link()).containsExactly(
                "node_modules");
    }

    @Test
    void setUp_leavesWhatTheSetupMadeOutOfTheCommit() throws Exception {
        Worktrees worktrees = worktrees(List.of(), List.of());
        Worktree worktree = worktrees.create("api", base, List.of());
        Files.createDirectories(worktree.path().resolve("build"));
        Files.writeString(worktree.path().resolve("build/out.txt"), "built\n");

        worktree = worktrees.setUp(worktree);
        Files.writeString(worktree.path().resolve("src/app.js"), "changed\n");

        assertThat(worktree.prepared()).containsExactly("build");
        assertThat(worktrees.commit(worktree, "api")).containsExactly("src/app.js");
    }

    @Test
    void cleanUp_removesTheSucceeded_keepsTheFailed_andListsThem() throws Exception {
        Worktrees worktrees = worktrees(List.of(), List.of("node_modules"));
        Worktree done = worktrees.prepare(worktrees.create("done", base, List.of()), ignored -> {});
        Worktree failed = worktrees.prepare(worktrees.create("failed", base, List.of("src/")), ignored -> {});
        worktrees.create("other", base, List.of());
        worktrees.remove(worktrees.create("branch-only", base, List.of()), true);

        List<Worktrees.Found> kept = worktrees.cleanUp(Set.of("failed", "branch-only"));

        assertThat(kept).containsExactly(new Worktrees.Found("failed", failed.path(), "wave/run-1/failed"));
        assertThat(worktrees.list()).isEqualTo(kept);
        assertThat(worktrees.branches()).containsExactlyInAnyOrder("wave/run-1/failed", "wave/run-1/branch-only");
        assertThat(done.path()).doesNotExist();
        assertThat(repository.read("node_modules/left-pad/index.js")).isEqualTo("module.exports = s => s\n");

        assertThat(worktrees.cleanUp(Set.of())).isEmpty();
        assertThat(worktrees.branches()).isEmpty();
        assertThat(repository.path(".wave/worktrees/run-1")).doesNotExist();
    }
}
