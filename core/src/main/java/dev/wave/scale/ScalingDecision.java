package dev.wave.scale;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The agent count for a plan and the calculation behind it. Every time here is an estimate from
 * task estimates and assumed overheads, not a measurement. Immutable.
 *
 * @param overridden whether the person fixed the count ({@code --agents}, "using N parallel agents")
 * @param agents the count to run with
 * @param automatic the count automatic scaling chose (equal to {@code agents} unless overridden)
 * @param capacity how many agents of this kind the machine can sustain
 * @param capacityReason why that many
 * @param maxParallelism the most tasks that can run at once with unlimited agents
 * @param subtasks the plan's task count
 * @param taskType the kind of work
 * @param depth how strongly dependencies chain the plan
 * @param averageMillis the average task estimate
 * @param sequentialMillis the sum of task estimates: one agent's time
 * @param parallelMillis the simulated schedule's length with {@code agents} agents
 * @param overheadMillis coordination overhead: agents x the per-agent coordination cost
 * @param coordinationMillis the per-agent coordination cost assumed
 * @param roi time saved / overhead
 * @param reasons the steps of the calculation, one line each
 * @param warnings what the person should know before running, one line each
 */
public record ScalingDecision(
        boolean overridden,
        int agents,
        int automatic,
        int capacity,
        String capacityReason,
        int maxParallelism,
        int subtasks,
        TaskType taskType,
        DependencyDepth depth,
        long averageMillis,
        long sequentialMillis,
        long parallelMillis,
        long overheadMillis,
        long coordinationMillis,
        double roi,
        List<String> reasons,
        List<String> warnings) {

    public ScalingDecision {
        requireNonNull(capacityReason, "capacityReason is null");
        requireNonNull(taskType, "taskType is null");
        requireNonNull(depth, "depth is null");
        reasons = List.copyOf(reasons);
        warnings = List.copyOf(warnings);
    }

    /** sequential - parallel - overhead; negative when parallelism does not pay. */
    public long timeSavedMillis() {
        return sequentialMillis - parallelMillis - overheadMillis;
    }

    public RoiClass roiClass() {
        return RoiClass.of(roi);
    }

    /** The decision as JSON, times in seconds, for {@code wave plan --json}. */
    public ObjectNode json() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("mode", overridden ? "override" : "automatic");
        node.put("agents", agents);
        node.put("automatic", automatic);
        node.put("capacity", capacity);
        node.put("capacity_reason", capacityReason);
        node.put("max_parallelism", maxParallelism);
        node.put("subtasks", subtasks);
        node.put("task_type", taskType.label());
        node.put("dependency_depth", depth.label());
        node.put("note", "estimates: simulated from task estimates and assumed overheads, not measured");
        node.put("average_seconds", averageMillis / 1000.0);
        node.put("sequential_seconds", sequentialMillis / 1000.0);
        node.put("parallel_seconds", parallelMillis / 1000.0);
        node.put("overhead_seconds", overheadMillis / 1000.0);
        node.put("time_saved_seconds", timeSavedMillis() / 1000.0);
        node.put("roi", Math.round(roi * 10) / 10.0);
        node.put("roi_class", roiClass().label());
        reasons.forEach(reason -> node.withArray("reasons").add(reason));
        warnings.forEach(warning -> node.withArray("warnings").add(warning));
        return node;
    }
}
