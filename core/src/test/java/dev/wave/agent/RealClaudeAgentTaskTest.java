package dev.wave.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.git.Git;
import dev.wave.plan.Action;
import dev.wave.plan.Task;
import dev.wave.run.ExecutionResult;
import dev.wave.testing.AgentProcess;
import dev.wave.testing.FakeModelServer;
import dev.wave.testing.FakeModelServer.Reply;
import dev.wave.testing.ScratchRepository;
import dev.wave.worktree.Worktrees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent task run by the real Claude Code CLI ({@code WAVE_CLAUDE}, else {@code claude} on PATH;
 * skipped when neither is installed) against a fake Messages API on 127.0.0.1, end to end through
 * {@link AgentExecutor} and {@link AgentIntegrator}: the edit lands in the repository, the key does
 * not land in the log.
 */
@Timeout(120)
final class RealClaudeAgentTaskTest {
    /** Where the run's worktrees go: under .wave, since Claude Code will not edit under .git. */
    private static final java.util.function.Function<Git, Path> ROOT = git -> git.root().resolve(".wave/worktrees/run-1");

    @TempDir
    Path directory;

    private final FakeModelServer server = new FakeModelServer();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aWriteToolCall_inTheTasksWorktree_isJudgedSucceeded_andIntegratedIntoTheRepository() throws Exception {
        String claude = AgentProcess.installed("WAVE_CLAUDE", "claude", "Claude Code", "npm install @anthropic-ai/claude-code");
        ScratchRepository repository = ScratchRepository.withCommit(directory.resolve("repo"), "README.md", "# app\n");
        Git git = Git.open(repository.root()).orElseThrow();
        Path worktree = git.root().resolve(".wave/worktrees/run-1/hello");
        server.then(new Reply.ToolUse("Write", "{\"file_path\": \"" + worktree.resolve("src/hello.txt")
                + "\", \"content\": \"hello from the agent\\n\"}")).thenText("Wrote src/hello.txt.");
        Map<String, String> environment = new HashMap<>(System.getenv());
        AgentProcess.pointClaudeAt(environment, server.anthropicUrl(), Files.createDirectories(directory.resolve("home")));
        AgentExecutor executor = new AgentExecutor(Worktrees.of(git, "run-1", ROOT.apply(git)), () -> WorkingTreeSnapshot.commit(git, "run-1"),
                AgentOptions.of(new AgentCli.Claude(claude)).withMaxTurns(5), AgentLauncher.direct(), AgentListener.none(),
                environment);
        Task task = new Task("hello", "hello", new Action.Agent("Write src/hello.txt"), List.of(), Optional.empty(),
                Optional.of("Backend Engineer"), false, Optional.empty(), 0, Map.of()).withScope(List.of("src/"))
                .withVerify("grep -q 'hello from the agent' src/hello.txt");
        Path log = Files.createDirectories(directory.resolve("logs")).resolve("hello.log");

        ExecutionResult result = executor.execute(task, repository.root(), log);

        assertThat(result.succeeded()).as(result.summary()).isTrue();
        assertThat(result.filesChanged()).containsExactly("src/hello.txt");
        assertThat(result.summary()).contains("grep -q", "passed", "Wrote src/hello.txt.", "(claude, ");
        assertThat(executor.integrator().integrate(task, repository.root())).isEmpty();
        assertThat(repository.read("src/hello.txt")).isEqualTo("hello from the agent\n");
        assertThat(Files.readString(log)).doesNotContain(AgentProcess.CLAUDE_KEY);
        assertThat(server.requests().get(0).body().toString()).contains("Backend Engineer");
    }
}
