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

    /**
     * A fix wave was inserted after the check of an agent task failed: analyse, fix, re-check.
     *
     * @param taskId the task whose check failed
     * @param wave the inserted wave's number ({@code 5.1})
     * @param round which fix wave of this task, from 1
     * @param failure what the check said
     */
    record FixWaveInserted(String taskId, String wave, int round, String failure) implements RunEvent {
        public FixWaveInserted {
            requireNonNull(taskId, "taskId is null");
            requireNonNull(wave, "wave is null");
            requireNonNull(failure, "failure is null");
        }
    }

    /** An attempt of an inserted task (a fix wave's step) started, on the agent of the task it fixes. */
    record InsertedTaskStarted(TaskStart start, String wave, int attempt) implements RunEvent {
        public InsertedTaskStarted {
            requireNonNull(start, "start is null");
            requireNonNull(wave, "wave is null");
        }

        @Override
        public String taskId() {
            return start.id();
        }
    }

    /** An inserted task ended for good. */
    record InsertedTaskEnded(InsertedTask task) implements RunEvent {
        public InsertedTaskEnded {
            requireNonNull(task, "task is null");
        }

        @Override
        public String taskId() {
            return task.record().id();
        }
    }

    /**
     * The run's agents spent its budget: no agent task starts any more.
     *
     * @param taskId the task whose attempt reached it
     * @param reason {@code budget reached: $1.0200 of $1.0000}
     * @param spent what the run's agents have spent
     */
    record BudgetReached(String taskId, String reason, Usage spent) implements RunEvent {
        public BudgetReached {
            requireNonNull(taskId, "taskId is null");
            requireNonNull(reason, "reason is null");
            requireNonNull(spent, "spent is null");
        }
    }

    /** An attempt of {@code provider} hit a rate limit: none of its tasks starts for {@code delay}. */
    record ProviderPaused(String taskId, String provider, Duration delay) implements RunEvent {
        public ProviderPaused {
            requireNonNull(taskId, "taskId is null");
            requireNonNull(provider, "provider is null");
            requireNonNull(delay, "delay is null");
        }
    }
}
