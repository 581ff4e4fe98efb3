package dev.wave.scale;

import static java.util.Objects.requireNonNull;

import dev.wave.plan.Action;
import dev.wave.plan.Plan;
import dev.wave.plan.Task;

/**
 * What runs a task, and what that costs beside the task's own work. The figures are assumptions
 * (shown as such), to be replaced by durations recorded in past runs.
 */
public enum ExecutorKind {
    /** A built-in file action, in-process: a thread and a checkpoint file. */
    BUILTIN(2, 10, 4L << 20),
    /** A shell command: a process. */
    SHELL(50, 50, 64L << 20),
    /** A headless coding agent CLI: a process that loads a model client and its context. */
    AGENT(10_000, 10_000, 500L << 20);

    private final long coordinationMillis;
    private final long startupMillis;
    private final long memoryBytes;

    ExecutorKind(long coordinationMillis, long startupMillis, long memoryBytes) {
        this.coordinationMillis = coordinationMillis;
        this.startupMillis = startupMillis;
        this.memoryBytes = memoryBytes;
    }

    /** The orchestrator's own time per agent: starting it, handing it context, verifying its checkpoints. */
    public long coordinationMillis() {
        return coordinationMillis;
    }

    /** The time one task spends getting going before its work starts. */
    public long startupMillis() {
        return startupMillis;
    }

    /** The memory one running agent of this kind holds. */
    public long memoryBytes() {
        return memoryBytes;
    }

    public static ExecutorKind of(Action action) {
        requireNonNull(action, "action is null");
        if (action instanceof Action.Builtin) {
            return BUILTIN;
        }
        if (action instanceof Action.Shell) {
            return SHELL;
        }
        if (action instanceof Action.Agent) {
            return AGENT;
        }
        throw new AssertionError(action);
    }

    /** The costliest kind among the plan's tasks: the one that bounds how many agents are worth starting. */
    public static ExecutorKind heaviest(Plan plan) {
        ExecutorKind heaviest = BUILTIN;
        for (Task task : plan.tasks()) {
            ExecutorKind kind = of(task.action());
            if (kind.coordinationMillis > heaviest.coordinationMillis) {
                heaviest = kind;
            }
        }
        return heaviest;
    }
}
