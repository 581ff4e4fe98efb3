package dev.wave.report;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wave.WaveException;
import dev.wave.journal.Json;
import dev.wave.plan.Plan;
import dev.wave.plan.Task;
import dev.wave.plan.TaskGraph;
import dev.wave.scale.ScalingDecision;
import dev.wave.schedule.CapGroups;
import dev.wave.schedule.Mode;
import dev.wave.schedule.OrderSearch;
import dev.wave.schedule.ScheduleChoice;
import dev.wave.schedule.Simulation;
import dev.wave.schedule.Waves;
import java.util.List;
import java.util.Optional;

/**
 * Everything the analysis box shows before a run: the goal, what was recognised and found, the
 * plan's waves, the scaling decision and the simulated schedule. Immutable.
 *
 * @param task the goal, or the plan file's name
 * @param pattern the recognised pattern's label, or {@code plan file}
 * @param findings what the repository scan found, one line each
 * @param notes what the planner decided or left out, one line each
 * @param plan the plan to run
 * @param waves its waves
 * @param scaling the agent count and its calculation
 * @param estimate the real scheduler simulated on the task estimates with {@code scaling.agents()} agents,
 *     following the chosen priority order
 * @param schedule the priority order the search chose, and what it gains over longest-path-first
 * @param backupWave whether Wave 0 backs up the working tree first ({@code always_backup})
 * @param commitWave whether a final wave commits the result
 */
public record Analysis(String task, String pattern, List<String> findings, List<String> notes, Plan plan, Waves waves,
        ScalingDecision scaling, Simulation estimate, ScheduleChoice schedule, boolean backupWave, boolean commitWave) {
    public Analysis {
        requireNonNull(task, "task is null");
        requireNonNull(pattern, "pattern is null");
        findings = List.copyOf(findings);
        notes = List.copyOf(notes);
        requireNonNull(plan, "plan is null");
        requireNonNull(waves, "waves is null");
        requireNonNull(scaling, "scaling is null");
        requireNonNull(estimate, "estimate is null");
        requireNonNull(schedule, "schedule is null");
    }

    /**
     * Computes the waves, chooses the priority order whose simulated schedule in {@code mode} with
     * the decided agent count is shortest ({@link OrderSearch}), and keeps that schedule as the estimate.
     */
    public static Analysis of(String task, String pattern, List<String> findings, List<String> notes, Plan plan,
            ScalingDecision scaling, Mode mode, boolean backupWave, boolean commitWave) {
        return of(task, pattern, findings, notes, plan, scaling, mode, CapGroups.none(), backupWave, commitWave);
    }

    /**
     * As {@link #of(String, String, List, List, Plan, ScalingDecision, Mode, boolean, boolean)}, for a run under
     * the concurrency caps {@code caps}: the schedules are simulated waiting for the caps as the run does.
     */
    public static Analysis of(String task, String pattern, List<String> findings, List<String> notes, Plan plan,
            ScalingDecision scaling, Mode mode, CapGroups caps, boolean backupWave, boolean commitWave) {
        Waves waves = Waves.of(plan.graph());
        ScheduleChoice schedule = OrderSearch.choose(plan.graph(), mode, scaling.agents(), waves, caps);
        return new Analysis(task, pattern, findings, notes, plan, waves, scaling, schedule.simulation(), schedule,
                backupWave, commitWave);
    }

    /** All waves: the backup, the plan's waves, and the final commit. */
    public int totalWaves() {
        return waves.count() + (backupWave ? 1 : 0) + (commitWave ? 1 : 0);
    }

    /** How many of the plan's waves hold a single critical task. */
    public int criticalWaves() {
        int critical = 0;
        for (int w = 1; w <= waves.count(); w++) {
            critical += waves.isCritical(w) ? 1 : 0;
        }
        return critical;
    }

    /**
     * Refuses a plan with more waves than {@code max_waves} allows.
     *
     * @param origin where max_waves was set, for the message
     * @throws WaveException of kind INVALID_INPUT naming the counts and the fix
     */
    public void requireWithin(Optional<Integer> maxWaves, String origin) {
        requireNonNull(maxWaves, "maxWaves is null");
        if (maxWaves.isPresent() && totalWaves() > maxWaves.get()) {
            throw WaveException.invalidInput(
                    "the plan needs %d waves (backup, %d of work, final commit) but max_waves is %d (%s). Raise max_waves, "
                            + "or simplify the goal or the plan.",
                    totalWaves(), waves.count(), maxWaves.get(), origin);
        }
    }

    /**
     * The analysis as JSON for {@code wave plan --json} and {@code execution_plan.json}: task,
     * pattern, findings, notes, the scaling decision, the wave structure, the simulated estimate
     * (labelled as such) and the tasks.
     */
    public ObjectNode json() {
        ObjectNode root = Json.object();
        root.put("task", task);
        root.put("pattern", pattern);
        findings.forEach(finding -> root.withArray("findings").add(finding));
        notes.forEach(note -> root.withArray("notes").add(note));
        root.set("scaling", scaling.json());
        ObjectNode structure = root.putObject("wave_structure");
        structure.put("backup_wave", backupWave);
        structure.put("work_waves", waves.count() - criticalWaves());
        structure.put("critical_waves", criticalWaves());
        structure.put("final_commit_wave", commitWave);
        structure.put("total_waves", totalWaves());
        ArrayNode list = structure.putArray("waves");
        for (int w = 1; w <= waves.count(); w++) {
            ObjectNode wave = list.addObject();
            wave.put("wave", w);
            wave.put("critical", waves.isCritical(w));
            for (int task : waves.tasks(w)) {
                wave.withArray("tasks").add(plan.graph().id(task));
            }
        }
        ObjectNode simulated = root.putObject("estimate");
        simulated.put("note", "estimates: the real scheduler simulated on task estimates, not measured");
        simulated.put("mode", estimate.mode().label());
        simulated.put("agents", estimate.agents());
        simulated.put("makespan_seconds", Json.seconds(estimate.makespanMillis()));
        simulated.put("sequential_seconds", Json.seconds(estimate.sequentialMillis()));
        simulated.put("efficiency", Json.round(estimate.efficiency(), 4));
        simulated.put("lower_bound_seconds", Json.seconds(estimate.lowerBoundMillis()));
        simulated.put("critical_path_seconds", Json.seconds(estimate.criticalPathMillis()));
        simulated.put("unestimated_tasks", plan.size() - plan.graph().estimatedTaskCount());
        simulated.put("order_rule", schedule.rule());
        simulated.put("orders_simulated", schedule.candidates());
        simulated.put("longest_path_first_seconds", Json.seconds(schedule.baseline().makespanMillis()));
        simulated.put("gain_over_longest_path_first", Json.round(schedule.gainOverBaseline(), 4));
        root.set("tasks", tasks());
        return root;
    }

    /** Each task as it will run: kind, action, dependencies, wave, estimate, role, limits. */
    private ArrayNode tasks() {
        TaskGraph graph = plan.graph();
        ArrayNode nodes = Json.MAPPER.createArrayNode();
        for (int i = 0; i < plan.size(); i++) {
            Task task = plan.task(i);
            ObjectNode node = nodes.addObject();
            node.put("id", task.id());
            node.put("title", task.title());
            node.put("kind", task.action().kind());
            node.put(task.action().kind(), task.action().describe());
            ArrayNode dependsOn = node.putArray("depends_on");
            task.dependsOn().forEach(dependsOn::add);
            node.put("wave", waves.waveOf(i));
            node.put("critical", task.critical());
            node.put("estimate_seconds", Json.seconds(graph.estimateMillis(i)));
            task.role().ifPresent(role -> node.put("role", role));
            task.timeout().ifPresent(timeout -> node.put("timeout_seconds", Json.seconds(timeout.toMillis())));
            node.put("retries", task.retries());
        }
        return nodes;
    }
}
