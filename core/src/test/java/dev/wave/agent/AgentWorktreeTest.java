package dev.wave.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.git.Git;
import dev.wave.plan.Action;
import dev.wave.plan.Task;
import dev.wave.request.OnConflict;
import dev.wave.run.ExecutionResult;
import dev.wave.run.TaskExecutor;
import dev.wave.sandbox.Sandbox;
import dev.wave.sandbox.SandboxPolicy;
import dev.wave.testing.ScratchRepository;
import dev.wave.worktree.WorktreePrep;
import dev.wave.worktree.Worktrees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What surrounds an agent's worktree: what is copied and linked in, the setup command (in the shell
 * tasks' sandbox), and a conflicting change reported or resolved by an agent given both sides. The
 * agents are command templates (shell scripts) that edit their worktree.
 */
@Timeout(60)
final class AgentWorktreeTest {
    private static final String FILE = "src/lines.txt";
    /** Appends the task's name; when the file holds conflict markers, keeps both sides and drops the markers. */
    private static final String APPEND_OR_RESOLVE = "if grep -q '^<<<<<<< run' " + FILE + "; then "
            + "grep -v -e '^<<<<<<< ' -e '^||||||| ' -e '^=======$' -e '^>>>>>>> ' " + FILE + " > resolved.tmp && "
            + "mv resolved.tmp " + FILE + "; else echo \"by $WAVE_TASK_ID\" >> " + FILE + "; fi";

    @TempDir
    Path directory;

    private ScratchRepository repository;
    private Git git;
    private Path logs;

    @BeforeEach
    void setUp() throws Exception {
        repository = ScratchRepository.empty(directory.resolve("repo"));
        repository.write(FILE, "one\ntwo\n");
        repository.write(".gitignore", ".env\nnode_modules/\n");
        repository.git("add", "-A");
        repository.git("commit", "-q", "-m", "base");
        repository.write(".env", "TOKEN=local\n");
        repository.write("node_modules/dep/index.js", "dep\n");
        git = Git.open(repository.root()).orElseThrow();
        logs = Files.createDirectories(directory.resolve("logs"));
    }

    private AgentExecutor executor(String script, WorktreeOptions options, WorktreePrep prep) {
        AgentCli agent = new AgentCli.Template(List.of("sh", "-c", script, "{prompt_file}"));
        Worktrees worktrees = Worktrees.of(git, "run-1", git.root().resolve(".wave/worktrees/run-1")).withPreparation(prep);
        return new AgentExecutor(worktrees, () -> WorkingTreeSnapshot.commit(git, "run-1"), AgentOptions.of(agent),
                AgentLauncher.direct(), (taskId, progress) -> {}, System.getenv(), options);
    }

    private WorktreeOptions options(Optional<String> setup, OnConflict onConflict) {
        List<Path> linked = List.of(repository.root().resolve("node_modules"));
        return new WorktreeOptions(setup, TaskExecutor.shell(Sandbox.of(SandboxPolicy.defaults(), "run-1")
                .withReadOnly(linked)), onConflict);
    }

    private static Task task(String id) {
        return new Task(id, id, new Action.Agent("Append a line"), List.of(), Optional.empty(), Optional.empty(), false,
                Optional.of(Duration.ofSeconds(30)), 0, Map.of()).withScope(List.of("src/"));
    }

    private ExecutionResult execute(AgentExecutor executor, Task task) throws InterruptedException {
        return executor.execute(task, repository.root(), logs.resolve(task.id() + ".log"));
    }

    private List<String> branches() {
        return Worktrees.of(git, "run-1", git.root().resolve(".wave/worktrees/run-1")).branches();
    }

    @Test
    void theSetupCommand_runsInTheWorktreeBeforeTheAgent_seesWhatWasCopiedAndLinked_andStaysOutOfTheChange()
            throws Exception {
        AgentExecutor executor = executor("test -f built.txt && echo agent >> " + FILE,
                options(Optional.of("cat .env node_modules/dep/index.js > built.txt"), OnConflict.REPORT),
                WorktreePrep.of(repository.root(), List.of(".env"), List.of("node_modules")));

        ExecutionResult result = execute(executor, task("api"));

        assertThat(result.succeeded()).as(result.summary()).isTrue();
        assertThat(result.filesChanged()).containsExactly(FILE);
        Path worktree = git.root().resolve(".wave/worktrees/run-1/api");
        assertThat(Files.readString(worktree.resolve("built.txt"))).isEqualTo("TOKEN=local\ndep\n");
        assertThat(Files.readString(logs.resolve("api.log"))).contains("wave: worktree: copied or linked .env, node_modules",
                "wave: worktree setup: cat .env node_modules/dep/index.js > built.txt");
    }

    @Test
    void aFailingSetup_failsTheAttempt_beforeTheAgentRuns_andKeepsTheWorktree() throws Exception {
        AgentExecutor executor = executor("echo agent >> " + FILE + "; touch agent-ran",
                options(Optional.of("echo installing; exit 3"), OnConflict.REPORT), WorktreePrep.none());

        ExecutionResult result = execute(executor, task("api"));

        assertThat(result.succeeded()).isFalse();
        assertThat(result.summary()).startsWith("the worktree setup `echo installing; exit 3` failed with exit code 3: "
                + "installing; worktree kept at ");
        assertThat(git.root().resolve(".wave/worktrees/run-1/api/agent-ran")).doesNotExist();
        assertThat(executor.keptWorktrees()).containsOnlyKeys("api");
    }

    @Test
    void aConflict_reported_failsTheTask_keepsItsBranch_andWritesBothSidesBesideTheLog() throws Exception {
        AgentExecutor executor = executor(APPEND_OR_RESOLVE, options(Optional.empty(), OnConflict.REPORT), WorktreePrep.none());
        assertThat(execute(executor, task("first")).succeeded()).isTrue();
        assertThat(execute(executor, task("second")).succeeded()).isTrue();
        assertThat(executor.integrator().integrate(task("first"), repository.root())).isEmpty();

        Optional<String> failure = executor.integrator().integrate(task("second"), repository.root());

        assertThat(failure).hasValueSatisfying(why -> assertThat(why)
                .contains("conflict integrating second: src/lines.txt (the task and the run changed the same lines)")
                .endsWith("both sides in " + logs.resolve("second.conflict.md")));
        assertThat(repository.read(FILE)).isEqualTo("one\ntwo\nby first\n");
        assertThat(Files.readString(logs.resolve("second.conflict.md"))).contains("Run (ours: the run's version now):\n"
                + "```\none\ntwo\nby first\n```", "Task (theirs: the task's version, on its branch):\n```\none\ntwo\nby second\n```");
        assertThat(branches()).containsExactly("wave/run-1/second");
    }

    @Test
    void aConflict_resolved_byAnAgentGivenBothSides_integratesItsResolution_andRemovesBothBranches() throws Exception {
        AgentExecutor executor = executor(APPEND_OR_RESOLVE, options(Optional.empty(), OnConflict.RESOLVE), WorktreePrep.none());
        assertThat(execute(executor, task("first")).succeeded()).isTrue();
        assertThat(execute(executor, task("second")).succeeded()).isTrue();
        assertThat(executor.integrator().integrate(task("first"), repository.root())).isEmpty();

        Optional<String> failure = executor.integrator().integrate(task("second"), repository.root());

        assertThat(failure).isEmpty();
        assertThat(repository.read(FILE)).isEqualTo("one\ntwo\nby first\nby second\n");
        assertThat(branches()).isEmpty();
        assertThat(executor.keptWorktrees()).isEmpty();
        assertThat(Files.readString(logs.resolve("second.resolve.prompt.md"))).contains("<<<<<<< run", "by first",
                "by second", "Task: second.resolve (Resolve the merge conflict of second)");
        assertThat(Files.readString(logs.resolve("second.log"))).contains("resolving it with second.resolve",
                "the conflict was resolved by second.resolve");
    }

    @Test
    void aResolutionThatLeavesMarkers_failsTheTask_andKeepsBothBranches() throws Exception {
        AgentExecutor executor = executor("if grep -q '^<<<<<<< run' " + FILE + "; then echo more >> " + FILE
                + "; else echo \"by $WAVE_TASK_ID\" >> " + FILE + "; fi", options(Optional.empty(), OnConflict.RESOLVE),
                WorktreePrep.none());
        assertThat(execute(executor, task("first")).succeeded()).isTrue();
        assertThat(execute(executor, task("second")).succeeded()).isTrue();
        assertThat(executor.integrator().integrate(task("first"), repository.root())).isEmpty();

        Optional<String> failure = executor.integrator().integrate(task("second"), repository.root());

        assertThat(failure).hasValueSatisfying(why -> assertThat(why)
                .contains("its resolution second.resolve left conflict markers in src/lines.txt"));
        assertThat(repository.read(FILE)).isEqualTo("one\ntwo\nby first\n");
        assertThat(branches()).containsExactlyInAnyOrder("wave/run-1/second", "wave/run-1/second.resolve");
        assertThat(executor.keptWorktrees()).containsOnlyKeys("second", "second.resolve");
    }
}
