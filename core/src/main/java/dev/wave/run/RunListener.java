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

    /** A running agent task's agent made progress (a tool, a turn, tokens); its last call holds the attempt's totals. */
    default void taskProgressed(String id, TaskProgress progress) {}

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
            public void taskProgressed(String id, TaskProgress progress) {
                first.taskProgressed(id, progress);
                second.taskProgressed(id, progress);
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
