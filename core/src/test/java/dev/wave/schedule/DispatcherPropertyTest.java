package dev.wave.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.plan.Plan;
import dev.wave.plan.TaskGraph;
import dev.wave.testing.Dags;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Drives the dispatcher over random DAGs on a virtual clock with random real durations (not the
 * estimates) and random failures, and checks the scheduling contract at every step. Each case is
 * drawn from a seeded generator, and a failure names its case, so every failure reproduces.
 */
final class DispatcherPropertyTest {
    private static final long MASTER_SEED = 20261121;

    @Test
    void everyScheduleKeepsTheContract() {
        Random cases = new Random(MASTER_SEED);
        for (int i = 0; i < 400; i++) {
            long seed = cases.nextInt(1_000_000);
            int size = 1 + cases.nextInt(80);
            int agents = 1 + cases.nextInt(8);
            boolean waves = cases.nextBoolean();
            boolean failures = cases.nextBoolean();
            try {
                checkContract(seed, size, agents, waves, failures);
            } catch (AssertionError e) {
                throw new AssertionError(String.format("case seed=%d size=%d agents=%d waves=%b failures=%b: %s",
                        seed, size, agents, waves, failures, e.getMessage()), e);
            }
        }
    }

    private static void checkContract(long seed, int size, int agents, boolean waves, boolean failures) {
        Plan plan = Dags.random(seed, size, 0.25, 0.08, 100);
        TaskGraph graph = plan.graph();
        Mode mode = waves ? Mode.WAVES : Mode.FLOW;
        Waves structure = Waves.of(graph);
        Dispatcher dispatcher = new Dispatcher(graph, mode, agents, structure);
        Random random = new Random(seed);
        int n = graph.size();
        long[] start = new long[n];
        long[] finish = new long[n];
        java.util.Arrays.fill(start, -1);
        boolean[] fails = new boolean[n];
        List<Integer> running = new ArrayList<>();
        long now = 0;

        while (true) {
            for (int task = dispatcher.next(now); task >= 0; task = dispatcher.next(now)) {
                start[task] = now;
                finish[task] = now + 1 + random.nextInt(150);
                fails[task] = failures && random.nextDouble() < 0.05;
                running.add(task);
                for (int k = 0; k < graph.dependencyCount(task); k++) {
                    int dependency = graph.dependency(task, k);
                    assertThat(dispatcher.state(dependency)).as("dependency of %s", graph.id(task))
                            .isEqualTo(TaskState.SUCCEEDED);
                    assertThat(finish[dependency]).isLessThanOrEqualTo(now);
                }
            }
            assertThat(running).hasSizeLessThanOrEqualTo(agents);
            assertThat(dispatcher.running()).isEqualTo(running.size());
            boolean criticalRunning = running.stream().anyMatch(graph::isCritical);
            if (criticalRunning) {
                assertThat(running).as("a critical task runs alone").hasSize(1);
            }
            if (mode == Mode.FLOW && running.size() < agents && !criticalRunning) {
                // Work-conserving: an agent idles only while a critical task waits for the others to end.
                List<Integer> ready = readyTasks(graph, dispatcher);
                if (!ready.isEmpty()) {
                    assertThat(ready.stream().anyMatch(graph::isCritical)).as("idle agents with ready work %s", ready)
                            .isTrue();
                }
            }
            if (running.isEmpty()) {
                break;
            }
            int ending = running.stream().min((a, b) -> Long.compare(finish[a], finish[b])).orElseThrow();
            running.remove(Integer.valueOf(ending));
            now = finish[ending];
            if (fails[ending]) {
                List<Integer> skipped = new ArrayList<>();
                dispatcher.failed(ending, TaskState.FAILED, skipped::add);
                for (int task : skipped) {
                    assertThat(start[task]).isEqualTo(-1);
                }
            } else {
                dispatcher.succeeded(ending);
            }
        }

        assertThat(dispatcher.isFinished()).isTrue();
        for (int task = 0; task < n; task++) {
            TaskState state = dispatcher.state(task);
            boolean anyDependencyBad = false;
            for (int k = 0; k < graph.dependencyCount(task); k++) {
                anyDependencyBad |= dispatcher.state(graph.dependency(task, k)) != TaskState.SUCCEEDED;
            }
            if (anyDependencyBad) {
                assertThat(state).as("task %s after a failed dependency", graph.id(task)).isEqualTo(TaskState.SKIPPED);
            } else {
                assertThat(state).isIn(TaskState.SUCCEEDED, TaskState.FAILED);
            }
            if (graph.isCritical(task) && start[task] >= 0) {
                for (int other = 0; other < n; other++) {
                    if (other != task && start[other] >= 0) {
                        assertThat(finish[other] <= start[task] || start[other] >= finish[task])
                                .as("%s overlaps critical %s", graph.id(other), graph.id(task)).isTrue();
                    }
                }
            }
        }
        if (mode == Mode.WAVES) {
            for (int a = 0; a < n; a++) {
                for (int b = 0; b < n; b++) {
                    if (start[a] >= 0 && start[b] >= 0 && structure.waveOf(a) < structure.waveOf(b)) {
                        assertThat(finish[a]).as("wave barrier %s before %s", graph.id(a), graph.id(b))
                                .isLessThanOrEqualTo(start[b]);
                    }
                }
            }
        }
    }

    @Test
    void simulatedMakespan_isNeverBelowTheLowerBound_norAboveSequential() {
        Random cases = new Random(MASTER_SEED + 1);
        for (int i = 0; i < 300; i++) {
            long seed = cases.nextInt(1_000_000);
            int size = 1 + cases.nextInt(200);
            int agents = 1 + cases.nextInt(16);
            Plan plan = Dags.random(seed, size, 0.2, 0.0, 1000);
            for (Mode mode : Mode.values()) {
                Simulation simulation = Simulator.simulate(plan.graph(), mode, agents);
                assertThat(simulation.makespanMillis()).as("seed %d size %d agents %d %s", seed, size, agents, mode)
                        .isBetween(simulation.lowerBoundMillis(), simulation.sequentialMillis());
                assertThat(simulation.peakConcurrency()).isLessThanOrEqualTo(agents);
            }
        }
    }

    /** Tasks whose dependencies all succeeded and that have not started: computed here, independently of the heap. */
    private static List<Integer> readyTasks(TaskGraph graph, Dispatcher dispatcher) {
        List<Integer> ready = new ArrayList<>();
        for (int task = 0; task < graph.size(); task++) {
            TaskState state = dispatcher.state(task);
            if (state != TaskState.PENDING && state != TaskState.READY) {
                continue;
            }
            boolean allSucceeded = true;
            for (int k = 0; k < graph.dependencyCount(task); k++) {
                allSucceeded &= dispatcher.state(graph.dependency(task, k)) == TaskState.SUCCEEDED;
            }
            if (allSucceeded) {
                ready.add(task);
            }
        }
        return ready;
    }
}
