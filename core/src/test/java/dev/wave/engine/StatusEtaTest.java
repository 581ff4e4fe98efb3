package dev.wave.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.plan.Plan;
import dev.wave.plan.Task;
import dev.wave.schedule.CapGroups;
import dev.wave.schedule.Mode;
import dev.wave.schedule.Simulator;
import dev.wave.schedule.Waves;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** wave status's time left is the plan's simulation on what remains, with the run's agents and caps. */
final class StatusEtaTest {
    /** a, b, c of a minute each side by side; d, half a minute, after a. */
    private static final Plan PLAN = Plan.of("plan.yaml", List.of(
            Task.shell("a", "true", List.of()).withEstimate(Duration.ofSeconds(60)),
            Task.shell("b", "true", List.of()).withEstimate(Duration.ofSeconds(60)),
            Task.shell("c", "true", List.of()).withEstimate(Duration.ofSeconds(60)),
            Task.shell("d", "true", List.of("a")).withEstimate(Duration.ofSeconds(30))));
    private static final Map<String, Integer> ONE_SHELL_TASK = Map.of("run", 1);

    private static Optional<Duration> eta(boolean[] remaining, Map<Integer, Long> elapsed, Map<String, Integer> caps) {
        return StatusEta.of(PLAN, Mode.FLOW, 3, remaining, elapsed, caps, task -> Optional.empty());
    }

    @Test
    void beforeAnyTaskEnds_theTimeLeftIsThePlansSimulation_withTheRunsAgentsAndCaps() {
        boolean[] all = {true, true, true, true};
        long simulated = Simulator.simulate(PLAN.graph(), Mode.FLOW, 3, Waves.of(PLAN.graph())).makespanMillis();
        long capped = Simulator.simulate(PLAN.graph(), Mode.FLOW, 3, Waves.of(PLAN.graph()),
                CapGroups.of(PLAN, ONE_SHELL_TASK, task -> Optional.empty())).makespanMillis();

        assertThat(eta(all, Map.of(), Map.of())).hasValue(Duration.ofMillis(simulated)).hasValue(Duration.ofSeconds(90));
        assertThat(eta(all, Map.of(), ONE_SHELL_TASK)).as("one shell task at a time: 60 + 60 + 60 + 30 s")
                .hasValue(Duration.ofMillis(capped)).hasValue(Duration.ofSeconds(210));
    }

    @Test
    void theTimeLeft_fallsAsTasksEnd_andAsRunningOnesGoOn() {
        Optional<Duration> start = eta(new boolean[] {true, true, true, true}, Map.of(), ONE_SHELL_TASK);
        Optional<Duration> aRunning20s = eta(new boolean[] {true, true, true, true}, Map.of(0, 20_000L), ONE_SHELL_TASK);
        Optional<Duration> aEnded = eta(new boolean[] {false, true, true, true}, Map.of(), ONE_SHELL_TASK);
        Optional<Duration> bRunning50s = eta(new boolean[] {false, true, true, true}, Map.of(1, 50_000L), ONE_SHELL_TASK);
        Optional<Duration> onlyDLeft = eta(new boolean[] {false, false, false, true}, Map.of(), ONE_SHELL_TASK);
        Optional<Duration> none = eta(new boolean[] {false, false, false, false}, Map.of(), ONE_SHELL_TASK);

        assertThat(start).hasValue(Duration.ofSeconds(210));
        assertThat(aRunning20s).as("a's 40 s left, then b, c, d").hasValue(Duration.ofSeconds(190));
        assertThat(aEnded).hasValue(Duration.ofSeconds(150));
        assertThat(bRunning50s).as("b holds the one shell slot: its 10 s left first").hasValue(Duration.ofSeconds(100));
        assertThat(onlyDLeft).hasValue(Duration.ofSeconds(30));
        assertThat(none).isEmpty();
    }

    @Test
    void aRunningTask_startsFirst_evenWhenAPendingOneHasTheLongerPath() {
        // c has run 50 s of its minute; with the one slot, it finishes its 10 s before a (then d) and b start
        Optional<Duration> eta = eta(new boolean[] {true, true, true, true}, Map.of(2, 50_000L), ONE_SHELL_TASK);

        assertThat(eta).hasValue(Duration.ofSeconds(10 + 60 + 60 + 30));
    }
}
