package dev.wave.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.plan.Plan;
import dev.wave.plan.Task;
import dev.wave.schedule.Mode;
import dev.wave.schedule.PriorityOrder;
import dev.wave.schedule.TaskState;
import dev.wave.schedule.Waves;
import dev.wave.testing.Dags;
import dev.wave.testing.ScriptedExecutor;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Every test here waits on a latch or a future: the class timeout ends any wait that would hang. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class RunnerTest {
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<TaskRecord> ended = new ArrayList<>();

    @TempDir
    Path directory;

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    private Runner runner(Plan plan, int agents, ScriptedExecutor executor, boolean failFast) {
        RunOptions options = RunOptions.defaults(directory, directory).withAgents(agents).withFailFast(failFast)
                .withRetryBackoff(Duration.ofMillis(1));
        RunListener listener = new RunListener() {
            @Override
            public synchronized void taskEnded(TaskRecord record) {
                ended.add(record);
            }
        };
        return new Runner(plan, Waves.of(plan.graph()), options, executor, listener, Clock.systemUTC(), threads);
    }

    private static Map<String, TaskRecord> byId(RunResult result) {
        return result.tasks().stream().collect(Collectors.toMap(TaskRecord::id, Function.identity()));
    }

    @Test
    void run_allSucceed_recordsEveryTask() throws Exception {
        Plan plan = Dags.random(3, 40, 0.3, 0.1, 10);
        ScriptedExecutor executor = new ScriptedExecutor();

        RunResult result = runner(plan, 4, executor, false).run();

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(result.tasks()).allSatisfy(task -> {
            assertThat(task.state()).isEqualTo(TaskState.SUCCEEDED);
            assertThat(task.attempts()).isEqualTo(1);
            assertThat(task.instance()).hasValueSatisfying(instance -> assertThat(instance).matches("I[1-4]"));
            assertThat(task.exitCode()).contains(0);
        });
        assertThat(executor.calls()).hasSize(40);
        assertThat(executor.peakConcurrency()).isLessThanOrEqualTo(4);
        assertThat(result.peakConcurrency()).isLessThanOrEqualTo(4);
        assertThat(ended).hasSize(40);
    }

    @Test
    void hooksOrder_decidesWhichReadyTaskRunsFirst() throws Exception {
        Plan plan = Plan.of("test", List.of(Task.shell("short", "x", List.of()).withEstimate(Duration.ofSeconds(1)),
                Task.shell("long", "x", List.of()).withEstimate(Duration.ofSeconds(10))));
        RunOptions options = RunOptions.defaults(directory, directory).withAgents(1);
        ScriptedExecutor byDefault = new ScriptedExecutor();
        ScriptedExecutor chosen = new ScriptedExecutor();

        new Runner(plan, Waves.of(plan.graph()), options, byDefault, RunListener.none(), Clock.systemUTC(), threads).run();
        new Runner(plan, Waves.of(plan.graph()), options, chosen, RunListener.none(), Clock.systemUTC(), threads,
                FailurePolicy.skipDependents(),
                RunHooks.defaults().withOrder(PriorityOrder.of("short first", new long[] {0, 1}))).run();

        assertThat(byDefault.calls()).containsExactly("long", "short");
        assertThat(chosen.calls()).containsExactly("short", "long");
    }

    @Test
    void failedTask_skipsItsDependents_andIndependentWorkGoesOn() throws Exception {
        Plan plan = Dags.parse("""
                a 1
                b 1 <- a
                c 1 <- b
                d 1
                e 1 <- d
                """);
        ScriptedExecutor executor = new ScriptedExecutor().failing("a", 1);

        RunResult result = runner(plan, 2, executor, false).run();

        Map<String, TaskRecord> tasks = byId(result);
        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(tasks.get("a").state()).isEqualTo(TaskState.FAILED);
        assertThat(tasks.get("a").exitCode()).contains(1);
        assertThat(tasks.get("b").state()).isEqualTo(TaskState.SKIPPED);
        assertThat(tasks.get("c").state()).isEqualTo(TaskState.SKIPPED);
        assertThat(tasks.get("c").summary()).isEqualTo("skipped: it depends on \"a\", which failed");
        assertThat(tasks.get("e").state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(executor.calls()).containsExactlyInAnyOrder("a", "d", "e");
    }

    @Test
    void retries_runUntilSuccess_andCountAttempts() throws Exception {
        Plan plan = Plan.of("p", List.of(Task.shell("flaky", "x", List.of()).withRetries(3)));
        ScriptedExecutor executor = new ScriptedExecutor().failing("flaky", 2);

        RunResult result = runner(plan, 1, executor, false).run();

        assertThat(result.tasks().get(0).state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(result.tasks().get(0).attempts()).isEqualTo(3);
    }

    @Test
    void retries_exhausted_failTheTask() throws Exception {
        Plan plan = Plan.of("p", List.of(Task.shell("broken", "x", List.of()).withRetries(2)));
        ScriptedExecutor executor = new ScriptedExecutor().failing("broken", 5);

        RunResult result = runner(plan, 1, executor, false).run();

        assertThat(result.tasks().get(0).state()).isEqualTo(TaskState.FAILED);
        assertThat(result.tasks().get(0).attempts()).isEqualTo(3);
    }

    @Test
    void failFast_cancelsRunningAndPendingTasks() throws Exception {
        Plan plan = Dags.parse("""
                slow 1000
                bad 1
                later 1 <- slow
                """);
        ScriptedExecutor executor = new ScriptedExecutor().holding("slow").failing("bad", 1);

        RunResult result = runner(plan, 2, executor, true).run();

        Map<String, TaskRecord> tasks = byId(result);
        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(tasks.get("bad").state()).isEqualTo(TaskState.FAILED);
        assertThat(tasks.get("slow").state()).isEqualTo(TaskState.CANCELLED);
        assertThat(tasks.get("later").state()).isIn(TaskState.CANCELLED, TaskState.SKIPPED);
        assertThat(executor.calls()).doesNotContain("later");
    }

    @Test
    void cancel_interruptsRunningTasks_andEndsInterrupted() throws Exception {
        Plan plan = Dags.parse("""
                a 10
                b 10
                c 10 <- a
                """);
        ScriptedExecutor executor = new ScriptedExecutor().holding("a").holding("b");
        Runner runner = runner(plan, 2, executor, false);

        Future<RunResult> run = threads.submit(runner::run);
        executor.awaitStarted("a");
        executor.awaitStarted("b");
        runner.cancel();
        RunResult result = run.get(30, TimeUnit.SECONDS);

        Map<String, TaskRecord> tasks = byId(result);
        assertThat(result.status()).isEqualTo(RunStatus.INTERRUPTED);
        assertThat(tasks.get("a").state()).isEqualTo(TaskState.CANCELLED);
        assertThat(tasks.get("b").state()).isEqualTo(TaskState.CANCELLED);
        assertThat(tasks.get("c").state()).isEqualTo(TaskState.CANCELLED);
        assertThat(tasks.get("c").summary()).isEqualTo("cancelled before it started: the run was interrupted");
    }

    @Test
    void keepsNAgentsBusy_whenNTasksAreReady() throws Exception {
        Plan plan = Dags.parse("""
                a 10
                b 10
                c 10
                d 10
                """);
        ScriptedExecutor executor = new ScriptedExecutor().holding("a").holding("b").holding("c");
        Runner runner = runner(plan, 3, executor, false);

        Future<RunResult> run = threads.submit(runner::run);
        executor.awaitStarted("a");
        executor.awaitStarted("b");
        executor.awaitStarted("c");
        assertThat(executor.calls()).containsExactlyInAnyOrder("a", "b", "c");
        executor.release("a");
        executor.awaitStarted("d");
        executor.release("b");
        executor.release("c");

        RunResult result = run.get(30, TimeUnit.SECONDS);
        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(result.peakConcurrency()).isEqualTo(3);
    }

    @Test
    void waves_mode_holdsTheNextWaveUntilTheWholeWaveEnds() throws Exception {
        Plan plan = Dags.parse("""
                a 10
                b 10
                c 10 <- a
                """);
        ScriptedExecutor executor = new ScriptedExecutor().holding("b");
        java.util.concurrent.CountDownLatch aEnded = new java.util.concurrent.CountDownLatch(1);
        RunListener listener = new RunListener() {
            @Override
            public void taskEnded(TaskRecord record) {
                if (record.id().equals("a")) {
                    aEnded.countDown();
                }
            }
        };
        RunOptions options = RunOptions.defaults(directory, directory).withAgents(2).withMode(Mode.WAVES);
        Runner runner = new Runner(plan, Waves.of(plan.graph()), options, executor, listener, Clock.systemUTC(), threads);

        Future<RunResult> run = threads.submit(runner::run);
        assertThat(aEnded.await(30, TimeUnit.SECONDS)).as("task a ended").isTrue();
        executor.release("b");
        RunResult result = run.get(30, TimeUnit.SECONDS);

        Map<String, TaskRecord> tasks = byId(result);
        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(tasks.get("c").startedAt().orElseThrow()).isAfterOrEqualTo(tasks.get("b").finishedAt().orElseThrow());
        assertThat(executor.calls()).endsWith("c");
    }

    @Test
    void aListenerThatIsStillBusy_doesNotHoldBackTheNextTask() throws Exception {
        Plan plan = Plan.of("two", List.of(Task.shell("first", "true", List.of()), Task.shell("second", "true", List.of("first"))));
        java.util.concurrent.CountDownLatch secondStarted = new java.util.concurrent.CountDownLatch(1);
        List<Boolean> sawSecondStart = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        TaskExecutor executor = (task, workDirectory, log) -> {
            if (task.id().equals("second")) {
                secondStarted.countDown();
            }
            return ExecutionResult.exited(0, "");
        };
        RunListener listener = new RunListener() {
            @Override
            public void taskStarted(TaskStart start) {
                heard.add("started " + start.id());
            }

            @Override
            public void taskEnded(TaskRecord record) {
                if (record.id().equals("first")) {
                    // Delivered on the worker, this would wait for a start that only comes after it returns.
                    try {
                        sawSecondStart.add(secondStarted.await(30, TimeUnit.SECONDS));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                heard.add("ended " + record.id());
            }
        };
        RunOptions options = RunOptions.defaults(directory, directory).withAgents(1);

        RunResult result = new Runner(plan, Waves.of(plan.graph()), options, executor, listener, Clock.systemUTC(), threads)
                .run();

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(sawSecondStart).containsExactly(true);
        assertThat(heard).containsExactly("started first", "ended first", "started second", "ended second");
    }
}
