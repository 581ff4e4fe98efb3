package dev.wave.run;

import static java.util.Objects.requireNonNull;

import dev.wave.schedule.Mode;
import dev.wave.schedule.TaskState;
import java.time.Instant;
import java.util.List;

/**
 * The measured outcome of a run.
 *
 * @param status how the run ended
 * @param mode the scheduling mode used
 * @param agents the agent limit
 * @param startedAt when the first task could start
 * @param finishedAt when the last task ended
 * @param waves how many waves the plan has
 * @param peakConcurrency the most tasks that ran at one moment
 * @param tasks one record per task, in plan order
 * @param decisions what the run decided about failures, in the order it decided
 */
public record RunResult(
        RunStatus status,
        Mode mode,
        int agents,
        Instant startedAt,
        Instant finishedAt,
        int waves,
        int peakConcurrency,
        List<TaskRecord> tasks,
        List<FailureDecision> decisions) {

    public RunResult {
        requireNonNull(status, "status is null");
        requireNonNull(mode, "mode is null");
        requireNonNull(startedAt, "startedAt is null");
        requireNonNull(finishedAt, "finishedAt is null");
        tasks = List.copyOf(tasks);
        decisions = List.copyOf(decisions);
    }

    /** A result without failure decisions. */
    public RunResult(RunStatus status, Mode mode, int agents, Instant startedAt, Instant finishedAt, int waves,
            int peakConcurrency, List<TaskRecord> tasks) {
        this(status, mode, agents, startedAt, finishedAt, waves, peakConcurrency, tasks, List.of());
    }

    /** The decision that stopped the run, if one did. */
    public java.util.Optional<FailureDecision> abort() {
        return decisions.stream().filter(decision -> decision.action() == FailureDecision.Action.ABORT).findFirst();
    }

    public long wallMillis() {
        return finishedAt.toEpochMilli() - startedAt.toEpochMilli();
    }

    /** The sum of task durations: what one agent would have needed. */
    public long sequentialMillis() {
        long total = 0;
        for (TaskRecord task : tasks) {
            total += task.durationMillis();
        }
        return total;
    }

    /** (sequential - wall) / sequential, measured; 0 when nothing ran. */
    public double efficiency() {
        long sequential = sequentialMillis();
        return sequential == 0 ? 0.0 : (double) (sequential - wallMillis()) / sequential;
    }

    /** The average number of tasks running over the wall time. */
    public double averageConcurrency() {
        long wall = wallMillis();
        return wall == 0 ? 0.0 : (double) sequentialMillis() / wall;
    }

    public long count(TaskState state) {
        return tasks.stream().filter(task -> task.state() == state).count();
    }
}
