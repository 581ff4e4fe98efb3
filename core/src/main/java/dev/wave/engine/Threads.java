package dev.wave.engine;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Creates wave's threads: named, daemon, with an uncaught-exception handler; and shuts pools down in two phases. */
final class Threads {
    private Threads() {}

    static ExecutorService pool(String name, int size) {
        return Executors.newFixedThreadPool(size, factory(name));
    }

    /**
     * A pool whose threads are started now: the first tasks handed to it go to threads already waiting, instead of
     * each waiting for a thread to be created (the run's first starts go out together).
     */
    static ExecutorService startedPool(String name, int size) {
        ThreadPoolExecutor pool = (ThreadPoolExecutor) Executors.newFixedThreadPool(size, factory(name));
        pool.prestartAllCoreThreads();
        return pool;
    }

    static ScheduledExecutorService timer(String name) {
        return Executors.newSingleThreadScheduledExecutor(factory(name));
    }

    private static ThreadFactory factory(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            thread.setUncaughtExceptionHandler((t, e) -> {
                System.err.println("wave: internal error in " + t.getName() + ": " + e);
                e.printStackTrace();
            });
            return thread;
        };
    }

    /** Shuts down, waits half the timeout, interrupts, waits the other half. */
    static void shutdown(ExecutorService pool, Duration timeout) {
        pool.shutdown();
        try {
            if (!pool.awaitTermination(timeout.toMillis() / 2, TimeUnit.MILLISECONDS)) {
                pool.shutdownNow();
                pool.awaitTermination(timeout.toMillis() / 2, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
