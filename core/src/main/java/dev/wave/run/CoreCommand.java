package dev.wave.run;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * What the {@link RunCore} asks its driver to do. The driver carries commands out in the order
 * given, after the events that caused them are durable; only a start that depends on none of them may go
 * first (see {@link CommitGate}).
 */
public sealed interface CoreCommand {
    /** Run attempt {@code attempt} of the task; report its end with {@link RunCore#attemptEnded}. */
    record StartAttempt(TaskStart start, int attempt) implements CoreCommand {
        public StartAttempt {
            requireNonNull(start, "start is null");
        }

        public int task() {
            return start.index();
        }
    }

    /** Deliver {@link RunCore#retryDue} for the task after {@code delay}; no worker waits meanwhile. */
    record ScheduleRetry(int task, Duration delay) implements CoreCommand {
        public ScheduleRetry {
            requireNonNull(delay, "delay is null");
        }
    }

    /**
     * Integrate the succeeded task's work (a no-op for shell tasks; a merge for agents in worktrees),
     * then report {@link RunCore#taskIntegrated}. Its dependents wait until then.
     */
    record Integrate(int task) implements CoreCommand {}

    /** Ask the failure handler about a task that failed for good; report {@link RunCore#failureResolved}. */
    record ResolveFailure(int task, String taskId, int attempts, String failure) implements CoreCommand {
        public ResolveFailure {
            requireNonNull(taskId, "taskId is null");
            requireNonNull(failure, "failure is null");
        }
    }

    /** Stop every running attempt (each then reports {@link RunCore#attemptInterrupted}) and every pending retry. */
    record Abort(String reason) implements CoreCommand {
        public Abort {
            requireNonNull(reason, "reason is null");
        }
    }

    /** Deliver {@link RunCore#providerResumed} for the provider after {@code delay}: its rate-limit pause is over. */
    record ScheduleResume(String provider, Duration delay) implements CoreCommand {
        public ScheduleResume {
            requireNonNull(provider, "provider is null");
            requireNonNull(delay, "delay is null");
        }
    }
}
