package dev.wave.run;

import static java.util.Objects.requireNonNull;

import dev.wave.plan.Action;
import dev.wave.plan.Task;
import java.nio.file.Path;

/** Picks the executor by the kind of the task's action. As thread-safe as the executors it holds. */
record ByKindExecutor(TaskExecutor shell, TaskExecutor builtin, TaskExecutor agent) implements TaskExecutor {
    ByKindExecutor {
        requireNonNull(shell, "shell is null");
        requireNonNull(builtin, "builtin is null");
        requireNonNull(agent, "agent is null");
    }

    @Override
    public ExecutionResult execute(Task task, Path workDirectory, Path log) throws InterruptedException {
        Action action = task.action();
        if (action instanceof Action.Shell) {
            return shell.execute(task, workDirectory, log);
        }
        if (action instanceof Action.Builtin) {
            return builtin.execute(task, workDirectory, log);
        }
        if (action instanceof Action.Agent) {
            return agent.execute(task, workDirectory, log);
        }
        throw new AssertionError(action);
    }
}
