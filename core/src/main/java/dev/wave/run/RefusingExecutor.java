package dev.wave.run;

import static java.util.Objects.requireNonNull;

import dev.wave.plan.Task;
import java.nio.file.Path;

/** Fails every attempt with a fixed reason; for kinds of task this build cannot run. Thread-safe. */
record RefusingExecutor(String reason) implements TaskExecutor {
    RefusingExecutor {
        requireNonNull(reason, "reason is null");
    }

    @Override
    public ExecutionResult execute(Task task, Path workDirectory, Path log) {
        return ExecutionResult.failed(reason);
    }
}
