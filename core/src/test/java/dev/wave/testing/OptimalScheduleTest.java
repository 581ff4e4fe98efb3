package dev.wave.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.plan.TaskGraph;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The exact solver the bench judges wave's schedules with must itself be right: checked against exhaustive search. */
final class OptimalScheduleTest {
    @Test
    void branchAndBound_matchesExhaustiveSearch_onTinyGraphs() {
        SplittableRandom cases = new SplittableRandom(3);
        for (int i = 0; i < 150; i++) {
            long seed = cases.nextLong();
            int size = cases.nextInt(1, 8);
            int agents = cases.nextInt(1, 4);
            TaskGraph graph = Dags.random(seed, size, 0.35, 0.0, 9).graph();
            long exhaustive = OptimalSchedule.bruteForce(graph, agents);

            OptimalSchedule.Result result = OptimalSchedule.solve(graph, agents, graph.totalWorkMillis() + 1, 0, 1_000_000);

            assertThat(result.optimal()).as("seed=%d size=%d agents=%d", seed, size, agents).isTrue();
            assertThat(result.makespan()).as("seed=%d size=%d agents=%d", seed, size, agents).isEqualTo(exhaustive);
        }
    }

    @Test
    void optimum_canNeedAnAgentToWait_whichNoNonDelayScheduleDoes() {
        TaskGraph graph = Dags.parse("""
                t0 1
                t1 7 <- t0
                t2 6
                t3 7 <- t0
                t4 9 <- t1 t3
                t5 1 <- t0 t2 t3
                """).graph();

        assertThat(OptimalSchedule.bruteForce(graph, 2)).isEqualTo(17);
        assertThat(OptimalSchedule.solve(graph, 2, 100, 0, 100_000).makespan()).isEqualTo(17);
        assertThat(OptimalSchedule.solveNonDelay(graph, 2, 100, 0, 100_000).makespan()).isEqualTo(22);
    }

    @Test
    void nodeLimit_reportsThatTheResultIsNotProven() {
        TaskGraph graph = Dags.random(5, 40, 0.1, 0.0, 100).graph();

        OptimalSchedule.Result result = OptimalSchedule.solve(graph, 3, graph.totalWorkMillis(), 0, 10);

        assertThat(result.optimal()).isFalse();
        assertThat(result.nodes()).isGreaterThan(10);
    }
}
