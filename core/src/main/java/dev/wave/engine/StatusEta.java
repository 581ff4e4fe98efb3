package dev.wave.engine;

import static java.util.Objects.requireNonNull;

import dev.wave.plan.Plan;
import dev.wave.plan.Task;
import dev.wave.plan.TaskGraph;
import dev.wave.schedule.CapGroups;
import dev.wave.schedule.Mode;
import dev.wave.schedule.PriorityOrder;
import dev.wave.schedule.Simulator;
import dev.wave.schedule.Waves;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code wave status}'s time left: the schedule simulator ({@link Simulator}), as the plan's estimate and the live
 * dashboard use it, run on what remains of the run with its agents and its concurrency caps. The tasks not yet
 * ended take their estimates; a running attempt takes what is left of its task's estimate (none once it has
 * overrun) and starts first, as it holds its agent already; the ended tasks are gone. So the estimate falls as
 * tasks end and as running ones go on. Stateless.
 */
final class StatusEta {
    private StatusEta() {}

    /**
     * The simulated time left; empty once nothing remains.
     *
     * @param remaining by plan task: whether it has not ended (running, pending, or cancelled and to be resumed)
     * @param elapsed by plan task index, for a task with an attempt out: how long that attempt has run, in ms
     * @param caps the run's caps by task kind or agent provider ({@code caps}), as the run applies them
     * @param provider the agent provider of a task, empty for tasks that are not agents'
     */
    static Optional<Duration> of(Plan plan, Mode mode, int agents, boolean[] remaining, Map<Integer, Long> elapsed,
            Map<String, Integer> caps, Function<Task, Optional<String>> provider) {
        requireNonNull(plan, "plan is null");
        TaskGraph graph = plan.graph();
        Set<String> left = new HashSet<>();
        for (int task = 0; task < plan.size(); task++) {
            if (remaining[task]) {
                left.add(plan.task(task).id());
            }
        }
        if (left.isEmpty()) {
            return Optional.empty();
        }
        List<Task> tasks = new ArrayList<>(left.size());
        List<Boolean> running = new ArrayList<>(left.size());
        for (int task = 0; task < plan.size(); task++) {
            if (!remaining[task]) {
                continue;
            }
            Task spec = plan.task(task);
            Long ran = elapsed.get(task);
            long estimate = Math.max(0, graph.estimateMillis(task) - (ran == null ? 0 : ran));
            // an ended dependency holds nothing back any more
            List<String> dependsOn = spec.dependsOn().stream().filter(left::contains).toList();
            tasks.add(new Task(spec.id(), spec.title(), spec.action(), dependsOn, Optional.of(Duration.ofMillis(estimate)),
                    spec.role(), spec.critical(), spec.timeout(), spec.retries(), spec.env(), spec.verify(), spec.scope(),
                    spec.network()));
            running.add(ran != null);
        }
        Plan rest = plan.withTasks(tasks);
        TaskGraph restGraph = rest.graph();
        long[] keys = restGraph.bottomLevels();
        for (int task = 0; task < keys.length; task++) {
            keys[task] = -keys[task] - (running.get(task) ? 1L << 52 : 0); // running first, then longest path first
        }
        long makespan = Simulator.simulate(restGraph, mode, agents, Waves.of(restGraph),
                PriorityOrder.of("running first, then longest path first", keys),
                CapGroups.of(rest, caps, provider)).makespanMillis();
        return Optional.of(Duration.ofMillis(makespan));
    }
}
