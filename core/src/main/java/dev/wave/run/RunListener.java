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

    /** A running agent task's agent made progress (a tool, a turn, tokens); its last call holds the attempt's totals. */
    default void taskProgressed(String id, TaskProgress progress) {}

    /** A task ended in any way: succeeded, failed, skipped or cancelled. */
    default void taskEnded(TaskRecord record) {}

    default void runEnded(RunResult result) {}

    /** A fix wave ({@code wave}, such as {@code 5.1}) was inserted after the check of task {@code id} failed. */
    default void fixWaveInserted(String id, String wave, String failure) {}

    /** A task the run inserted (a fix wave's step) started, in inserted wave {@code wave}. */
    default void insertedTaskStarted(TaskStart start, String wave) {}

    /** A task the run inserted ended. */
    default void insertedTaskEnded(InsertedTask task) {}

    /** The run's budget is spent: no agent task starts any more. */
    default void budgetReached(String reason) {}

    /** An attempt of {@code provider} hit a rate limit: its tasks start again after {@code delay}. */
    default void providerPaused(String provider, Duration delay, String taskId) {}

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

            @Override
            public void fixWaveInserted(String id, String wave, String failure) {
                first.fixWaveInserted(id, wave, failure);
                second.fixWaveInserted(id, wave, failure);
            }

            @Override
            public void insertedTaskStarted(TaskStart start, String wave) {
                first.insertedTaskStarted(start, wave);
                second.insertedTaskStarted(start, wave);
            }

            @Override
            public void insertedTaskEnded(InsertedTask task) {
                first.insertedTaskEnded(task);
                second.insertedTaskEnded(task);
            }

            @Override
            public void budgetReached(String reason) {
                first.budgetReached(reason);
                second.budgetReached(reason);
            }

            @Override
            public void providerPaused(String provider, Duration delay, String taskId) {
                first.providerPaused(provider, delay, taskId);
                second.providerPaused(provider, delay, taskId);
            }
        };
    }
}
