package dev.wave.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.plan.Plan;
import dev.wave.plan.Task;
import dev.wave.schedule.Waves;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * When a worker goes on from a task's end to its dependent, the listener hears the end once the dependent
 * has started, not before (its work would compete with the start) and not only after the dependent ended.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class RunnerDeliveryTest {
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final CountDownLatch firstEndHeard = new CountDownLatch(1);
    private final List<String> heard = new ArrayList<>();

    @TempDir
    Path directory;

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    /** A journal that keeps its events in memory: with one, the runner makes a step durable before it carries it out. */
    private static final class MemoryLog implements EventLog {
        private final List<RunEvent> events = new ArrayList<>();

        @Override
        public synchronized void append(RunEvent event) {
            events.add(event);
        }

        @Override
        public void sync() {}
    }

    private final RunListener listener = new RunListener() {
        @Override
        public void taskEnded(TaskRecord record) {
            synchronized (heard) {
                heard.add(record.id());
            }
            if (record.id().equals("first")) {
                firstEndHeard.countDown();
            }
        }
    };

    private RunResult run(TaskExecutor executor, boolean journal) throws InterruptedException {
        Plan plan = Plan.of("delivery", List.of(Task.shell("first", "x", List.of()), Task.shell("second", "x", List.of("first"))));
        RunHooks hooks = journal ? RunHooks.defaults().withEventLog(new MemoryLog()) : RunHooks.defaults();
        return new Runner(plan, Waves.of(plan.graph()), RunOptions.defaults(directory, directory).withAgents(1), executor,
                listener, Clock.systemUTC(), threads, FailurePolicy.skipDependents(), hooks).run();
    }

    /** The dependent's attempt waits, once started, until the listener has heard its dependency's end. */
    private final TaskExecutor awaitingTheFirstEnd = new TaskExecutor() {
        @Override
        public ExecutionResult execute(Task task, Path workDirectory, Path log) throws InterruptedException {
            return execute(task, workDirectory, log, () -> {});
        }

        @Override
        public ExecutionResult execute(Task task, Path workDirectory, Path log, Runnable started) throws InterruptedException {
            started.run();
            if (task.id().equals("second") && !firstEndHeard.await(20, TimeUnit.SECONDS)) {
                return ExecutionResult.failed("the end of first was not heard while second ran");
            }
            return ExecutionResult.exited(0, "");
        }
    };

    @Test
    void aTaskEnd_isHeard_onceItsDependentHasStarted_whileTheDependentRuns() throws Exception {
        for (boolean journal : new boolean[] {true, false}) {
            RunResult result = run(awaitingTheFirstEnd, journal);

            assertThat(result.status()).as("with a journal: %s", journal).isEqualTo(RunStatus.SUCCEEDED);
        }
    }

    @Test
    void anExecutorThatNeverSaysItStarted_stillHasEveryEventHeard_inOrder() throws Exception {
        TaskExecutor silent = new TaskExecutor() {
            @Override
            public ExecutionResult execute(Task task, Path workDirectory, Path log) {
                return ExecutionResult.exited(0, "");
            }

            @Override
            public ExecutionResult execute(Task task, Path workDirectory, Path log, Runnable started) {
                return ExecutionResult.exited(0, "");
            }
        };

        RunResult result = run(silent, true);

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(heard).containsExactly("first", "second");
    }
}
