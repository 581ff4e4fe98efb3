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
