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
 * @param inserted the tasks the run inserted (fix waves), in the order inserted
 * @param budgetReached why agent tasks stopped starting, when the run's budget was spent
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
        List<FailureDecision> decisions,
        List<InsertedTask> inserted,
        java.util.Optional<String> budgetReached) {

    public RunResult {
        requireNonNull(status, "status is null");
        requireNonNull(mode, "mode is null");
        requireNonNull(startedAt, "startedAt is null");
        requireNonNull(finishedAt, "finishedAt is null");
        tasks = List.copyOf(tasks);
        decisions = List.copyOf(decisions);
        inserted = List.copyOf(inserted);
        requireNonNull(budgetReached, "budgetReached is null");
    }

    /** A result with no inserted task and no budget reached. */
    public RunResult(RunStatus status, Mode mode, int agents, Instant startedAt, Instant finishedAt, int waves,
            int peakConcurrency, List<TaskRecord> tasks, List<FailureDecision> decisions) {
        this(status, mode, agents, startedAt, finishedAt, waves, peakConcurrency, tasks, decisions, List.of(),
                java.util.Optional.empty());
    }

    /** This result with another status (the check after the tasks failed, say); everything else kept. */
    public RunResult withStatus(RunStatus status, List<FailureDecision> decisions) {
        return new RunResult(status, mode, agents, startedAt, finishedAt, waves, peakConcurrency, tasks, decisions,
                inserted, budgetReached);
    }

    /** What the run's agents used: every task's usage, inserted tasks' included. */
    public Usage usage() {
        Usage total = Usage.NONE;
        for (TaskRecord task : tasks) {
            total = total.plus(task.usage());
        }
        for (InsertedTask task : inserted) {
            total = total.plus(task.record().usage());
        }
        return total;
    }

    /** What the tasks of wave {@code wave} used, its inserted fix waves' included. */
    public Usage usage(int wave) {
        Usage total = Usage.NONE;
        for (TaskRecord task : tasks) {
            if (task.wave() == wave) {
                total = total.plus(task.usage());
            }
        }
        for (InsertedTask task : inserted) {
            if (task.record().wave() == wave) {
                total = total.plus(task.record().usage());
            }
        }
        return total;
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

    /**
     * The sum of task durations: what one agent would have needed. A retried task counts its attempts' time
     * ({@link TaskRecord#attemptSpans}), not its waits for a retry, when no attempt of it ran.
     */
    public long sequentialMillis() {
        long total = 0;
        for (TaskRecord task : tasks) {
            if (task.attemptSpans().isEmpty()) {
                total += task.durationMillis();
            } else {
                for (TaskRecord.Span span : task.attemptSpans()) {
                    total += span.millis();
                }
            }
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
