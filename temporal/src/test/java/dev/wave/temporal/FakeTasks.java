package dev.wave.temporal;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A hand-written worker for workflow tests: each task behaves as scripted (by id), and the fake records
 * starts, ends, deliveries and how many attempts ran at once. Thread-safe.
 */
final class FakeTasks implements TaskActivities {
    enum Behaviour {
        /** Succeeds at once. */
        SUCCEED,
        /** Its first attempt fails (a task failure: a result), later ones succeed. */
        FAIL_FIRST_ATTEMPT,
        /** Always fails. */
        FAIL,
        /** Its first delivery hangs without heartbeats, as on a worker that died; later deliveries succeed. */
        LOST_ON_FIRST_DELIVERY,
        /** Heartbeats until its activity is cancelled. */
        RUN_UNTIL_CANCELLED,
        /** Succeeds as an agent that used 100 input and 10 output tokens for $0.01. */
        SPEND
    }

    private final Map<String, Behaviour> script;
    private final Object lock = new Object();
    private final List<String> timeline = new ArrayList<>(); // guarded by lock
    private int running; // guarded by lock
    private int peak; // guarded by lock
    private int criticalRunning; // guarded by lock
    private final List<String> overlaps = new ArrayList<>(); // guarded by lock
    private final Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
    final CountDownLatch release = new CountDownLatch(1);
    final CountDownLatch started;
    final CountDownLatch cancelled;

    FakeTasks(Map<String, Behaviour> script, int expectStarted) {
        this.script = Map.copyOf(script);
        this.started = new CountDownLatch(expectStarted);
        this.cancelled = new CountDownLatch(expectStarted);
    }

    @Override
    public Result runAttempt(Request request) {
        String id = Wire.task(request.taskJson()).id();
        boolean critical = Wire.task(request.taskJson()).critical();
        ActivityExecutionContext context = Activity.getExecutionContext();
        int delivery = deliveries.computeIfAbsent(id, key -> new AtomicInteger()).incrementAndGet();
        Behaviour behaviour = script.getOrDefault(id, Behaviour.SUCCEED);
        synchronized (lock) {
            running++;
            peak = Math.max(peak, running);
            if (critical && running > 1 || !critical && criticalRunning > 0) {
                overlaps.add(id);
            }
            if (critical) {
                criticalRunning++;
            }
            timeline.add("start " + id);
        }
        try {
            switch (behaviour) {
                case LOST_ON_FIRST_DELIVERY:
                    if (delivery == 1) {
                        await(release);
                        throw new IllegalStateException("a lost worker's attempt came back");
                    }
                    return ok(id);
                case RUN_UNTIL_CANCELLED:
                    started.countDown();
                    while (true) {
                        try {
                            context.heartbeat(null);
                        } catch (ActivityCompletionException e) {
                            cancelled.countDown();
                            throw e;
                        }
                        await(release, 50);
                    }
                case FAIL_FIRST_ATTEMPT:
                    return request.attempt() == 1 ? failed(id) : ok(id);
                case FAIL:
                    return failed(id);
                case SUCCEED:
                    return ok(id);
                case SPEND:
                    return new Result(true, 0, id + " done", List.of(), "", "", "fake", 100, 10, 0.01, true, "");
                default:
                    throw new AssertionError(behaviour);
            }
        } finally {
            synchronized (lock) {
                running--;
                if (critical) {
                    criticalRunning--;
                }
                timeline.add("end " + id);
            }
        }
    }

    /** "start X" and "end X" lines in the order they happened. */
    List<String> timeline() {
        synchronized (lock) {
            return List.copyOf(timeline);
        }
    }

    int peak() {
        synchronized (lock) {
            return peak;
        }
    }

    /** Critical tasks that started while another attempt ran. */
    List<String> overlaps() {
        synchronized (lock) {
            return List.copyOf(overlaps);
        }
    }

    int deliveries(String id) {
        return deliveries.getOrDefault(id, new AtomicInteger()).get();
    }

    private static Result ok(String id) {
        return Result.withoutUsage(true, 0, id + " done", List.of(), "", "", "fake");
    }

    private static Result failed(String id) {
        return Result.withoutUsage(false, 1, id + " failed", List.of(), "", "", "fake");
    }

    private static void await(CountDownLatch latch) {
        await(latch, TimeUnit.MINUTES.toMillis(2));
    }

    private static void await(CountDownLatch latch, long millis) {
        try {
            latch.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
