package dev.wave.report;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wave.journal.Json;
import dev.wave.plan.Durations;
import dev.wave.plan.Plan;
import dev.wave.plan.Task;
import dev.wave.plan.TaskGraph;
import dev.wave.schedule.Simulation;
import dev.wave.schedule.Waves;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * What {@code wave plan} shows and {@code execution_plan.json} holds: the waves, the agent count
 * and the estimate from simulating the real scheduler. Immutable.
 *
 * @param plan the validated plan
 * @param waves its waves
 * @param agents the agent count chosen
 * @param agentsReason why that count (for example "the plan's peak parallel width")
 * @param estimate the simulated schedule in the chosen mode
 * @param alternative the same plan simulated in the other mode, for comparison
 */
public record PlanReport(Plan plan, Waves waves, int agents, String agentsReason, Simulation estimate,
        Simulation alternative) {

    public PlanReport {
        requireNonNull(plan, "plan is null");
        requireNonNull(waves, "waves is null");
        requireNonNull(agentsReason, "agentsReason is null");
        requireNonNull(estimate, "estimate is null");
        requireNonNull(alternative, "alternative is null");
    }

    /** Prints the plan for people. Every figure that is not measured says it is an estimate. */
    public void print(PrintWriter out) {
        TaskGraph graph = plan.graph();
        out.printf("Plan %s: %d tasks in %d waves%n", plan.source(), plan.size(), waves.count());
        for (int w = 1; w <= waves.count(); w++) {
            int[] tasks = waves.tasks(w);
            long longest = 0;
            for (int task : tasks) {
                longest = Math.max(longest, graph.estimateMillis(task));
            }
            out.printf("  Wave %-3d %4d %-5s %s%s%n", w, tasks.length, tasks.length == 1 ? "task" : "tasks",
                    names(graph, tasks), waves.isCritical(w) ? "  [critical: runs alone]" : "");
        }
        out.printf("Agents:          %d (%s)%n", agents, agentsReason);
        out.printf("Mode:            %s%n", estimate.mode().label());
        out.printf("Estimated time:  %s (estimate: the %s scheduler simulated on %d agents; lower bound %s)%n",
                Durations.formatMillis(estimate.makespanMillis()), estimate.mode().label(), agents,
                Durations.formatMillis(estimate.lowerBoundMillis()));
        out.printf("Sequential time: %s (estimate: sum of task estimates)%n",
                Durations.formatMillis(estimate.sequentialMillis()));
        out.printf("Efficiency:      %s faster than sequential (estimate)%n", percent(estimate.efficiency()));
        out.printf("In %s mode:  %s (estimate)%n", alternative.mode().label(),
                Durations.formatMillis(alternative.makespanMillis()));
        int unestimated = plan.size() - graph.estimatedTaskCount();
        if (unestimated > 0) {
            out.printf("Note: %d of %d tasks have no estimate; %s is assumed for each. Add \"estimate:\" for a better figure.%n",
                    unestimated, plan.size(), Durations.format(TaskGraph.DEFAULT_ESTIMATE));
        }
        out.flush();
    }

    /** The plan as JSON: the content of {@code wave plan --json} and of {@code execution_plan.json}. */
    public ObjectNode json() {
        TaskGraph graph = plan.graph();
        ObjectNode root = Json.object();
        root.put("source", plan.source());
        root.put("mode", estimate.mode().label());
        root.put("agents", agents);
        root.put("agents_reason", agentsReason);
        ArrayNode waveNodes = root.putArray("waves");
        for (int w = 1; w <= waves.count(); w++) {
            ObjectNode wave = waveNodes.addObject();
            wave.put("wave", w);
            wave.put("critical", waves.isCritical(w));
            ArrayNode ids = wave.putArray("tasks");
            for (int task : waves.tasks(w)) {
                ids.add(graph.id(task));
            }
        }
        ObjectNode estimateNode = root.putObject("estimate");
        estimateNode.put("note", "estimates: simulated from task estimates, not measured");
        estimateNode.put("makespan_seconds", Json.seconds(estimate.makespanMillis()));
        estimateNode.put("sequential_seconds", Json.seconds(estimate.sequentialMillis()));
        estimateNode.put("efficiency", Json.round(estimate.efficiency(), 4));
        estimateNode.put("lower_bound_seconds", Json.seconds(estimate.lowerBoundMillis()));
        estimateNode.put("critical_path_seconds", Json.seconds(estimate.criticalPathMillis()));
        estimateNode.put(alternative.mode().label() + "_makespan_seconds", Json.seconds(alternative.makespanMillis()));
        estimateNode.put("unestimated_tasks", plan.size() - graph.estimatedTaskCount());
        ArrayNode taskNodes = root.putArray("tasks");
        for (int i = 0; i < plan.size(); i++) {
            Task task = plan.task(i);
            ObjectNode node = taskNodes.addObject();
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
        return root;
    }

    private static String names(TaskGraph graph, int[] tasks) {
        StringBuilder names = new StringBuilder();
        int shown = 0;
        while (shown < tasks.length && names.length() < 60) {
            names.append(shown == 0 ? "" : ", ").append(graph.id(tasks[shown++]));
        }
        if (shown < tasks.length) {
            names.append(", ... ").append(tasks.length - shown).append(" more");
        }
        return names.toString();
    }

    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.0f%%", fraction * 100);
    }
}
