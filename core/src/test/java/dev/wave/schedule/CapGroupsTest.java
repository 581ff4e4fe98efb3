package dev.wave.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.plan.Action;
import dev.wave.plan.Plan;
import dev.wave.plan.Task;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The estimate waits for the concurrency caps as the run does: by task kind and by agent CLI. */
final class CapGroupsTest {
    private static final Function<Task, Optional<String>> PROVIDER = task -> task.action() instanceof Action.Agent agent
            ? Optional.of(agent.agent().orElse("claude")) : Optional.empty();

    private static Task prompt(String id, String agent) {
        return new Task(id, id, new Action.Agent("do " + id, Optional.of(agent), false), List.of(),
                Optional.of(Duration.ofSeconds(10)), Optional.empty(), false, Optional.empty(), 0, Map.of());
    }

    /** Four 10 s claude prompts, two 10 s codex prompts and two 10 s shell tasks, all independent. */
    private static final Plan PLAN = Plan.of("caps", List.of(prompt("c1", "claude"), prompt("c2", "claude"),
            prompt("c3", "claude"), prompt("c4", "claude"), prompt("x1", "codex"), prompt("x2", "codex"),
            Task.shell("s1", "true", List.of()).withEstimate(Duration.ofSeconds(10)),
            Task.shell("s2", "true", List.of()).withEstimate(Duration.ofSeconds(10))));

    private static Simulation estimate(Map<String, Integer> caps) {
        CapGroups groups = CapGroups.of(PLAN, caps, PROVIDER);
        return OrderSearch.choose(PLAN.graph(), Mode.FLOW, 8, Waves.of(PLAN.graph()), groups).simulation();
    }

    @Test
    void capsByKindAndByAgent_lengthenTheEstimate_asTheyHoldTasksBack() {
        assertThat(estimate(Map.of()).makespanMillis()).as("8 agents, nothing capped").isEqualTo(10_000);
        assertThat(estimate(Map.of("prompt", 2)).makespanMillis()).as("6 prompts, 2 at a time").isEqualTo(30_000);
        assertThat(estimate(Map.of("claude", 1)).makespanMillis()).as("4 claude tasks, one at a time").isEqualTo(40_000);
        assertThat(estimate(Map.of("prompt", 2, "claude", 1)).makespanMillis()).as("claude alone takes 40 s; codex fits beside")
                .isEqualTo(40_000);
        assertThat(estimate(Map.of("run", 1)).makespanMillis()).as("2 shell tasks, one at a time").isEqualTo(20_000);
        assertThat(estimate(Map.of("aider", 1)).makespanMillis()).as("a cap of an agent the plan does not use").isEqualTo(10_000);
    }

    @Test
    void cappedEstimate_isTheDefaultOrdersSimulation_andItsLowerBoundCountsTheCappedWork() {
        CapGroups groups = CapGroups.of(PLAN, Map.of("prompt", 2, "claude", 1), PROVIDER);

        Simulation simulated = Simulator.simulate(PLAN.graph(), Mode.FLOW, 8, Waves.of(PLAN.graph()), groups);
        long[] ends = Simulator.ends(PLAN.graph(), Mode.FLOW, 8, Waves.of(PLAN.graph()), groups);

        assertThat(simulated.makespanMillis()).isEqualTo(40_000);
        assertThat(simulated.lowerBoundMillis()).as("claude's 40 s of work on 1").isEqualTo(40_000);
        assertThat(simulated.peakConcurrency()).isEqualTo(4); // a claude, a codex, two shells
        assertThat(ends).hasSize(8).endsWith(40_000);
        assertThat(groups.providers()).containsExactly("claude", "codex");
        assertThat(groups.providerOf(4)).isEqualTo(1);
        assertThat(groups.providerOf(6)).isEqualTo(-1);
    }
}
