package dev.wave.run;

import static java.util.Objects.requireNonNull;

import dev.wave.schedule.Mode;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How to run a plan.
 *
 * @param agents at most this many tasks run at once
 * @param mode flow or strict waves
 * @param failFast whether the first failure cancels everything else
 * @param workDirectory where tasks run (the repository)
 * @param logDirectory where each task's log goes, as {@code <task>.log}
 * @param retryBackoff the wait before the first retry; each later retry waits twice as long, with jitter
 * @param limits the budget, caps, rate-limit pause and fix waves
 */
public record RunOptions(int agents, Mode mode, boolean failFast, Path workDirectory, Path logDirectory,
        Duration retryBackoff, RunLimits limits) {
    public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofSeconds(1);
    public static final Duration MAX_RETRY_BACKOFF = Duration.ofSeconds(60);

    public RunOptions {
        if (agents < 1) {
            throw new IllegalArgumentException("agents must be at least 1, got " + agents);
        }
        requireNonNull(mode, "mode is null");
        requireNonNull(workDirectory, "workDirectory is null");
        requireNonNull(logDirectory, "logDirectory is null");
        requireNonNull(retryBackoff, "retryBackoff is null");
        requireNonNull(limits, "limits is null");
    }

    /** Options without limits: no budget, no caps, no fix waves. */
    public RunOptions(int agents, Mode mode, boolean failFast, Path workDirectory, Path logDirectory,
            Duration retryBackoff) {
        this(agents, mode, failFast, workDirectory, logDirectory, retryBackoff, RunLimits.none());
    }

    public static RunOptions defaults(Path workDirectory, Path logDirectory) {
        return new RunOptions(1, Mode.FLOW, false, workDirectory, logDirectory, DEFAULT_RETRY_BACKOFF);
    }

    public RunOptions withAgents(int agents) {
        return new RunOptions(agents, mode, failFast, workDirectory, logDirectory, retryBackoff, limits);
    }

    public RunOptions withMode(Mode mode) {
        return new RunOptions(agents, mode, failFast, workDirectory, logDirectory, retryBackoff, limits);
    }

    public RunOptions withFailFast(boolean failFast) {
        return new RunOptions(agents, mode, failFast, workDirectory, logDirectory, retryBackoff, limits);
    }

    public RunOptions withLimits(RunLimits limits) {
        return new RunOptions(agents, mode, failFast, workDirectory, logDirectory, retryBackoff, limits);
    }

    public RunOptions withRetryBackoff(Duration retryBackoff) {
        return new RunOptions(agents, mode, failFast, workDirectory, logDirectory, retryBackoff, limits);
    }
}
