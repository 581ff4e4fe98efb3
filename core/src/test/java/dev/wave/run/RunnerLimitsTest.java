package dev.wave.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.plan.Action;
import dev.wave.plan.Plan;
import dev.wave.plan.Task;
import dev.wave.schedule.TaskState;
import dev.wave.schedule.Waves;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Fix waves and budgets through the threaded runner, with a fake executor that answers by task id. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class RunnerLimitsTest {
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<String> heard = new ArrayList<>();
    private final List<String> executed = java.util.Collections.synchronizedList(new ArrayList<>());

    @TempDir
    Path directory;

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    private RunResult run(Plan plan, RunLimits limits, TaskExecutor executor) throws InterruptedException {
        RunOptions options = RunOptions.defaults(directory, directory).withAgents(2).withRetryBackoff(Duration.ofMillis(1))
                .withLimits(limits);
        RunListener listener = new RunListener() {
            @Override
            public synchronized void fixWaveInserted(String id, String wave, String failure) {
                heard.add("fix wave " + wave + " for " + id);
            }

            @Override
            public synchronized void insertedTaskStarted(TaskStart start, String wave) {
                heard.add("started " + start.id() + " in " + wave);
            }

            @Override
            public synchronized void insertedTaskEnded(InsertedTask task) {
                heard.add(task.record().state().label() + " " + task.record().id());
            }

            @Override
            public synchronized void budgetReached(String reason) {
                heard.add(reason);
            }
        };
        return new Runner(plan, Waves.of(plan.graph()), options, executor, listener, Clock.systemUTC(), threads,
                FailurePolicy.skipDependents()).run();
    }

    private static Task agent(String id, String... dependsOn) {
        return new Task(id, id, new Action.Agent("do " + id), List.of(dependsOn), Optional.empty(), Optional.empty(), false,
                Optional.empty(), 0, Map.of(), Optional.of("make test"));
    }

    @Test
    void failedCheck_runsTheInsertedFixWave_andTheRunSucceeds() throws Exception {
        Plan plan = Plan.of("test", List.of(agent("api"), Task.shell("docs", "x", List.of("api"))));
        TaskExecutor executor = (task, work, log) -> {
            executed.add(task.id());
            if (task.id().equals("api")) {
                return new ExecutionResult(Optional.of(0), false, "make test: exit 1", List.of("api.py"),
                        Usage.of(100, 50, 0.02), false, Optional.of("FAILED test_api"));
            }
            return ExecutionResult.succeeded(task.id() + " done", List.of()).withUsage(
                    task.action() instanceof Action.Agent ? Usage.of(10, 5, 0.01) : Usage.NONE);
        };

        RunResult result = run(plan, RunLimits.none().withFixAttempts(1), executor);

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(executed).containsExactly("api", "api.fix1.analyse", "api.fix1.fix", "api.fix1.recheck", "docs");
        assertThat(result.inserted()).extracting(task -> task.record().id()).containsExactly("api.fix1.analyse",
                "api.fix1.fix", "api.fix1.recheck");
        assertThat(heard).containsExactly("fix wave 1.1 for api", "started api.fix1.analyse in 1.1",
                "succeeded api.fix1.analyse", "started api.fix1.fix in 1.1", "succeeded api.fix1.fix",
                "started api.fix1.recheck in 1.1", "succeeded api.fix1.recheck");
        assertThat(result.usage()).isEqualTo(Usage.of(120, 60, 0.04));
        assertThat(result.usage(1)).isEqualTo(result.usage());
    }

    @Test
    void budget_stopsStartingAgents_andTheResultSaysWhy() throws Exception {
        Plan plan = Plan.of("test", List.of(agent("a"), agent("b", "a"), Task.shell("sh", "x", List.of())));
        TaskExecutor executor = (task, work, log) -> ExecutionResult.succeeded("ok", List.of())
                .withUsage(task.action() instanceof Action.Agent ? Usage.of(1, 1, 2.50) : Usage.NONE);

        RunResult result = run(plan, RunLimits.none().withBudgetUsd(2.00), executor);

        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.budgetReached()).contains("budget reached: $2.5000 of $2.0000");
        assertThat(result.tasks()).extracting(TaskRecord::state).containsExactly(TaskState.SUCCEEDED, TaskState.SKIPPED,
                TaskState.SUCCEEDED);
        assertThat(heard).containsExactly("budget reached: $2.5000 of $2.0000");
    }

    @Test
    void rateLimitedAttempt_isRetriedOnceItsProvidersPauseEnds() throws Exception {
        Plan plan = Plan.of("test", List.of(agent("a").withRetries(1)));
        java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();
        TaskExecutor executor = (task, work, log) -> {
            executed.add(task.id());
            return attempts.incrementAndGet() == 1 ? ExecutionResult.failed("429 rate_limit_error").withRateLimited(true)
                    : ExecutionResult.succeeded("ok", List.of());
        };

        RunResult result = run(plan, RunLimits.none().withRateLimitBackoff(Duration.ofMillis(1)), executor);

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(executed).as("the retry waits for the timer that ends the pause").containsExactly("a", "a");
    }
}
