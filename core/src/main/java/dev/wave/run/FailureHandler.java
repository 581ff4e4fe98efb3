package dev.wave.run;

import static java.util.Objects.requireNonNull;

/**
 * Decides what happens when a task has failed for good, after its retries: the {@code on_failure}
 * policy. The runner calls it from the worker thread of the failed task, without its lock, and starts
 * no new task while it waits for an answer. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface FailureHandler {
    /**
     * @param taskId the task
     * @param attempts how many attempts it had
     * @param failure what its last attempt said
     * @throws InterruptedException if interrupted while deciding (the task then ends cancelled)
     */
    Resolution taskFailed(String taskId, int attempts, String failure) throws InterruptedException;

    /** The task is given up and its dependents skipped; the rest of the run goes on ({@code on_failure: continue}). */
    static FailureHandler skipDependents(String policy) {
        requireNonNull(policy, "policy is null");
        return (taskId, attempts, failure) -> new Resolution(Choice.SKIP, policy + ": skip its dependents, go on");
    }

    /** The run stops at the first task that fails for good ({@code on_failure: rollback}). */
    static FailureHandler abort(String policy) {
        requireNonNull(policy, "policy is null");
        return (taskId, attempts, failure) -> new Resolution(Choice.ABORT, policy + ": stop the run");
    }

    /** What to do with the failed task. */
    enum Choice {
        /** Run it again, with its retries afresh. */
        RETRY,
        /** Give it up; its dependents are skipped. */
        SKIP,
        /** Stop the run. */
        ABORT
    }

    /**
     * A choice and why it was made.
     *
     * @param choice what to do
     * @param reason the policy or the answer behind it, for the log and the summary
     */
    record Resolution(Choice choice, String reason) {
        public Resolution {
            requireNonNull(choice, "choice is null");
            requireNonNull(reason, "reason is null");
        }
    }
}
