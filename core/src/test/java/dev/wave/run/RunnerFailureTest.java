package dev.wave.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.plan.Plan;
import dev.wave.plan.Task;
import dev.wave.schedule.Mode;
import dev.wave.schedule.TaskState;
import dev.wave.schedule.Waves;
import dev.wave.testing.ScriptedExecutor;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class RunnerFailureTest {
    @TempDir
    Path directory;

    @Test
    void run_failureRateOverTenPercent_goesSequentialAndRetries() throws InterruptedException {
        Plan plan = independent(10, 1);
        ScriptedExecutor executor = new ScriptedExecutor().failing("t0", 1).failing("t1", 1);

        RunResult result = run(plan, executor, new FailurePolicy(FailureThresholds.defaults(),
                FailureHandler.skipDependents("on_failure: continue")), 4);

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(result.decisions()).extracting(FailureDecision::action)
                .containsExactly(FailureDecision.Action.RETRY, FailureDecision.Action.SEQUENTIAL);
        assertThat(result.decisions().get(1).agentsBefore()).isEqualTo(4);
        assertThat(result.decisions().get(1).agentsAfter()).isEqualTo(1);
        assertThat(result.tasks()).extracting(TaskRecord::attempts).containsExactly(2, 2, 1, 1, 1, 1, 1, 1, 1, 1);
    }

    @Test
    void run_failureRateOverFiftyPercent_abortsAndCancelsTheRest() throws InterruptedException {
        Plan plan = independent(4, 0);
        ScriptedExecutor executor = new ScriptedExecutor().failing("t0", 1).failing("t1", 1).failing("t2", 1);

        RunResult result = run(plan, executor, new FailurePolicy(FailureThresholds.defaults(),
                FailureHandler.skipDependents("on_failure: continue")), 1);

        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.decisions()).extracting(FailureDecision::action).containsExactly(
                FailureDecision.Action.SKIP_DEPENDENTS, FailureDecision.Action.SEQUENTIAL,
                FailureDecision.Action.SKIP_DEPENDENTS, FailureDecision.Action.ABORT);
        assertThat(result.abort().orElseThrow().reason()).isEqualTo("failure rate 3/4 tasks = 75.0%, over 50%: abort and report");
        assertThat(result.tasks()).extracting(TaskRecord::state).containsExactly(TaskState.FAILED, TaskState.FAILED,
                TaskState.FAILED, TaskState.CANCELLED);
        assertThat(result.tasks().get(3).summary()).startsWith("cancelled before it started: the run was aborted");
        assertThat(executor.calls()).containsExactly("t0", "t1", "t2");
    }

    @Test
    void run_abortHandler_stopsAtFirstTaskThatFailsForGood_andTheAgentServedOtherWorkDuringTheRetryWait()
            throws InterruptedException {
        Plan plan = independent(3, 1);
        ScriptedExecutor executor = new ScriptedExecutor().failing("t0", 2);
        RunTimer immediately = (delay, action) -> {
            action.run();
            return () -> {};
        };

        RunResult result = new Runner(plan, Waves.of(plan.graph()), options(1), executor, RunListener.none(),
                Clock.systemUTC(), Runnable::run, new FailurePolicy(FailureThresholds.defaults(),
                        FailureHandler.abort("on_failure: rollback")), RunHooks.defaults().withTimer(immediately)).run();

        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(executor.calls()).containsExactly("t0", "t1", "t0");
        assertThat(result.tasks()).extracting(TaskRecord::state).containsExactly(TaskState.FAILED, TaskState.SUCCEEDED,
                TaskState.CANCELLED);
        assertThat(result.decisions()).extracting(FailureDecision::action)
                .containsExactly(FailureDecision.Action.RETRY, FailureDecision.Action.ABORT);
        assertThat(result.abort().orElseThrow().reason()).isEqualTo("on_failure: rollback: stop the run");
    }

    @Test
    void run_handlerAnswersRetry_runsTheTaskAgainWithFreshRetries() throws InterruptedException {
        Plan plan = independent(1, 0);
        ScriptedExecutor executor = new ScriptedExecutor().failing("t0", 2);
        List<String> asked = new ArrayList<>();
        FailureHandler handler = (taskId, attempts, failure) -> {
            asked.add(taskId + " after " + attempts + ": " + failure);
            return new FailureHandler.Resolution(FailureHandler.Choice.RETRY, "answered retry");
        };

        RunResult result = run(plan, executor, new FailurePolicy(FailureThresholds.defaults(), handler), 1);

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(asked).containsExactly("t0 after 1: t0 broke", "t0 after 2: t0 broke");
        assertThat(result.tasks().get(0).attempts()).isEqualTo(3);
    }

    @Test
    void run_listenerHearsEveryDecision() throws InterruptedException {
        Plan plan = independent(2, 1);
        List<FailureDecision> heard = new ArrayList<>();
        RunListener listener = new RunListener() {
            @Override
            public void failureDecided(FailureDecision decision) {
                heard.add(decision);
            }
        };
        ScriptedExecutor executor = new ScriptedExecutor().failing("t1", 1);
        Runner runner = new Runner(plan, Waves.of(plan.graph()), options(1), executor, listener, Clock.systemUTC(),
                Runnable::run, new FailurePolicy(FailureThresholds.defaults(), FailureHandler.abort("on_failure: rollback")));

        RunResult result = runner.run();

        assertThat(heard).isEqualTo(result.decisions()).hasSize(1);
    }

    @Test
    void run_journalThatCannotBeWritten_stopsTheRunAsFailed_andStartsNothingMore() throws InterruptedException {
        Plan plan = independent(6, 0);
        ScriptedExecutor executor = new ScriptedExecutor();
        java.util.concurrent.atomic.AtomicInteger syncs = new java.util.concurrent.atomic.AtomicInteger();
        EventLog brokenAfterTwo = new EventLog() {
            @Override
            public void append(RunEvent event) {}

            @Override
            public void sync() {
                if (syncs.incrementAndGet() > 2) {
                    throw new EventLog.JournalFailure("disk full", null);
                }
            }
        };
        Runner runner = new Runner(plan, Waves.of(plan.graph()), options(1), executor, RunListener.none(),
                Clock.systemUTC(), Runnable::run, FailurePolicy.skipDependents(),
                RunHooks.defaults().withEventLog(brokenAfterTwo));

        RunResult result = runner.run();

        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(runner.journalFailure()).contains("the journal could not be written: disk full");
        assertThat(executor.calls()).hasSizeLessThan(6);
        assertThat(result.tasks()).extracting(TaskRecord::state).contains(TaskState.CANCELLED);
    }

    @Test
    @org.junit.jupiter.api.Timeout(60)
    void aTaskEnd_isDurableAtOnce_evenWhenItReleasesNothing_soAResumeAfterACrashNeverRunsItAgain()
            throws InterruptedException {
        Plan plan = Plan.of("test", List.of(Task.shell("once", "true", List.of()), Task.shell("long", "true", List.of())));
        List<String> durableEnds = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<RunEvent> pending = new ArrayList<>();
        EventLog journal = new EventLog() {
            @Override
            public synchronized void append(RunEvent event) {
                pending.add(event);
            }

            @Override
            public synchronized void sync() {
                pending.stream().filter(RunEvent.TaskEnded.class::isInstance)
                        .forEach(event -> durableEnds.add(((RunEvent.TaskEnded) event).taskId()));
                pending.clear();
            }
        };
        java.util.concurrent.atomic.AtomicBoolean seenWhileLongRan = new java.util.concurrent.atomic.AtomicBoolean();
        TaskExecutor executor = (task, work, log) -> {
            if (task.id().equals("long")) { // runs on until "once"'s end is durable (a crash now must not lose it)
                long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                while (!durableEnds.contains("once") && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                seenWhileLongRan.set(durableEnds.contains("once"));
            }
            return ExecutionResult.exited(0, "ok");
        };
        java.util.concurrent.ExecutorService workers = java.util.concurrent.Executors.newCachedThreadPool();
        try {
            RunResult result = new Runner(plan, Waves.of(plan.graph()), options(2), executor, RunListener.none(),
                    Clock.systemUTC(), workers, FailurePolicy.skipDependents(), RunHooks.defaults().withEventLog(journal))
                    .run();

            assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(seenWhileLongRan).as("the end of \"once\" was durable while \"long\" still ran").isTrue();
        } finally {
            workers.shutdownNow();
        }
    }

    private RunResult run(Plan plan, TaskExecutor executor, FailurePolicy policy, int agents) throws InterruptedException {
        return new Runner(plan, Waves.of(plan.graph()), options(agents), executor, RunListener.none(), Clock.systemUTC(),
                Runnable::run, policy).run();
    }

    private RunOptions options(int agents) {
        return new RunOptions(agents, Mode.FLOW, false, directory, directory, Duration.ZERO);
    }

    private static Plan independent(int count, int retries) {
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            tasks.add(Task.shell("t" + i, "true", List.of()).withRetries(retries));
        }
        return Plan.of("test", tasks);
    }
}
