package dev.wave.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.testing.ScratchRepository;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The analysis says where a run's agent tasks work: in worktrees here, or on another engine's workers. */
final class AgentTasksLineTest {
    @TempDir
    Path directory;

    @Test
    void agentTasks_workInWorktreesHere_onTheLocalEngine_andOnWorkers_onAnEngineThatRunsThemElsewhere() throws Exception {
        ScratchRepository git = ScratchRepository.withCommit(directory.resolve("repo"), "README.md", "hello\n");
        Path plan = Files.writeString(directory.resolve("plan.yaml"), "tasks:\n  - {id: write, prompt: \"Write docs\"}\n");
        PreparedRun prepared = Orchestrator.create().prepare(RunRequest.planFile(git.root(), plan).withFlag("agent", "claude"));
        Engine workers = new Engine() {
            @Override
            public String name() {
                return "temporal";
            }

            @Override
            public boolean runsAgentsHere() {
                return false;
            }

            @Override
            public Driver driver(TaskRun run) {
                throw new UnsupportedOperationException("not run here");
            }
        };

        assertThat(printed(prepared, Engine.local())).contains("Agent tasks: 1, run by claude (agent from --agent)"
                + "; each works in its own git worktree under .wave/worktrees/, merged back in dependency order.");
        assertThat(printed(prepared, workers)).contains("; each works on a temporal worker, in a scratch worktree of the "
                + "worker's clone, and its change is applied here as a patch before its dependents start.")
                .doesNotContain(".wave/worktrees/");
    }

    private static String printed(PreparedRun prepared, Engine engine) {
        StringWriter text = new StringWriter();
        prepared.print(new PrintWriter(text, true), engine);
        return text.toString();
    }
}
