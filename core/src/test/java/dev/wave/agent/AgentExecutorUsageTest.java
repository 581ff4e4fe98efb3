package dev.wave.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.git.Git;
import dev.wave.plan.Action;
import dev.wave.plan.Task;
import dev.wave.run.ExecutionResult;
import dev.wave.run.FixWave;
import dev.wave.run.Usage;
import dev.wave.testing.FakeAgents;
import dev.wave.testing.FakeAgents.Script;
import dev.wave.testing.ScratchRepository;
import dev.wave.worktree.Worktrees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What an agent attempt's result tells the run core: its usage, a rate limit, a failed check's output. */
@Timeout(60)
final class AgentExecutorUsageTest {
    private static final String FILE = "src/greeting.txt";

    @TempDir
    Path directory;

    private ScratchRepository repository;
    private Git git;
    private FakeAgents fakes;
    private Path logs;

    @BeforeEach
    void setUp() throws Exception {
        repository = ScratchRepository.withCommit(directory.resolve("repo"), "README.md", "# app\n");
        git = Git.open(repository.root()).orElseThrow();
        fakes = FakeAgents.install(directory.resolve("bin"));
        logs = Files.createDirectories(directory.resolve("logs"));
    }

    private ExecutionResult execute(AgentCli cli, Task task) throws InterruptedException {
        AgentExecutor executor = new AgentExecutor(Worktrees.of(git, "run-1", git.root().resolve(".wave/worktrees/run-1")),
                () -> WorkingTreeSnapshot.commit(git, "run-1"), AgentOptions.of(cli), AgentLauncher.direct(),
                (taskId, progress) -> {}, System.getenv());
        return executor.execute(task, repository.root(), logs.resolve(task.id() + ".log"));
    }

    private static Task task(String id, Map<String, String> env) {
        return new Task(id, id, new Action.Agent("Add a greeting"), List.of(), Optional.empty(), Optional.empty(), false,
                Optional.empty(), 0, env).withScope(List.of("src/"));
    }

    @Test
    void claudeAttempt_carriesItsTokensAndCost() throws Exception {
        ExecutionResult result = execute(new AgentCli.Claude(fakes.executable("claude").toString()),
                task("greet", Script.SUCCESS.environment(FILE)));

        assertThat(result.succeeded()).isTrue();
        assertThat(result.usage()).isEqualTo(Usage.of(300, 40, 0.0125)); // two turns: 2 x (100 + 50 cached) in, 2 x 20 out
        assertThat(result.rateLimited()).isFalse();
    }

    @Test
    void codexAttempt_carriesTokensButNoCost() throws Exception {
        ExecutionResult result = execute(new AgentCli.Codex(fakes.executable("codex").toString()),
                task("greet", Script.SUCCESS.environment(FILE)));

        assertThat(result.usage().tokens()).isPositive();
        assertThat(result.usage().costUsd()).isEmpty();
    }

    @Test
    void failingCheck_givesTheCheckOutputForAFixWave() throws Exception {
        Task task = task("greet", Script.SUCCESS.environment(FILE)).withVerify("echo 'FAILED test_greeting: no hello'; exit 1");

        ExecutionResult result = execute(new AgentCli.Claude(fakes.executable("claude").toString()), task);

        assertThat(result.succeeded()).isFalse();
        assertThat(result.failedCheck()).hasValueSatisfying(output -> assertThat(output)
                .startsWith("echo 'FAILED test_greeting: no hello'; exit 1: exit 1").contains("FAILED test_greeting: no hello"));
    }

    @Test
    void agentSayingRateLimit_isFlagged() throws Exception {
        AgentCli template = AgentCli.Template.parse("sh -c 'echo \"API Error: 429 {\\\"type\\\":\\\"rate_limit_error\\\"}\"; "
                + "exit 1' {prompt_file}");

        ExecutionResult result = execute(template, task("greet", Map.of()));

        assertThat(result.succeeded()).isFalse();
        assertThat(result.rateLimited()).isTrue();
        assertThat(result.usage()).isEqualTo(Usage.NONE);
    }

    @Test
    void analysisStepOfAFixWave_isJudgedAsAnalysisOnly_soAChangeFailsIt() throws Exception {
        Task analyse = new Task("greet.fix1.analyse", "greet.fix1.analyse", new Action.Agent("Analyse", Optional.empty(), true), List.of(),
                Optional.empty(), Optional.of(FixWave.ANALYST_ROLE), false, Optional.empty(), 0,
                Script.SUCCESS.environment());

        ExecutionResult result = execute(new AgentCli.Claude(fakes.executable("claude").toString()), analyse);

        assertThat(result.succeeded()).isFalse();
        assertThat(result.summary()).startsWith("an analysis task changed 1 file: agent-claude.txt");
    }
}
