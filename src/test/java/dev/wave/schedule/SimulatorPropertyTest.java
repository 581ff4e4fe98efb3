package dev.wave.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.plan.Task;
import dev.wave.plan.TaskGraph;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Facts about the simulated schedule that hold for every DAG. Flow never being longer than waves
 * is not one of them (list scheduling has anomalies); the bench measures that instead.
 */
final class SimulatorPropertyTest {
    /** A random DAG: task i depends on some of tasks 0..i-1; durations 1-100 s; maybe a critical task or two. */
    record Dag(List<Task> tasks, int agents) {
        TaskGraph graph() {
            return TaskGraph.build("property", tasks);
        }

        boolean hasCritical() {
            return tasks.stream().anyMatch(Task::critical);
        }
    }

    @Provide
    Arbitrary<Dag> dags() {
        Arbitrary<Integer> sizes = Arbitraries.integers().between(1, 60);
        Arbitrary<Long> seeds = Arbitraries.longs();
        Arbitrary<Integer> agents = Arbitraries.integers().between(1, 16);
        Arbitrary<Boolean> critical = Arbitraries.integers().between(0, 4).map(i -> i == 0);
        return Combinators.combine(sizes, seeds, agents, critical).as(SimulatorPropertyTest::dag);
    }

    private static Dag dag(int size, long seed, int agents, boolean withCritical) {
        SplittableRandom random = new SplittableRandom(seed);
        double density = random.nextDouble(0.0, 0.3);
        List<Task> tasks = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            List<String> dependsOn = new ArrayList<>();
            for (int j = 0; j < i; j++) {
                if (random.nextDouble() < density) {
                    dependsOn.add("t" + j);
                }
            }
            Task task = Task.shell("t" + i, "true", dependsOn).withEstimate(Duration.ofSeconds(random.nextInt(1, 101)));
            tasks.add(withCritical && random.nextInt(10) == 0 ? task.withCritical(true) : task);
        }
        return new Dag(tasks, agents);
    }

    @Property(tries = 300)
    void makespan_isNeverBelowTheLowerBound_inEitherMode(@ForAll("dags") Dag dag) {
        TaskGraph graph = dag.graph();
        for (Mode mode : Mode.values()) {
            Simulation simulation = Simulator.simulate(graph, mode, dag.agents());
            assertThat(simulation.makespanMillis()).as(mode.label()).isGreaterThanOrEqualTo(simulation.lowerBoundMillis());
            assertThat(simulation.lowerBoundMillis()).isEqualTo(Math.max(graph.criticalPathMillis(),
                    (graph.totalWorkMillis() + dag.agents() - 1) / dag.agents()));
            assertThat(simulation.peakConcurrency()).isBetween(1, dag.agents());
            assertThat(simulation.utilisation()).isLessThanOrEqualTo(1.0);
        }
    }

    @Property(tries = 300)
    void makespan_isNeverAboveTheSequentialTime_inEitherMode(@ForAll("dags") Dag dag) {
        TaskGraph graph = dag.graph();
        for (Mode mode : Mode.values()) {
            assertThat(Simulator.simulate(graph, mode, dag.agents()).makespanMillis()).as(mode.label())
                    .isLessThanOrEqualTo(graph.totalWorkMillis());
        }
    }

    @Property(tries = 300)
    void flow_withoutCriticalTasks_meetsGrahamsBound(@ForAll("dags") Dag dag) {
        if (dag.hasCritical()) {
            return;
        }
        TaskGraph graph = dag.graph();
        int agents = dag.agents();
        Simulation flow = Simulator.simulate(graph, Mode.FLOW, agents);
        // Any list schedule that never idles while a task is ready: makespan <= work / N + (1 - 1/N) x critical path.
        double bound = (double) graph.totalWorkMillis() / agents + (1.0 - 1.0 / agents) * graph.criticalPathMillis();
        assertThat((double) flow.makespanMillis()).isLessThanOrEqualTo(bound + 1e-6);
    }

    @Property(tries = 200)
    void flow_withAnAgentPerTask_finishesOnTheCriticalPath(@ForAll("dags") Dag dag) {
        if (dag.hasCritical()) {
            return;
        }
        TaskGraph graph = dag.graph();
        Simulation flow = Simulator.simulate(graph, Mode.FLOW, graph.size());
        assertThat(flow.makespanMillis()).isEqualTo(graph.criticalPathMillis());
    }

    @Property(tries = 200)
    void oneAgent_takesTheSequentialTime_inEitherMode(@ForAll("dags") Dag dag) {
        TaskGraph graph = dag.graph();
        for (Mode mode : Mode.values()) {
            assertThat(Simulator.simulate(graph, mode, 1).makespanMillis()).as(mode.label())
                    .isEqualTo(graph.totalWorkMillis());
        }
    }
}
