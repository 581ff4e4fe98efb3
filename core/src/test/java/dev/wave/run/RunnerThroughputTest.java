package dev.wave.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.plan.Plan;
import dev.wave.plan.Task;
import dev.wave.schedule.Mode;
import dev.wave.schedule.TaskState;
import dev.wave.schedule.Waves;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** Many fast in-process tasks on several workers: order, limits and completeness hold under contention. */
final class RunnerThroughputTest {
    private static Plan randomPlan(int size, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Task> tasks = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            List<String> dependsOn = new ArrayList<>();
            for (int k = 0; i > 0 && k < random.nextInt(4); k++) {
                String dependency = "t" + random.nextInt(Math.max(0, i - 50), i);
                if (!dependsOn.contains(dependency)) {
                    dependsOn.add(dependency);
                }
            }
            tasks.add(Task.shell("t" + i, "true", dependsOn));
        }
        return Plan.of("throughput", tasks);
    }

    @Test
    void run_manyNoOpTasks_startsEachAfterItsDependenciesAndNeverExceedsTheAgents() throws InterruptedException {
        Plan plan = randomPlan(20_000, 7);
        int agents = 3;
        AtomicIntegerArray finished = new AtomicIntegerArray(plan.size());
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        List<String> violations = java.util.Collections.synchronizedList(new ArrayList<>());
        TaskExecutor executor = (task, workDirectory, log) -> {
            int now = running.incrementAndGet();
            peak.accumulateAndGet(now, Math::max);
            int index = plan.graph().indexOf(task.id());
            for (int k = 0; k < plan.graph().dependencyCount(index); k++) {
                if (finished.get(plan.graph().dependency(index, k)) == 0) {
                    violations.add(task.id());
                }
            }
            finished.set(index, 1);
            running.decrementAndGet();
            return ExecutionResult.succeeded("", List.of());
        };
        ExecutorService workers = Executors.newFixedThreadPool(agents);
        try {
            RunOptions options = RunOptions.defaults(Path.of("."), Path.of("logs")).withAgents(agents).withMode(Mode.FLOW);
            RunResult result = new Runner(plan, Waves.of(plan.graph()), options, executor, RunListener.none(),
                    Clock.systemUTC(), workers).run();

            assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(result.count(TaskState.SUCCEEDED)).isEqualTo(plan.size());
            assertThat(violations).isEmpty();
            assertThat(peak.get()).isLessThanOrEqualTo(agents);
            assertThat(result.peakConcurrency()).isBetween(1, agents);
            assertThat(result.tasks()).allSatisfy(record -> assertThat(record.instance().orElseThrow()).matches("I[1-3]"));
        } finally {
            workers.shutdownNow();
        }
    }

    @Test
    void run_failedTasks_skipTheirDependentsAndEveryTaskEndsOnce() throws InterruptedException {
        Plan plan = randomPlan(5_000, 11);
        java.util.Set<String> failing = java.util.Set.of("t10", "t999", "t2500");
        TaskExecutor executor = (task, workDirectory, log) -> failing.contains(task.id())
                ? ExecutionResult.exited(1, "boom") : ExecutionResult.succeeded("", List.of());
        java.util.Map<String, Integer> endedCount = new java.util.concurrent.ConcurrentHashMap<>();
        RunListener listener = new RunListener() {
            @Override
            public void taskEnded(TaskRecord record) {
                endedCount.merge(record.id(), 1, Integer::sum);
            }
        };
        ExecutorService workers = Executors.newFixedThreadPool(2);
        try {
            RunOptions options = RunOptions.defaults(Path.of("."), Path.of("logs")).withAgents(2);
            RunResult result = new Runner(plan, Waves.of(plan.graph()), options, executor, listener, Clock.systemUTC(),
                    workers).run();

            assertThat(result.status()).isEqualTo(RunStatus.FAILED);
            assertThat(result.count(TaskState.FAILED)).isEqualTo(3);
            assertThat(result.count(TaskState.SKIPPED)).isPositive();
            assertThat(result.count(TaskState.SUCCEEDED) + result.count(TaskState.SKIPPED) + 3).isEqualTo(plan.size());
            for (TaskRecord record : result.tasks()) {
                if (record.state() == TaskState.SKIPPED) {
                    int index = record.index();
                    boolean blocked = false;
                    for (int k = 0; k < plan.graph().dependencyCount(index); k++) {
                        TaskState dependency = result.tasks().get(plan.graph().dependency(index, k)).state();
                        blocked |= dependency == TaskState.FAILED || dependency == TaskState.SKIPPED;
                    }
                    assertThat(blocked).as(record.id()).isTrue();
                }
            }
            assertThat(endedCount).hasSize(plan.size()).allSatisfy((id, count) -> assertThat(count).isEqualTo(1));
        } finally {
            workers.shutdownNow();
        }
    }
}
