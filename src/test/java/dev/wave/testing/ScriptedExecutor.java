package dev.wave.testing;

import dev.wave.plan.Task;
import dev.wave.run.ExecutionResult;
import dev.wave.run.TaskExecutor;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A task executor that returns scripted outcomes per task (success when the script is empty) and records its calls. */
public final class ScriptedExecutor implements TaskExecutor {
    private final Map<String, Deque<Boolean>> script = new HashMap<>();
    private final List<String> calls = new ArrayList<>();

    /** The next attempts of {@code taskId} fail this many times, then succeed. */
    public synchronized ScriptedExecutor failing(String taskId, int times) {
        Deque<Boolean> outcomes = script.computeIfAbsent(taskId, id -> new ArrayDeque<>());
        for (int i = 0; i < times; i++) {
            outcomes.add(false);
        }
        return this;
    }

    @Override
    public synchronized ExecutionResult execute(Task task, Path workDirectory, Path log) {
        calls.add(task.id());
        Deque<Boolean> outcomes = script.get(task.id());
        boolean succeeds = outcomes == null || outcomes.isEmpty() || outcomes.poll();
        return succeeds ? ExecutionResult.exited(0, "ok") : ExecutionResult.exited(1, task.id() + " broke");
    }

    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }
}
