package dev.wave.run;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs an action after a delay, for retries that wait without holding a worker. Implementations
 * must be thread-safe; the action runs on a thread of the timer's own, never a worker.
 */
@FunctionalInterface
public interface RunTimer {
    /** Schedules {@code action} after {@code delay}; the returned handle cancels it if it has not run. */
    Cancellable schedule(Duration delay, Runnable action);

    /** A scheduled action that can be called off. */
    @FunctionalInterface
    interface Cancellable {
        void cancel();
    }

    /** A timer on one shared daemon thread, {@code wave-retry-timer}, created on first use. */
    static RunTimer daemon() {
        return DaemonTimer.INSTANCE;
    }

    /** The shared daemon timer. */
    enum DaemonTimer implements RunTimer {
        INSTANCE;

        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "wave-retry-timer");
            thread.setDaemon(true);
            return thread;
        });

        @Override
        public Cancellable schedule(Duration delay, Runnable action) {
            var future = timer.schedule(action, delay.toMillis(), TimeUnit.MILLISECONDS);
            return () -> future.cancel(false);
        }
    }
}
