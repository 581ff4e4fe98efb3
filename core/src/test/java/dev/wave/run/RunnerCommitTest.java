package dev.wave.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.plan.Plan;
import dev.wave.plan.Task;
import dev.wave.plan.TaskGraph;
import dev.wave.schedule.Mode;
import dev.wave.schedule.Waves;
import dev.wave.testing.Dags;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * When a task's end is committed relative to the next starts: a dependent starts only once the end of its
 * dependency is durable; a task that does not depend on it may start while that end is being committed.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class RunnerCommitTest {
    private final ExecutorService workers = Executors.newCachedThreadPool();

    @TempDir
    Path directory;

    @AfterEach
    void stopThreads() {
        workers.shutdownNow();
    }

    /**
     * An event log that makes events durable one sync at a time, as the journal does (appending only queues, under a
     * lock of its own), and remembers which ends and starts are durable. Each sync after the first calls {@code hold}
     * first (a commit that takes long).
     */
    private static final class SlowLog implements EventLog {
        final Set<String> durableEnds = ConcurrentHashMap.newKeySet();
        final Set<String> durableStarts = ConcurrentHashMap.newKeySet();
        private final Object queue = new Object();
        private List<RunEvent> pending = new ArrayList<>(); // guarded by queue
        private final Runnable hold;
        private int syncs; // guarded by this

        SlowLog(Runnable hold) {
            this.hold = hold;
        }

        @Override
        public void append(RunEvent event) {
            synchronized (queue) {
                pending.add(event);
            }
        }

        @Override
        public synchronized void sync() {
            List<RunEvent> batch;
            synchronized (queue) {
                batch = pending;
                pending = new ArrayList<>();
            }
            if (++syncs > 1) {
                hold.run();
            }
            for (RunEvent event : batch) {
                if (event instanceof RunEvent.TaskEnded ended) {
                    durableEnds.add(ended.taskId());
                } else if (event instanceof RunEvent.AttemptStarted started) {
                    durableStarts.add(started.taskId());
                }
            }
        }
    }

    @Test
    void aReadyTaskThatDoesNotDependOnTheTaskThatEnded_startsWhileThatEndIsBeingCommitted() throws Exception {
        Plan plan = Plan.of("two", List.of(Task.shell("first", "true", List.of()).withEstimate(Duration.ofSeconds(10)),
                Task.shell("second", "true", List.of()).withEstimate(Duration.ofSeconds(1))));
        CountDownLatch secondStarted = new CountDownLatch(1);
        SlowLog log = new SlowLog(() -> awaitAtMost(secondStarted, 10_000)); // the commit of first's end ends after second started
        List<Boolean> firstDurableAtSecondsStart = new CopyOnWriteArrayList<>();
        TaskExecutor executor = (task, work, out) -> {
            if (task.id().equals("second")) {
                firstDurableAtSecondsStart.add(log.durableEnds.contains("first"));
                secondStarted.countDown();
            }
            return ExecutionResult.exited(0, "");
        };

        RunResult result = runner(plan, 1, executor, log, RunListener.none()).run();

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(firstDurableAtSecondsStart).containsExactly(false);
        assertThat(log.durableEnds).containsExactlyInAnyOrder("first", "second");
    }

    @Test
    void aDependent_startsOnlyOnceTheEndOfItsDependencyIsDurable() throws Exception {
        Plan plan = Plan.of("chain", List.of(Task.shell("first", "true", List.of()),
                Task.shell("then", "true", List.of("first")).withEstimate(Duration.ofMinutes(10)),
                Task.shell("other", "true", List.of())));
        CountDownLatch thenStarted = new CountDownLatch(1);
        // A slow commit: long enough for a start that did not wait for it to come first (it must not come at all).
        SlowLog log = new SlowLog(() -> awaitAtMost(thenStarted, 200));
        List<Boolean> firstDurableAtThensStart = new CopyOnWriteArrayList<>();
        TaskExecutor executor = (task, work, out) -> {
            if (task.id().equals("then")) {
                firstDurableAtThensStart.add(log.durableEnds.contains("first"));
                thenStarted.countDown();
            }
            return ExecutionResult.exited(0, "");
        };

        RunResult result = runner(plan, 1, executor, log, RunListener.none()).run();

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(firstDurableAtThensStart).containsExactly(true);
    }

    @Test
    void onARandomGraph_noTaskStartsBeforeTheEndsItDependsOnAreDurable_andTheListenerHearsOnlyDurableEvents()
            throws Exception {
        long seed = System.nanoTime();
        Plan plan = Dags.random(seed, 150, 0.4, 0, 100); // dense: the next start is often a dependent of the end
        TaskGraph graph = plan.graph();
        SlowLog log = new SlowLog(() -> spin(200));
        List<String> violations = new CopyOnWriteArrayList<>();
        TaskExecutor executor = (task, work, out) -> {
            int index = graph.indexOf(task.id());
            for (int k = 0; k < graph.dependencyCount(index); k++) {
                if (!log.durableEnds.contains(graph.id(graph.dependency(index, k)))) {
                    violations.add(task.id() + " started before the end of " + graph.id(graph.dependency(index, k)));
                }
            }
            spin(1000); // a task longer than a commit: the next starts find the steps before them durable
            return ExecutionResult.exited(0, "");
        };
        RunListener listener = new RunListener() {
            @Override
            public void taskStarted(TaskStart start) {
                if (!log.durableStarts.contains(start.id())) {
                    violations.add("heard the start of " + start.id() + " before it was durable");
                }
            }

            @Override
            public void taskEnded(TaskRecord record) {
                if (!log.durableEnds.contains(record.id())) {
                    violations.add("heard the end of " + record.id() + " before it was durable");
                }
            }
        };

        RunResult result = runner(plan, 4, executor, log, listener).run();

        assertThat(violations).as("seed %d", seed).isEmpty();
        assertThat(result.status()).as("seed %d", seed).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(log.durableEnds).as("seed %d: every end durable when the run returns", seed).hasSize(plan.size());
    }

    private Runner runner(Plan plan, int agents, TaskExecutor executor, EventLog log, RunListener listener) {
        RunOptions options = new RunOptions(agents, Mode.FLOW, false, directory, directory, Duration.ZERO);
        return new Runner(plan, Waves.of(plan.graph()), options, executor, listener, Clock.systemUTC(), workers,
                FailurePolicy.skipDependents(), RunHooks.defaults().withEventLog(log));
    }

    /** Busy for {@code micros}, without sleeping: a commit's or a task's cost, for the other threads to move meanwhile. */
    private static void spin(int micros) {
        long until = System.nanoTime() + TimeUnit.MICROSECONDS.toNanos(micros);
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }

    private static void awaitAtMost(CountDownLatch latch, int millis) {
        try {
            latch.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
