package dev.wave.testing;

import dev.wave.plan.Task;
import dev.wave.run.ExecutionResult;
import dev.wave.run.TaskExecutor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process executor for runner tests: each task's attempts fail a scripted number of times,
 * tasks can be held until released, and every call is recorded with the concurrency it saw.
 */
public final class ScriptedExecutor implements TaskExecutor {
    private final Map<String, Integer> failuresLeft = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> holds = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> started = new ConcurrentHashMap<>();
    private final List<String> calls = new ArrayList<>();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();

    /** The task's first {@code count} attempts fail with exit code 1. */
    public ScriptedExecutor failing(String id, int count) {
        failuresLeft.put(id, count);
        return this;
    }

    /** The task blocks until {@link #release} (or an interrupt). */
    public ScriptedExecutor holding(String id) {
        holds.put(id, new CountDownLatch(1));
        return this;
    }

    public void release(String id) {
        holds.get(id).countDown();
    }

    /** Waits until the task has started at least once. */
    public void awaitStarted(String id) throws InterruptedException {
        started.computeIfAbsent(id, key -> new CountDownLatch(1)).await();
    }

    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    public int peakConcurrency() {
        return peak.get();
    }

    @Override
    public ExecutionResult execute(Task task, Path workDirectory, Path log) throws InterruptedException {
        synchronized (this) {
            calls.add(task.id());
        }
        peak.accumulateAndGet(running.incrementAndGet(), Math::max);
        try {
            started.computeIfAbsent(task.id(), key -> new CountDownLatch(1)).countDown();
            CountDownLatch hold = holds.get(task.id());
            if (hold != null) {
                hold.await();
            }
            int left = failuresLeft.getOrDefault(task.id(), 0);
            if (left > 0) {
                failuresLeft.put(task.id(), left - 1);
                return ExecutionResult.exited(1, task.id() + " broke");
            }
            return ExecutionResult.exited(0, "ok " + task.id());
        } finally {
            running.decrementAndGet();
        }
    }
}
