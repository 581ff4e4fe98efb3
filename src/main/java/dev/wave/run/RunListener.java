package dev.wave.run;

import java.time.Duration;

/**
 * Hears what happens in a run: progress displays, the journal, logs. Calls come from worker threads,
 * possibly several at once, never while the runner holds its lock; implementations must be
 * thread-safe. A listener that throws is logged and ignored: it never stops a run.
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

    static RunListener none() {
        return new RunListener() {};
    }
}
