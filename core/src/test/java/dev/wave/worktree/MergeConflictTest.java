package dev.wave.worktree;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.git.Git;
import dev.wave.testing.ScratchRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
final class MergeConflictTest {
    private static final String BASE = "def users():\n    return []\n\n\ndef admins():\n    return []\n";
    private static final String RUN = "def users():\n    return ['user']\n\n\ndef admins():\n    return []\n";
    private static final String TASK = "def users():\n    return ['task']\n\n\ndef admins():\n    return []\n";

    @TempDir
    Path directory;

    private ScratchRepository repository;
    private Git git;
    private Worktrees worktrees;
    private String base;

    @BeforeEach
    void setUp() throws Exception {
        repository = ScratchRepository.empty(Files.createDirectories(directory.resolve("repo")));
        repository.write("src/users.py", BASE);
        repository.write("src/gone.py", "old\n");
        repository.write("README.md", "# app\n");
        repository.git("add", "-A");
        repository.git("commit", "-q", "-m", "base");
        base = repository.git("rev-parse", "HEAD").strip();
        git = Git.open(repository.root()).orElseThrow();
        worktrees = Worktrees.of(git, "run-1", repository.root().resolve(".wave/worktrees/run-1"));
    }

    /** The task changes users.py, gone.py and README.md; the run meanwhile changes users.py and deletes gone.py. */
    private Integration.Conflicted conflicted(Worktree worktree) throws Exception {
        Files.writeString(worktree.path().resolve("src/users.py"), TASK);
        Files.writeString(worktree.path().resolve("src/gone.py"), "changed by the task\n");
        Files.writeString(worktree.path().resolve("README.md"), "# app, by the task\n");
        worktrees.commit(worktree, "task");
        repository.write("src/users.py", RUN);
        repository.delete("src/gone.py");
        return (Integration.Conflicted) worktrees.integrate(worktree, repository.root());
    }

    @Test
    void describe_givesBothSidesOfEachConflictingFile_andTheConflictingHunks() throws Exception {
        Worktree worktree = worktrees.create("api", base, List.of());

        MergeConflict conflict = worktrees.describe(worktree, conflicted(worktree), repository.root());

        assertThat(conflict.taskId()).isEqualTo("api");
        assertThat(conflict.branch()).isEqualTo("wave/run-1/api");
        assertThat(conflict.base()).isEqualTo(base);
        assertThat(conflict.files()).containsExactly("README.md", "src/gone.py", "src/users.py");
        assertThat(conflict.conflicts()).extracting(MergeConflict.File::path).containsExactly("src/gone.py", "src/users.py");
        MergeConflict.File gone = conflict.conflicts().get(0);
        assertThat(gone.reason()).isEqualTo("the task changed it, and it was deleted meanwhile");
        assertThat(gone.run()).isEmpty();
        assertThat(gone.task().orElseThrow().text()).isEqualTo("changed by the task\n");
        assertThat(gone.hunks()).isEmpty();
        MergeConflict.File users = conflict.conflicts().get(1);
        assertThat(users.reason()).isEqualTo("the task and the run changed the same lines");
        assertThat(users.base().map(MergeConflict.Side::text)).hasValue(BASE);
        assertThat(users.run().map(MergeConflict.Side::text)).hasValue(RUN);
        assertThat(users.task().map(MergeConflict.Side::text)).hasValue(TASK);
        assertThat(users.hunks()).containsExactly(new MergeConflict.Hunk(2,
                "<<<<<<< run\n    return ['user']\n||||||| base\n    return []\n=======\n    return ['task']\n>>>>>>> task"));
    }

    @Test
    void aBinaryFile_isDescribedBySize_withoutHunks() throws Exception {
        repository.write("logo.bin", "base\u0000");
        repository.git("add", "-A");
        repository.git("commit", "-q", "-m", "binary");
        String withBinary = repository.git("rev-parse", "HEAD").strip();
        Worktree worktree = worktrees.create("logo", withBinary, List.of());
        Files.write(worktree.path().resolve("logo.bin"), new byte[] {1, 0, 2});
        worktrees.commit(worktree, "logo");
        repository.write("logo.bin", "run\u0000!");

        Integration.Conflicted conflicted = (Integration.Conflicted) worktrees.integrate(worktree, repository.root());
        MergeConflict.File logo = worktrees.describe(worktree, conflicted, repository.root()).conflicts().get(0);

        assertThat(logo.reason()).isEqualTo("it cannot be merged line by line (a binary file)");
        assertThat(logo.task()).hasValue(new MergeConflict.Side("(a binary file of 3 bytes)", true, false, false));
        assertThat(logo.run().map(MergeConflict.Side::binary)).hasValue(true);
        assertThat(logo.hunks()).isEmpty();
    }

    @Test
    void createResolution_startsFromTheRunsState_withTheTasksChangeMergedIn_andMarkersWhereItConflicts() throws Exception {
        Worktree worktree = worktrees.create("api", base, List.of());
        MergeConflict conflict = worktrees.describe(worktree, conflicted(worktree), repository.root());
        String now = dev.wave.agent.WorkingTreeSnapshot.commit(git, "run-1");

        Worktree resolution = worktrees.createResolution("api.resolve", now, List.of(), conflict);

        Path tree = resolution.path();
        assertThat(resolution.branch()).isEqualTo("wave/run-1/api.resolve");
        assertThat(Files.readString(tree.resolve("README.md"))).as("the task's other change").isEqualTo("# app, by the task\n");
        assertThat(Files.readString(tree.resolve("src/users.py"))).isEqualTo("def users():\n<<<<<<< run\n    return ['user']\n"
                + "||||||| base\n    return []\n=======\n    return ['task']\n>>>>>>> task\n\n\ndef admins():\n    return []\n");
        assertThat(tree.resolve("src/gone.py")).as("the run's version: deleted, for the agent to decide").doesNotExist();
        assertThat(worktrees.branches()).containsExactlyInAnyOrder("wave/run-1/api", "wave/run-1/api.resolve");
        assertThat(repository.read("src/users.py")).as("the run's tree untouched").isEqualTo(RUN);
        assertThat(Optional.of(conflict.conflicts().size())).hasValue(2);
    }
}
