package dev.wave.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.git.Git;
import dev.wave.plan.Action;
import dev.wave.plan.Task;
import dev.wave.run.ExecutionResult;
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

/**
 * {@link AgentExecutor#executeHere}: one attempt in a checkout its caller made (a Temporal worker's scratch
 * worktree), with no worktree of its own, judged and measured as {@link AgentExecutor#execute} does.
 */
@Timeout(60)
final class AgentExecutorHereTest {
    @TempDir
    Path directory;

    private ScratchRepository repository;
    private FakeAgents fakes;
    private Path logs;

    @BeforeEach
    void setUp() throws Exception {
        repository = ScratchRepository.withCommit(directory.resolve("repo"), "README.md", "# app\n");
        fakes = FakeAgents.install(directory.resolve("bin"));
        logs = Files.createDirectories(directory.resolve("logs"));
    }

    private AgentExecutor executor() {
        Git git = Git.open(repository.root()).orElseThrow();
        return new AgentExecutor(Worktrees.of(git, "run-1", directory.resolve("unused")), () -> {
            throw new AssertionError("an attempt here needs no base");
        }, AgentOptions.of(new AgentCli.Claude(fakes.executable("claude").toString())), AgentLauncher.direct(),
                (taskId, progress) -> { }, System.getenv());
    }

    private static Task task(Map<String, String> env) {
        return new Task("greet", "greet", new Action.Agent("Add a greeting"), List.of(), Optional.empty(),
                Optional.empty(), false, Optional.empty(), 0, env);
    }

    @Test
    void success_commitsTheAgentsChangeInTheCheckout_withItsUsage_andMakesNoWorktree() throws Exception {
        String head = repository.git("rev-parse", "HEAD").strip();

        ExecutionResult result = executor().executeHere(task(Script.SUCCESS.environment("greeting.txt")),
                repository.root(), logs.resolve("greet.log"));

        assertThat(result.succeeded()).as(result.summary()).isTrue();
        assertThat(result.filesChanged()).containsExactly("greeting.txt");
        assertThat(result.usage().tokens()).isPositive();
        assertThat(result.usage().costUsd()).isPresent();
        assertThat(repository.git("diff", "--name-only", head, "HEAD").strip()).isEqualTo("greeting.txt");
        assertThat(repository.git("worktree", "list").lines()).hasSize(1);
        assertThat(directory.resolve("unused")).doesNotExist();
    }

    @Test
    void failure_saysWhy_withoutPointingAtAWorktreeKeptForInspection() throws Exception {
        ExecutionResult result = executor().executeHere(task(Script.CRASH.environment("greeting.txt")),
                repository.root(), logs.resolve("greet.log"));

        assertThat(result.succeeded()).isFalse();
        assertThat(result.summary()).contains("exited with code 137").doesNotContain("worktree kept");
        // the log's tail goes back to the submitting side with the result: it points at no kept worktree either
        assertThat(Files.readString(logs.resolve("greet.log"))).contains("wave: failed: ").doesNotContain("worktree kept");
    }
}
