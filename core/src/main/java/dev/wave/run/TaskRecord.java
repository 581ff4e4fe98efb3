package dev.wave.run;

import static java.util.Objects.requireNonNull;

import dev.wave.schedule.TaskState;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What happened to one task in a run. Tasks that never started have no instance and no times.
 *
 * @param index the task's position in the plan
 * @param id the task id
 * @param wave the task's wave, from 1
 * @param instance the agent that ran it, {@code I1..In}
 * @param state how it ended
 * @param startedAt when its first attempt started
 * @param finishedAt when its last attempt ended
 * @param durationMillis finishedAt - startedAt, retries and backoff included; 0 if it never ran
 * @param exitCode the last attempt's exit code, for processes that exited
 * @param attempts how many attempts ran
 * @param summary the last attempt's output summary, or why the task was skipped or cancelled
 * @param filesChanged files the task created, modified or deleted, when its executor knows them
 * @param usage what the task's model work cost over all its attempts; {@link Usage#NONE} for shell and
 *     built-in tasks
 */
public record TaskRecord(
        int index,
        String id,
        int wave,
        Optional<String> instance,
        TaskState state,
        Optional<Instant> startedAt,
        Optional<Instant> finishedAt,
        long durationMillis,
        Optional<Integer> exitCode,
        int attempts,
        String summary,
        List<String> filesChanged,
        Usage usage) {

    public TaskRecord {
        requireNonNull(id, "id is null");
        requireNonNull(instance, "instance is null");
        requireNonNull(state, "state is null");
        requireNonNull(startedAt, "startedAt is null");
        requireNonNull(finishedAt, "finishedAt is null");
        requireNonNull(exitCode, "exitCode is null");
        requireNonNull(summary, "summary is null");
        filesChanged = List.copyOf(filesChanged);
        requireNonNull(usage, "usage is null");
    }

    /** A record of a task with no model usage. */
    public TaskRecord(int index, String id, int wave, Optional<String> instance, TaskState state,
            Optional<Instant> startedAt, Optional<Instant> finishedAt, long durationMillis, Optional<Integer> exitCode,
            int attempts, String summary, List<String> filesChanged) {
        this(index, id, wave, instance, state, startedAt, finishedAt, durationMillis, exitCode, attempts, summary,
                filesChanged, Usage.NONE);
    }

    public TaskRecord withUsage(Usage usage) {
        return new TaskRecord(index, id, wave, instance, state, startedAt, finishedAt, durationMillis, exitCode, attempts,
                summary, filesChanged, usage);
    }

    /** A task that ended without running: skipped or cancelled before it started. */
    static TaskRecord notRun(int index, String id, int wave, TaskState state, String reason) {
        return new TaskRecord(index, id, wave, Optional.empty(), state, Optional.empty(), Optional.empty(), 0,
                Optional.empty(), 0, reason, List.of());
    }
}
