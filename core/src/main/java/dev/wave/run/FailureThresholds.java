package dev.wave.run;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.Optional;

/**
 * The failure-rate thresholds of adaptive execution (SPEC F17). The failure rate is the share of the
 * plan's tasks that have failed at least once so far. After each failed attempt:
 * <ul>
 *   <li>under {@code minor} (1%), or fewer than {@code minimumFailures} failed tasks (a single failing
 *       task is treated as transient): retry at the same width;
 *   <li>from {@code minor} to {@code moderate} (1-10%): lower the agent limit by 25% and retry;
 *   <li>over {@code moderate} up to {@code critical} (10-50%): run sequentially and retry, or abort,
 *       as {@code major} says (priority speed or balanced: sequential; safety: abort);
 *   <li>over {@code critical} (50%): abort and report.
 * </ul>
 * A task retries only while it has retries left; the thresholds decide the width and whether the run
 * goes on at all. Immutable.
 *
 * @param enabled whether the thresholds apply; when off every failure just retries while it can
 * @param minor the rate under which failures are minor
 * @param moderate the highest moderate rate
 * @param critical the rate over which the run aborts
 * @param minimumFailures failed tasks needed before the rate counts at all
 * @param major what a major rate (over moderate, up to critical) does
 */
public record FailureThresholds(boolean enabled, double minor, double moderate, double critical, int minimumFailures,
        MajorFailure major) {
    public static final double DEFAULT_MINOR = 0.01;
    public static final double DEFAULT_MODERATE = 0.10;
    public static final double DEFAULT_CRITICAL = 0.50;
    public static final int DEFAULT_MINIMUM_FAILURES = 2;

    public FailureThresholds {
        if (!(0 <= minor && minor <= moderate && moderate <= critical && critical <= 1)) {
            throw new IllegalArgumentException("thresholds must satisfy 0 <= minor <= moderate <= critical <= 1, got "
                    + minor + ", " + moderate + ", " + critical);
        }
        if (minimumFailures < 1) {
            throw new IllegalArgumentException("minimumFailures must be at least 1, got " + minimumFailures);
        }
        requireNonNull(major, "major is null");
    }

    /** The seeds' thresholds: 1%, 10%, 50%; a major rate falls back to sequential. */
    public static FailureThresholds defaults() {
        return new FailureThresholds(true, DEFAULT_MINOR, DEFAULT_MODERATE, DEFAULT_CRITICAL, DEFAULT_MINIMUM_FAILURES,
                MajorFailure.SEQUENTIAL);
    }

    /** No thresholds: failures retry while they can and never change the width. */
    public static FailureThresholds off() {
        return new FailureThresholds(false, DEFAULT_MINOR, DEFAULT_MODERATE, DEFAULT_CRITICAL, DEFAULT_MINIMUM_FAILURES,
                MajorFailure.SEQUENTIAL);
    }

    public FailureThresholds withMajor(MajorFailure major) {
        return new FailureThresholds(enabled, minor, moderate, critical, minimumFailures, major);
    }

    /**
     * Decides what a failed attempt does to the run.
     *
     * @param retriesLeft whether the task will be tried again
     * @param failedTasks tasks that have failed at least once, this one included
     * @param agents the current agent limit
     * @return the decision, or empty when there is nothing to decide: the task has no retries left
     *     and the width stays as it is
     */
    public Optional<FailureDecision> decide(String taskId, int attempt, boolean retriesLeft, int failedTasks, int tasks,
            int agents, String failure) {
        String figures = String.format(Locale.ROOT, "failure rate %d/%d tasks = %.1f%%", failedTasks, tasks,
                100.0 * failedTasks / Math.max(1, tasks));
        String next = retriesLeft ? "retry" : "no retries left";
        double rate = (double) failedTasks / Math.max(1, tasks);
        if (!enabled || failedTasks < minimumFailures || rate < minor) {
            if (!retriesLeft) {
                return Optional.empty();
            }
            String why = !enabled ? "thresholds off" : failedTasks < minimumFailures
                    ? figures + ", but a single failing task is treated as transient" : figures + ", under " + percent(minor);
            return Optional.of(new FailureDecision(taskId, attempt, FailureDecision.Action.RETRY, failedTasks, tasks, agents,
                    agents, failure, why + ": retry"));
        }
        if (rate > critical) {
            return Optional.of(new FailureDecision(taskId, attempt, FailureDecision.Action.ABORT, failedTasks, tasks, agents,
                    agents, failure, figures + ", over " + percent(critical) + ": abort and report"));
        }
        if (rate > moderate) {
            if (major == MajorFailure.ABORT) {
                return Optional.of(new FailureDecision(taskId, attempt, FailureDecision.Action.ABORT, failedTasks, tasks,
                        agents, agents, failure, figures + ", over " + percent(moderate) + " with priority safety: abort"));
            }
            return Optional.of(new FailureDecision(taskId, attempt, FailureDecision.Action.SEQUENTIAL, failedTasks, tasks,
                    agents, 1, failure, figures + ", over " + percent(moderate) + ": fall back to sequential, " + next));
        }
        int reduced = Math.max(1, (int) Math.floor(agents * 0.75));
        return Optional.of(new FailureDecision(taskId, attempt, FailureDecision.Action.REDUCE_AGENTS, failedTasks, tasks,
                agents, reduced, failure, figures + ", " + percent(minor) + "-" + percent(moderate)
                        + ": reduce agents by 25% (" + agents + " -> " + reduced + "), " + next));
    }

    private static String percent(double rate) {
        double value = rate * 100;
        return value == Math.rint(value) ? String.format(Locale.ROOT, "%d%%", (long) value)
                : String.format(Locale.ROOT, "%.1f%%", value);
    }

    /** What a major failure rate does. */
    public enum MajorFailure {
        /** Go on one task at a time (priority speed or balanced). */
        SEQUENTIAL,
        /** Stop the run (priority safety). */
        ABORT
    }
}
