package dev.wave.run;

import static java.util.Objects.requireNonNull;

/**
 * How a run reacts to failures: the failure-rate thresholds after every failed attempt, and the
 * handler for a task that failed for good.
 *
 * @param thresholds consulted after each failed attempt
 * @param handler consulted when a task has no retries left
 */
public record FailurePolicy(FailureThresholds thresholds, FailureHandler handler) {
    public FailurePolicy {
        requireNonNull(thresholds, "thresholds is null");
        requireNonNull(handler, "handler is null");
    }

    /** No thresholds; a failed task skips its dependents and the rest goes on. */
    public static FailurePolicy skipDependents() {
        return new FailurePolicy(FailureThresholds.off(), FailureHandler.skipDependents("a failed task skips its dependents"));
    }
}
