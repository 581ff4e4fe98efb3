package dev.wave.run;

import dev.wave.plan.Task;
import java.nio.file.Path;

/**
 * Integrates a succeeded task's work before its dependents are released: nothing for shell tasks
 * and built-in actions, which work in the repository itself; a merge of the task's worktree for
 * agents that work in their own. Called from a worker thread, without the runner's lock.
 */
@FunctionalInterface
public interface TaskIntegrator {
    /**
     * @return empty when integrated; otherwise why it could not be, which fails the task
     * @throws InterruptedException if cancelled meanwhile
     */
    java.util.Optional<String> integrate(Task task, Path workDirectory) throws InterruptedException;

    /**
     * As {@link #integrate}, saying also when the work was merged but the run's check after the merge
     * found new failures ({@code check_between_merges}): what the check said, for a fix wave (SPEC F17).
     */
    default java.util.Optional<Failure> integrateChecked(Task task, Path workDirectory) throws InterruptedException {
        return integrate(task, workDirectory).map(reason -> new Failure(reason, java.util.Optional.empty()));
    }

    /**
     * Why an integration failed.
     *
     * @param reason one line, which fails the task
     * @param failedCheck when the work was merged and the run's check then failed: what the check said
     */
    record Failure(String reason, java.util.Optional<String> failedCheck) {
        public Failure {
            java.util.Objects.requireNonNull(reason, "reason is null");
            java.util.Objects.requireNonNull(failedCheck, "failedCheck is null");
        }
    }

    /** Integration is a no-op: the task worked in place. */
    static TaskIntegrator inPlace() {
        return InPlace.INSTANCE;
    }

    /** The no-op integrator. */
    enum InPlace implements TaskIntegrator {
        INSTANCE;

        @Override
        public java.util.Optional<String> integrate(Task task, Path workDirectory) {
            return java.util.Optional.empty();
        }
    }
}
