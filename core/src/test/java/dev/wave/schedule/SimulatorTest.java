package dev.wave.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.plan.Plan;
import dev.wave.testing.Dags;
import org.junit.jupiter.api.Test;

final class SimulatorTest {
    @Test
    void flow_startsLongestPathFirst_andBeatsWaves() {
        // Two agents. Waves: {a 100, b 10, c 10}, then {d 100 <- b}: 100 + 100 = 200.
        // Flow: b (path 110) and a (100) first; d follows b at 10; c fills in: makespan 110.
        Plan plan = Dags.parse("""
                a 100
                b 10
                c 10
                d 100 <- b
                """);

        Simulation flow = Simulator.simulate(plan.graph(), Mode.FLOW, 2);
        Simulation waves = Simulator.simulate(plan.graph(), Mode.WAVES, 2);

        assertThat(flow.makespanMillis()).isEqualTo(110);
        assertThat(waves.makespanMillis()).isEqualTo(200);
        assertThat(flow.lowerBoundMillis()).isEqualTo(110);
        assertThat(flow.sequentialMillis()).isEqualTo(220);
        assertThat(flow.efficiency()).isEqualTo(0.5);
        assertThat(flow.peakConcurrency()).isEqualTo(2);
    }

    @Test
    void criticalTask_runsAlone() {
        Plan plan = Dags.parse("""
                a 10
                b 10
                m! 10
                c 10
                """);

        // m (path 10, ties broken in plan order) waits behind a and b, runs alone, then c.
        Simulation flow = Simulator.simulate(plan.graph(), Mode.FLOW, 4);

        assertThat(flow.makespanMillis()).isEqualTo(20);
    }

    @Test
    void oneAgent_takesTheSequentialTime() {
        Plan plan = Dags.random(7, 50, 0.3, 0.1, 100);

        Simulation simulation = Simulator.simulate(plan.graph(), Mode.FLOW, 1);

        assertThat(simulation.makespanMillis()).isEqualTo(simulation.sequentialMillis());
    }
}
