package dev.wave.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.agent.AgentCli;
import dev.wave.agent.AgentExecutor;
import dev.wave.agent.AgentLauncher;
import dev.wave.agent.AgentListener;
import dev.wave.agent.AgentOptions;
import dev.wave.agent.WorkingTreeSnapshot;
import dev.wave.git.Git;
import dev.wave.plan.Action;
import dev.wave.plan.Task;
import dev.wave.run.ExecutionResult;
import dev.wave.scale.Machine;
import dev.wave.testing.AgentProcess;
import dev.wave.testing.FakeModelServer;
import dev.wave.testing.FakeModelServer.Reply;
import dev.wave.testing.ScratchRepository;
import dev.wave.testing.SeedProject;
import dev.wave.worktree.Worktrees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One agent task of the seeds' feature request, as the heuristic planner writes it (the API task of
 * "add authentication endpoints"), run by the real Claude Code CLI ({@code WAVE_CLAUDE}, else
 * {@code claude} on PATH; skipped when neither is installed) against the loopback fake of the
 * Messages API, which answers with the tool calls an agent would make: Read, Edit and Write on the
 * sample project of {@link SeedProject}. The change is judged on evidence (the project's tests as the
 * task's check) and integrated.
 */
@Timeout(180)
final class RealClaudeSeedTaskTest {
    private static final Machine MACHINE = new Machine(2, 8L << 30, Optional.empty());
    private static final String TASK = "add-authentication.backend-api";

    @TempDir
    Path directory;

    private final FakeModelServer server = new FakeModelServer();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void theFeatureRequestsApiTask_byTheRealClaudeCode_editsTheApp_passesTheTests_andIsIntegrated() throws Exception {
        String claude = AgentProcess.installed("WAVE_CLAUDE", "claude", "Claude Code", "npm install @anthropic-ai/claude-code");
        Path repo = directory.resolve("repo");
        ScratchRepository repository = SeedProject.create(repo);
        PreparedRun prepared = Orchestrator.create(() -> MACHINE).prepare(RunRequest.goal(repo, SeedRequestsTest.FEATURE)
                .withFlag("planner", "heuristic"));
        Task planned = prepared.plan().tasks().stream().filter(task -> task.id().equals(TASK)).findFirst().orElseThrow();
        Task task = planned.withVerify("python3 -m pytest -q -p no:cacheprovider");
        Git git = Git.open(repo).orElseThrow();
        Path worktree = repo.resolve(".wave/worktrees/run-1/" + TASK);
        server.then(new Reply.ToolUse("Read", "{\"file_path\": \"" + worktree.resolve("app/server.py") + "\"}"))
                .then(new Reply.ToolUse("Edit", "{\"file_path\": \"" + worktree.resolve("app/server.py")
                        + "\", \"old_string\": \"@route(\\\"/health\\\")\", \"new_string\": \"@route(\\\"/login\\\")\\n"
                        + "def login():\\n    return {\\\"token\\\": \\\"issued\\\"}\\n\\n\\n@route(\\\"/health\\\")\"}"))
                .then(new Reply.ToolUse("Write", "{\"file_path\": \"" + worktree.resolve("tests/test_login.py")
                        + "\", \"content\": \"import unittest\\n\\nfrom app.server import ROUTES\\n\\n\\n"
                        + "class LoginTest(unittest.TestCase):\\n    def test_login_issues_a_token(self):\\n"
                        + "        self.assertEqual(ROUTES[\\\"/login\\\"](), {\\\"token\\\": \\\"issued\\\"})\\n\"}"))
                .thenText("Added the /login endpoint and its test.");
        Map<String, String> environment = new HashMap<>(System.getenv());
        AgentProcess.pointClaudeAt(environment, server.anthropicUrl(), Files.createDirectories(directory.resolve("home")));
        AgentExecutor executor = new AgentExecutor(Worktrees.of(git, "run-1", repo.resolve(".wave/worktrees/run-1")),
                () -> WorkingTreeSnapshot.commit(git, "run-1"), AgentOptions.of(new AgentCli.Claude(claude)).withMaxTurns(8),
                AgentLauncher.direct(), AgentListener.none(), environment);
        Path log = Files.createDirectories(directory.resolve("logs")).resolve(TASK + ".log");

        ExecutionResult result = executor.execute(task, repo, log);

        assertThat(result.succeeded()).as(result.summary() + "\n" + Files.readString(log)).isTrue();
        assertThat(result.filesChanged()).containsExactly("app/server.py", "tests/test_login.py");
        assertThat(result.summary()).contains("python3 -m pytest", "passed", "(claude, ");
        assertThat(executor.integrator().integrate(task, repo)).isEmpty();
        assertThat(repository.read("app/server.py")).contains("@route(\"/login\")\ndef login():");
        assertThat(repository.read("tests/test_login.py")).contains("class LoginTest");
        assertThat(Files.readString(log)).doesNotContain(AgentProcess.CLAUDE_KEY);
        String sent = server.requests().get(0).body().toString();
        assertThat(sent).as("the planner's prompt and the role reached the model").contains("this is task \\\"" + TASK)
                .contains("Backend Engineer");
        assertThat(((Action.Agent) planned.action()).analysisOnly()).isFalse();
    }
}
