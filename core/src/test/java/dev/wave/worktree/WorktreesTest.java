package dev.wave.worktree;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.git.Git;
import dev.wave.testing.ScratchRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
final class WorktreesTest {
    @TempDir
    Path directory;

    private ScratchRepository repository;
    private Worktrees worktrees;
    private String base;

    @BeforeEach
    void setUp() throws Exception {
        repository = ScratchRepository.empty(Files.createDirectories(directory.resolve("repo")));
        repository.write("src/api/users.py", "def users():\n    return []\n\n\ndef admins():\n    return []\n");
        repository.write("src/db/schema.py", "TABLES = ['users']\n");
        repository.write("README.md", "# app\n");
        repository.git("add", "-A");
        repository.git("commit", "-q", "-m", "base");
        base = repository.git("rev-parse", "HEAD").strip();
        worktrees = Worktrees.of(Git.open(repository.root()).orElseThrow(), "run-1");
    }

    private static void write(Worktree worktree, String path, String content) throws Exception {
        Path file = worktree.path().resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    @Test
    void fullWorktree_onItsOwnBranch_commitListsTheChanges_integrationAppliesThem() throws Exception {
        Worktree worktree = worktrees.create("api", base, List.of());
        assertThat(worktree.branch()).isEqualTo("wave/run-1/api");
        assertThat(worktree.path().resolve("README.md")).exists();

        write(worktree, "src/api/users.py", "def users():\n    return ['ann']\n\n\ndef admins():\n    return []\n");
        write(worktree, "src/api/auth.py", "def login(): ...\n");
        Files.delete(worktree.path().resolve("README.md"));

        assertThat(worktrees.commit(worktree, "api")).containsExactly("README.md", "src/api/auth.py", "src/api/users.py");
        String head = repository.git("rev-parse", "HEAD").strip();

        Integration integration = worktrees.integrate(worktree, repository.root());

        assertThat(integration).isEqualTo(new Integration.Applied(
                List.of("README.md", "src/api/auth.py", "src/api/users.py"), List.of()));
        assertThat(repository.read("src/api/users.py")).contains("'ann'");
        assertThat(repository.read("src/api/auth.py")).isEqualTo("def login(): ...\n");
        assertThat(repository.path("README.md")).doesNotExist();
        assertThat(repository.git("rev-parse", "HEAD").strip()).as("HEAD untouched").isEqualTo(head);
        assertThat(repository.git("diff", "--cached", "--name-only")).as("index untouched").isEmpty();
    }

    @Test
    void commit_leavesOutNewToolByproducts_soTheyAreNeitherTheTasksChangeNorOutsideItsScope() throws Exception {
        repository.write("tests/__pycache__/tracked.pyc", "tracked on purpose\n");
        repository.git("add", "-A");
        repository.git("commit", "-q", "-m", "a tracked byproduct");
        String start = repository.git("rev-parse", "HEAD").strip();
        Worktree worktree = worktrees.create("api", start, List.of("src/api/"));
        write(worktree, "src/api/users.py", "def users():\n    return ['ann']\n");
        // what an agent running the tests leaves: a real interpreter's compiled files, a test runner's cache
        Process compile = new ProcessBuilder("python3", "-m", "compileall", "-q", "src/api")
                .directory(worktree.path().toFile()).redirectErrorStream(true).start();
        assertThat(compile.waitFor()).isZero();
        write(worktree, ".pytest_cache/v/cache/lastfailed", "{}\n");
        write(worktree, "tests/__pycache__/tracked.pyc", "tracked, and changed\n");

        List<String> changed = worktrees.commit(worktree, "api");

        assertThat(changed).containsExactly("src/api/users.py", "tests/__pycache__/tracked.pyc");
        assertThat(worktree.path().resolve(".pytest_cache/v/cache/lastfailed")).as("left on disk, untracked").exists();
    }

    @Test
    void anEarlierAttemptsWorktreeAndBranch_leftByASessionThatEnded_areReplaced() throws Exception {
        Worktree earlier = worktrees.create("api", base, List.of("src/api/"));
        write(earlier, "src/api/users.py", "the earlier attempt\n");
        worktrees.commit(earlier, "earlier");
        Worktrees resumed = Worktrees.of(Git.open(repository.root()).orElseThrow(), "run-1");

        Worktree again = resumed.create("api", base, List.of());

        assertThat(again.path()).isEqualTo(earlier.path());
        assertThat(again.path().resolve("README.md")).exists();
        assertThat(again.path().resolve("src/api/users.py")).content().startsWith("def users():");
        assertThat(repository.git("rev-parse", "wave/run-1/api").strip()).isEqualTo(base);
    }

    @Test
    void scopedWorktree_checksOutOnlyItsScope_andLeavesTheRepositoryConfigAlone() throws Exception {
        String config = Files.readString(repository.path(".git/config"));

        Worktree worktree = worktrees.create("db", base, List.of("src/db/"));

        assertThat(worktree.path().resolve("src/db/schema.py")).exists();
        assertThat(worktree.path().resolve("src/api/users.py")).doesNotExist();
        assertThat(worktree.path().resolve("README.md")).doesNotExist();
        write(worktree, "src/db/schema.py", "TABLES = ['users', 'sessions']\n");
        write(worktree, "docs/outside.md", "not in scope\n");
        assertThat(worktrees.commit(worktree, "db")).containsExactly("docs/outside.md", "src/db/schema.py");
        assertThat(Files.readString(repository.path(".git/config"))).isEqualTo(config);
    }

    @Test
    void othersChangedOtherLinesMeanwhile_theyAreMergedLineByLine() throws Exception {
        Worktree worktree = worktrees.create("api", base, List.of());
        write(worktree, "src/api/users.py", "def users():\n    return ['ann']\n\n\ndef admins():\n    return []\n");
        worktrees.commit(worktree, "api");
        repository.write("src/api/users.py", "def users():\n    return []\n\n\ndef admins():\n    return ['root']\n");

        Integration integration = worktrees.integrate(worktree, repository.root());

        assertThat(integration).isEqualTo(new Integration.Applied(List.of("src/api/users.py"), List.of("src/api/users.py")));
        assertThat(repository.read("src/api/users.py"))
                .isEqualTo("def users():\n    return ['ann']\n\n\ndef admins():\n    return ['root']\n");
    }

    @Test
    void aConflict_changesNothing_namesTheFiles_andKeepsTheBranch() throws Exception {
        Worktree worktree = worktrees.create("api", base, List.of());
        write(worktree, "src/api/users.py", "def users():\n    return ['task']\n\n\ndef admins():\n    return []\n");
        write(worktree, "README.md", "# app, by the task\n");
        worktrees.commit(worktree, "api");
        repository.write("src/api/users.py", "def users():\n    return ['user']\n\n\ndef admins():\n    return []\n");

        Integration integration = worktrees.integrate(worktree, repository.root());

        assertThat(integration).isEqualTo(new Integration.Conflicted(List.of("README.md", "src/api/users.py"),
                List.of("src/api/users.py (the task and the run changed the same lines)"), "wave/run-1/api"));
        assertThat(repository.read("README.md")).as("all or nothing").isEqualTo("# app\n");
        assertThat(repository.read("src/api/users.py")).contains("'user'");
        worktrees.remove(worktree, true);
        assertThat(worktrees.branches()).containsExactly("wave/run-1/api");
    }

    @Test
    void aLinkPlantedInThePath_isAConflict_nothingIsWrittenThroughIt() throws Exception {
        Path outside = Files.createDirectories(directory.resolve("outside"));
        Worktree worktree = worktrees.create("api", base, List.of());
        write(worktree, "src/api/users.py", "changed\n");
        worktrees.commit(worktree, "api");
        repository.delete("src/api/users.py");
        repository.delete("src/api");
        repository.link("src/api", outside.toString());

        Integration integration = worktrees.integrate(worktree, repository.root());

        assertThat(integration).isInstanceOf(Integration.Conflicted.class);
        assertThat(outside.resolve("users.py")).doesNotExist();
    }

    @Test
    void removeAll_removesWorktreesAndBranches_exceptThoseKept() {
        Worktree kept = worktrees.create("a", base, List.of());
        worktrees.create("b", base, List.of("README.md"));

        worktrees.removeAll(Set.of(kept.branch()));

        assertThat(worktrees.branches()).containsExactly("wave/run-1/a");
        assertThat(repository.git("worktree", "list")).doesNotContain("run-1");
    }

    @Test
    void removingTheLastWorktree_removesTheRunsDirectory_andTheEmptyWorktreesDirectory() {
        Path runDirectory = repository.root().resolve(".wave/worktrees/run-2");
        Worktrees inRepository = Worktrees.of(Git.open(repository.root()).orElseThrow(), "run-2", runDirectory);
        Worktree first = inRepository.create("a", base, List.of());
        Worktree second = inRepository.create("b", base, List.of());

        inRepository.remove(first, false);
        assertThat(runDirectory).as("b's worktree is still in it").isDirectory();
        inRepository.remove(second, false);

        assertThat(runDirectory).doesNotExist();
        assertThat(repository.root().resolve(".wave/worktrees")).doesNotExist();
        assertThat(repository.root().resolve(".wave")).isDirectory();
    }

    @Test
    void anotherRunsKeptWorktree_keepsTheWorktreesDirectory() {
        Worktrees earlier = Worktrees.of(Git.open(repository.root()).orElseThrow(), "run-1",
                repository.root().resolve(".wave/worktrees/run-1"));
        earlier.create("kept", base, List.of());
        Worktrees later = Worktrees.of(Git.open(repository.root()).orElseThrow(), "run-2",
                repository.root().resolve(".wave/worktrees/run-2"));

        later.remove(later.create("a", base, List.of()), false);

        assertThat(repository.root().resolve(".wave/worktrees/run-2")).doesNotExist();
        assertThat(repository.root().resolve(".wave/worktrees/run-1/kept")).isDirectory();
    }

    @Test
    void sparsePatterns_areAnchoredAtTheTop() {
        assertThat(Worktrees.sparsePatterns(List.of("src/db/", "./README.md", "**/*.py", "tests/*.py")))
                .containsExactly("/src/db/", "/README.md", "**/*.py", "/tests/*.py");
    }

    @Test
    @org.junit.jupiter.api.Timeout(60)
    void manyWorktreesMadeAndRemovedAtOnce_allSucceed() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            for (int round = 0; round < 3; round++) {
                List<java.util.concurrent.Future<Worktree>> made = new java.util.ArrayList<>();
                for (int task = 0; task < 6; task++) {
                    String id = "t" + round + "-" + task;
                    List<String> scope = task % 2 == 0 ? List.of() : List.of("src/");
                    made.add(pool.submit(() -> worktrees.create(id, base, scope)));
                }
                List<java.util.concurrent.Future<?>> removed = new java.util.ArrayList<>();
                for (java.util.concurrent.Future<Worktree> worktree : made) {
                    Worktree created = worktree.get(); // a failed git worktree add throws here
                    removed.add(pool.submit(() -> worktrees.remove(created, false)));
                }
                for (java.util.concurrent.Future<?> removal : removed) {
                    removal.get();
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(worktrees.branches()).isEmpty();
    }
}
