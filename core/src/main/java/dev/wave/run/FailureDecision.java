package dev.wave.run;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * What the run decided after a failed attempt, with the figures it decided on.
 *
 * @param taskId the task that failed
 * @param attempt which attempt failed, from 1
 * @param action what the run does about it
 * @param failedTasks how many tasks of the plan have failed at least once so far
 * @param tasks how many tasks the plan has
 * @param agentsBefore the agent limit before the decision
 * @param agentsAfter the agent limit after it
 * @param failure what the failed attempt said (its summary)
 * @param reason why, in words: the threshold band or the on_failure policy
 */
public record FailureDecision(String taskId, int attempt, Action action, int failedTasks, int tasks, int agentsBefore,
        int agentsAfter, String failure, String reason) {
    public FailureDecision {
        requireNonNull(taskId, "taskId is null");
        requireNonNull(action, "action is null");
        requireNonNull(failure, "failure is null");
        requireNonNull(reason, "reason is null");
    }

    /** failedTasks / tasks. */
    public double rate() {
        return tasks == 0 ? 0.0 : (double) failedTasks / tasks;
    }

    /** What a run does about a failure. */
    public enum Action {
        /** Try the task again with the same number of agents. */
        RETRY,
        /** Lower the agent limit by a quarter; retry when the task has retries left. */
        REDUCE_AGENTS,
        /** Run one task at a time from now on; retry when the task has retries left. */
        SEQUENTIAL,
        /** Stop the run: nothing new starts, running tasks are cancelled. */
        ABORT,
        /** Give the task up; the tasks that depend on it are skipped, the others go on. */
        SKIP_DEPENDENTS;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
