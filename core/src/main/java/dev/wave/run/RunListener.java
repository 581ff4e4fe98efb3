package dev.wave.run;

import java.time.Duration;

/**
 * Hears what happens in a run: progress displays, the journal, logs. A {@link Runner} calls it from
 * its own event thread, one call at a time, in the order things happened, never from a worker and
 * never while it holds its lock ({@link #runEnded} comes from the thread that ran the run);
 * implementations must still be thread-safe, for other callers. A listener that throws is logged
 * and ignored: it never stops a run.
 */
public interface RunListener {
    default void taskStarted(TaskStart start) {}

    /** An attempt failed and the task will be tried again after {@code backoff}. */
    default void taskRetrying(String id, int failedAttempt, Duration backoff, String reason) {}

    /** The run decided what to do about a failed attempt: retry, lower the agent count, go sequential, abort, or skip. */
    default void failureDecided(FailureDecision decision) {}

    /** A task ended in any way: succeeded, failed, skipped or cancelled. */
    default void taskEnded(TaskRecord record) {}

    default void runEnded(RunResult result) {}

    /** Hears nothing; a runner that has only this listener skips delivering events. */
    static RunListener none() {
        return Silent.INSTANCE;
    }

    /** The listener that hears nothing. */
    enum Silent implements RunListener {
        INSTANCE
    }

    /** A listener that passes every call to {@code first}, then to {@code second}. */
    static RunListener both(RunListener first, RunListener second) {
        return new RunListener() {
            @Override
            public void taskStarted(TaskStart start) {
                first.taskStarted(start);
                second.taskStarted(start);
            }

            @Override
            public void taskRetrying(String id, int failedAttempt, Duration backoff, String reason) {
                first.taskRetrying(id, failedAttempt, backoff, reason);
                second.taskRetrying(id, failedAttempt, backoff, reason);
            }

            @Override
            public void failureDecided(FailureDecision decision) {
                first.failureDecided(decision);
                second.failureDecided(decision);
            }

            @Override
            public void taskEnded(TaskRecord record) {
                first.taskEnded(record);
                second.taskEnded(record);
            }

            @Override
            public void runEnded(RunResult result) {
                first.runEnded(result);
                second.runEnded(result);
            }
        };
    }
}
