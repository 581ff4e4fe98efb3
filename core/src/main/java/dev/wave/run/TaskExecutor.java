package dev.wave.run;

import dev.wave.plan.Task;
import dev.wave.sandbox.Sandbox;
import java.nio.file.Path;

/**
 * Carries out one attempt of a task. Implementations must be thread-safe: the runner calls them
 * from several workers at once.
 *
 * <p>Cancellation is by interrupt: when the run is cancelled or a timeout ends the attempt, the
 * worker thread is interrupted, and the executor must stop everything it started (a shell task's
 * whole process tree) before it throws {@link InterruptedException}.
 */
public interface TaskExecutor {
    /**
     * Runs one attempt.
     *
     * @param task the task
     * @param workDirectory where to run (the repository)
     * @param log the task's log file; output is appended to it
     * @return how the attempt ended; a failure is a result, not an exception
     * @throws InterruptedException if cancelled, after everything the attempt started has stopped
     */
    ExecutionResult execute(Task task, Path workDirectory, Path log) throws InterruptedException;

    /**
     * Runs shell tasks with {@code sh -c} in the default sandbox (bubblewrap when it can start, no
     * network); refuses the other kinds.
     */
    static TaskExecutor shell() {
        return new ShellExecutor(Sandbox.defaults());
    }

    /** Runs shell tasks with {@code sh -c} in {@code sandbox}; refuses the other kinds. */
    static TaskExecutor shell(Sandbox sandbox) {
        return new ShellExecutor(sandbox);
    }

    /**
     * Hands each task to the executor for its kind of action: {@code run:} tasks to {@code shell},
     * {@code action:} tasks to {@code builtin}, {@code prompt:} tasks to {@code agent}.
     */
    static TaskExecutor byKind(TaskExecutor shell, TaskExecutor builtin, TaskExecutor agent) {
        return new ByKindExecutor(shell, builtin, agent);
    }

    /** Fails every attempt with {@code reason} as its summary, starting nothing. */
    static TaskExecutor refusing(String reason) {
        return new RefusingExecutor(reason);
    }
}
