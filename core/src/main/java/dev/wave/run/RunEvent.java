package dev.wave.run;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;

/**
 * What happened in a run, in the order it happened: the {@link RunCore} emits these, the journal
 * appends them, listeners hear them. A closed family of immutable values.
 */
public sealed interface RunEvent {
    /** The task the event is about. */
    String taskId();

    /**
     * An attempt of a task started on an agent.
     *
     * @param start where and when
     * @param attempt which attempt, from 1
     */
    record AttemptStarted(TaskStart start, int attempt) implements RunEvent {
        public AttemptStarted {
            requireNonNull(start, "start is null");
        }

        @Override
        public String taskId() {
            return start.id();
        }
    }

    /**
     * An attempt ended (succeeded, failed, or was cancelled while it ran).
     *
     * @param index the task's position in the plan
     * @param attempt which attempt, from 1
     * @param result how it ended
     * @param endedAt when
     */
    record AttemptEnded(int index, String taskId, int attempt, ExecutionResult result, Instant endedAt) implements RunEvent {
        public AttemptEnded {
            requireNonNull(taskId, "taskId is null");
            requireNonNull(result, "result is null");
            requireNonNull(endedAt, "endedAt is null");
        }
    }

    /** A failed attempt will be tried again after {@code backoff}; the task's agent serves other work meanwhile. */
    record RetryScheduled(String taskId, int failedAttempt, Duration backoff, String reason) implements RunEvent {
        public RetryScheduled {
            requireNonNull(taskId, "taskId is null");
            requireNonNull(backoff, "backoff is null");
            requireNonNull(reason, "reason is null");
        }
    }

    /** The run decided what to do about a failure. */
    record FailureDecided(FailureDecision decision) implements RunEvent {
        public FailureDecided {
            requireNonNull(decision, "decision is null");
        }

        @Override
        public String taskId() {
            return decision.taskId();
        }
    }

    /** A task ended for good: succeeded (and integrated), failed, skipped or cancelled. */
    record TaskEnded(TaskRecord record) implements RunEvent {
        public TaskEnded {
            requireNonNull(record, "record is null");
        }

        @Override
        public String taskId() {
            return record.id();
        }
    }
}
