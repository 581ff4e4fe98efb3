package dev.wave.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wave.plan.Plan;
import dev.wave.plan.TaskGraph;
import dev.wave.testing.Dags;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

final class OrderSearchTest {
    private static final long MASTER_SEED = 13;

    @Test
    void choice_isNeverWorseThanLongestPathFirst_andSimulatesToWhatItReports() {
        SplittableRandom cases = new SplittableRandom(MASTER_SEED);
        for (int i = 0; i < 150; i++) {
            long seed = cases.nextLong();
            int size = cases.nextInt(1, 80);
            int agents = cases.nextInt(1, 17);
            Mode mode = cases.nextInt(4) == 0 ? Mode.WAVES : Mode.FLOW;
            double critical = cases.nextInt(5) == 0 ? 0.1 : 0.0;
            String name = String.format("case seed=%d size=%d agents=%d mode=%s critical=%.1f", seed, size, agents, mode, critical);
            TaskGraph graph = Dags.random(seed, size, 0.3, critical, 100).graph();
            Waves waves = Waves.of(graph);

            ScheduleChoice choice = OrderSearch.choose(graph, mode, agents, waves, 1, 60);

            long plain = Simulator.simulate(graph, mode, agents, waves).makespanMillis();
            assertThat(choice.baseline().makespanMillis()).as(name).isEqualTo(plain);
            assertThat(choice.simulation().makespanMillis()).as(name).isLessThanOrEqualTo(plain)
                    .isGreaterThanOrEqualTo(choice.simulation().lowerBoundMillis());
            assertThat(Simulator.simulate(graph, mode, agents, waves, choice.order()).makespanMillis()).as(name)
                    .isEqualTo(choice.simulation().makespanMillis());
            assertThat(choice.candidates()).as(name).isBetween(1, 60);
        }
    }

    @Test
    void choice_isTheSameForTheSameGraphAndSeed() {
        TaskGraph graph = Dags.random(21, 60, 0.25, 0.0, 100).graph();
        Waves waves = Waves.of(graph);

        ScheduleChoice first = OrderSearch.choose(graph, Mode.FLOW, 4, waves, 7, 500);
        ScheduleChoice second = OrderSearch.choose(graph, Mode.FLOW, 4, waves, 7, 500);

        assertThat(second.rule()).isEqualTo(first.rule());
        assertThat(second.simulation()).isEqualTo(first.simulation());
        assertThat(second.order().sameOrderAs(first.order())).isTrue();
        assertThat(second.candidates()).isEqualTo(first.candidates());
    }

    @Test
    void aGraphWhereLongestPathFirstIsNotOptimal_getsAShorterOrder_andNamesTheRule() {
        // Two agents: longest path first starts t1 (8) and t2 (7), leaving t4 -> t5 (12) for the end: 18.
        Plan plan = Dags.parse("""
                t0 4
                t1 8
                t2 7
                t3 2 <- t0
                t4 3
                t5 9 <- t4
                """);
        TaskGraph graph = plan.graph();

        ScheduleChoice choice = OrderSearch.choose(graph, Mode.FLOW, 2, Waves.of(graph));

        assertThat(choice.baseline().makespanMillis()).isEqualTo(18);
        assertThat(choice.simulation().makespanMillis()).isEqualTo(17);
        assertThat(choice.improved()).isTrue();
        assertThat(choice.rule()).isNotEqualTo(PriorityOrder.LONGEST_PATH_FIRST);
        assertThat(choice.gainOverBaseline()).isEqualTo(1.0 / 18);
    }

    @Test
    void whenTheOptimumNeedsAnAgentToWait_aStrictOrderFindsIt() {
        // Two agents. Every schedule that starts t2 at 0 ends at 22; the optimum leaves an agent idle
        // until t0 ends, so that t1 and t3 run together: 17.
        Plan plan = Dags.parse("""
                t0 1
                t1 7 <- t0
                t2 6
                t3 7 <- t0
                t4 9 <- t1 t3
                t5 1 <- t0 t2 t3
                """);
        TaskGraph graph = plan.graph();

        ScheduleChoice choice = OrderSearch.choose(graph, Mode.FLOW, 2, Waves.of(graph));

        assertThat(choice.baseline().makespanMillis()).isEqualTo(22);
        assertThat(choice.simulation().makespanMillis()).isEqualTo(17);
        assertThat(choice.order().isStrict()).isTrue();
        assertThat(choice.rule()).contains("agents may wait");
    }

    @Test
    void aGraphAtItsLowerBound_keepsLongestPathFirst_afterOneCandidate() {
        Plan plan = Dags.parse("""
                a 10
                b 10
                c 10 <- a
                d 10 <- b
                """);

        ScheduleChoice choice = OrderSearch.choose(plan.graph(), Mode.FLOW, 2, Waves.of(plan.graph()));

        assertThat(choice.candidates()).isEqualTo(1);
        assertThat(choice.rule()).isEqualTo(PriorityOrder.LONGEST_PATH_FIRST);
        assertThat(choice.improved()).isFalse();
        assertThat(choice.gainOverBaseline()).isZero();
    }

    @Test
    void biggerPlans_getFewerCandidates_downToLongestPathFirstAlone() {
        assertThat(OrderSearch.candidates(20)).isEqualTo(OrderSearch.MAX_CANDIDATES);
        assertThat(OrderSearch.candidates(100)).isBetween(500, 700);
        assertThat(OrderSearch.candidates(1_000)).isBetween(10, 30);
        assertThat(OrderSearch.candidates(100_000)).isEqualTo(3);
        assertThat(OrderSearch.candidates(1_000_000)).isEqualTo(1);
    }

    @Test
    void strictOrder_letsOnlyTasksThatEndInTimeOvertake_andSkipsTheDependentsOfAFailedTask() {
        Plan plan = Dags.parse("""
                a 10
                b 10 <- a
                c 20
                d 5
                """);
        TaskGraph graph = plan.graph();
        PriorityOrder order = PriorityOrder.strict("test", graph, new long[] {0, 1, 2, 3});
        Dispatcher dispatcher = new Dispatcher(graph, Mode.FLOW, 3, Waves.of(graph), order);

        int first = dispatcher.next(0);
        int fillIn = dispatcher.next(0);
        int none = dispatcher.next(0);
        List<Integer> skipped = new ArrayList<>();
        dispatcher.failed(first, TaskState.FAILED, skipped::add);

        assertThat(first).isEqualTo(graph.indexOf("a"));
        assertThat(fillIn).as("b waits for a (until 10); d ends at 5, in time").isEqualTo(graph.indexOf("d"));
        assertThat(none).as("c would end at 20, after b could start, so it waits its turn").isEqualTo(-1);
        assertThat(skipped).containsExactly(graph.indexOf("b"));
        assertThat(dispatcher.next(0)).isEqualTo(graph.indexOf("c"));
    }

    @Test
    void strictOrdersFromRandomKeys_neverStall_andNeverBeatTheLowerBound() {
        SplittableRandom cases = new SplittableRandom(MASTER_SEED + 1);
        for (int i = 0; i < 200; i++) {
            long seed = cases.nextLong();
            int size = cases.nextInt(1, 60);
            int agents = cases.nextInt(1, 9);
            TaskGraph graph = Dags.random(seed, size, 0.3, cases.nextInt(4) == 0 ? 0.1 : 0.0, 100).graph();
            long[] keys = new long[size];
            for (int task = 0; task < size; task++) {
                keys[task] = cases.nextLong();
            }

            Simulation simulation = Simulator.simulate(graph, Mode.FLOW, agents, Waves.of(graph),
                    PriorityOrder.strict("random", graph, keys));

            assertThat(simulation.makespanMillis()).as("case seed=%d size=%d agents=%d", seed, size, agents)
                    .isGreaterThanOrEqualTo(simulation.lowerBoundMillis());
        }
    }

    @Test
    void strictOrder_isRefusedInWavesMode() {
        TaskGraph graph = Dags.parse("a 1").graph();
        PriorityOrder order = PriorityOrder.strict("test", graph, new long[] {0});

        assertThatThrownBy(() -> new Dispatcher(graph, Mode.WAVES, 1, Waves.of(graph), order))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("flow mode");
    }
}
