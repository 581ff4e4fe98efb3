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
 * @param attemptSpans when each attempt held an agent, for a task that ran more than once (the waits for a retry
 *     between them held none); empty for a task that ran once or never: its one span is startedAt to finishedAt
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
        Usage usage,
        List<Span> attemptSpans) {

    /** When one attempt of a task held its agent: from its start to its end (for the last, the task's end). */
    public record Span(Instant startedAt, Instant endedAt) {
        public Span {
            requireNonNull(startedAt, "startedAt is null");
            requireNonNull(endedAt, "endedAt is null");
        }

        public long millis() {
            return Math.max(0, endedAt.toEpochMilli() - startedAt.toEpochMilli());
        }
    }

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
        attemptSpans = List.copyOf(attemptSpans);
    }

    /** A record whose attempts' spans are not known apart: one span, startedAt to finishedAt. */
    public TaskRecord(int index, String id, int wave, Optional<String> instance, TaskState state,
            Optional<Instant> startedAt, Optional<Instant> finishedAt, long durationMillis, Optional<Integer> exitCode,
            int attempts, String summary, List<String> filesChanged, Usage usage) {
        this(index, id, wave, instance, state, startedAt, finishedAt, durationMillis, exitCode, attempts, summary,
                filesChanged, usage, List.of());
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
                summary, filesChanged, usage, attemptSpans);
    }

    /**
     * When the task held an agent: each attempt's span, or the one span from its start to its end; empty if it
     * never ran. What concurrency is counted from: a retry's wait holds no agent.
     */
    public List<Span> spans() {
        if (!attemptSpans.isEmpty()) {
            return attemptSpans;
        }
        if (startedAt.isPresent() && finishedAt.isPresent()) {
            return List.of(new Span(startedAt.get(), finishedAt.get()));
        }
        return List.of();
    }

    /** A task that ended without running: skipped or cancelled before it started. */
    static TaskRecord notRun(int index, String id, int wave, TaskState state, String reason) {
        return new TaskRecord(index, id, wave, Optional.empty(), state, Optional.empty(), Optional.empty(), 0,
                Optional.empty(), 0, reason, List.of());
    }
}
