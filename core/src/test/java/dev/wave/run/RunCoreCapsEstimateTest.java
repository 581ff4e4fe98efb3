package dev.wave.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.plan.Action;
import dev.wave.plan.Plan;
import dev.wave.plan.Task;
import dev.wave.schedule.CapGroups;
import dev.wave.schedule.Mode;
import dev.wave.schedule.PriorityOrder;
import dev.wave.schedule.Simulator;
import dev.wave.schedule.Waves;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The run core under caps, its tasks taking exactly their estimates on a virtual clock, ends when the
 * simulated estimate says: the run and the estimate apply one rule ({@link CapGroups}). Seeded; each case
 * names its seed.
 */
final class RunCoreCapsEstimateTest {
    private static final long MASTER_SEED = 20261202;
    private static final Function<Task, Optional<String>> PROVIDER = task -> task.action() instanceof Action.Agent agent
            ? agent.agent() : Optional.empty();

    @Test
    void runUnderCaps_endsWhenTheCappedEstimateSays() {
        Random cases = new Random(MASTER_SEED);
        for (int i = 0; i < 150; i++) {
            long seed = cases.nextLong();
            Random random = new Random(seed);
            Plan plan = plan(random, 2 + random.nextInt(40));
            Map<String, Integer> caps = Map.of("prompt", 1 + random.nextInt(3), "claude", 1 + random.nextInt(2),
                    "run", 1 + random.nextInt(3));
            int agents = 1 + random.nextInt(6);
            long simulated = Simulator.simulate(plan.graph(), Mode.FLOW, agents, Waves.of(plan.graph()),
                    CapGroups.of(plan, caps, PROVIDER)).makespanMillis();
            long ran = run(plan, agents, caps);

            assertThat(ran).as("seed %d, %d tasks, %d agents, caps %s", seed, plan.size(), agents, caps)
                    .isEqualTo(simulated);
        }
    }

    /** Random tasks, a third claude's, a third codex's, a third shell, on a random graph; no two end times alike. */
    private static Plan plan(Random random, int size) {
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            List<String> dependsOn = new ArrayList<>();
            for (int j = Math.max(0, i - 6); j < i; j++) {
                if (random.nextInt(4) == 0) {
                    dependsOn.add("t" + j);
                }
            }
            Duration estimate = Duration.ofMillis(1 + random.nextInt(1_000_000_000));
            Action action = switch (i % 3) {
                case 0 -> new Action.Agent("do t" + i, Optional.of("claude"), false);
                case 1 -> new Action.Agent("do t" + i, Optional.of("codex"), false);
                default -> new Action.Shell("true");
            };
            tasks.add(new Task("t" + i, "t" + i, action, dependsOn, Optional.of(estimate), Optional.empty(), false,
                    Optional.empty(), 0, Map.of()));
        }
        return Plan.of("caps", tasks);
    }

    /** Drives the core: each attempt ends after its estimate, succeeds and is integrated; returns when the last ends. */
    private static long run(Plan plan, int agents, Map<String, Integer> caps) {
        RunCore core = new RunCore(plan, Waves.of(plan.graph()), Mode.FLOW, agents, false, Duration.ofSeconds(1),
                FailureThresholds.off(), new SplittableRandom(1), PriorityOrder.longestPathFirst(plan.graph()),
                RunLimits.none().withCaps(caps).withProvider(PROVIDER));
        PriorityQueue<long[]> running = new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));
        Outbox out = new Outbox();
        long now = 0;
        core.start(now, out);
        while (true) {
            for (CoreCommand command : out.commands()) {
                if (command instanceof CoreCommand.StartAttempt start) {
                    int task = start.start().index();
                    running.add(new long[] {now + plan.graph().estimateMillis(task), task});
                }
            }
            out.clear();
            if (running.isEmpty()) {
                break;
            }
            long[] next = running.poll();
            now = next[0];
            core.attemptEnded((int) next[1], ExecutionResult.exited(0, "ok"), now, out);
            core.taskIntegrated((int) next[1], now, out);
        }
        assertThat(core.isFinished()).isTrue();
        return now;
    }
}
