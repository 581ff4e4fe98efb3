package dev.wave.engine;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Cancels a run from another thread (a signal handler, a button) and waits for it to settle.
 * Thread-safe. A cancel before the repository is locked stops the run with nothing changed; during
 * Wave 0, the final commit or a rollback the step finishes first; during the tasks, running tasks are
 * killed and the rest cancelled. In every case once anything changed the summary is written.
 */
public final class RunControl {
    private final Object lock = new Object();
    private boolean cancelled; // guarded by lock
    private boolean changing; // guarded by lock
    private Optional<Runnable> canceller = Optional.empty(); // guarded by lock
    private final CountDownLatch settled = new CountDownLatch(1);

    /** Asks the run to stop; returns at once. */
    public void cancel() {
        Optional<Runnable> call;
        synchronized (lock) {
            cancelled = true;
            call = canceller;
        }
        call.ifPresent(Runnable::run);
    }

    public boolean isCancelled() {
        synchronized (lock) {
            return cancelled;
        }
    }

    /** Whether the run has begun to change things (it holds the repository's lock), so a cancel must wait for it. */
    public boolean isChanging() {
        synchronized (lock) {
            return changing;
        }
    }

    /** Waits until {@link Orchestrator#execute} has returned (with its summary written), at most {@code timeout}. */
    public boolean awaitSettled(Duration timeout) throws InterruptedException {
        return settled.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    void changing() {
        synchronized (lock) {
            changing = true;
        }
    }

    /** While the tasks run, a cancel goes to {@code runnerCancel}; it is called at once if a cancel came already. */
    void attach(Runnable runnerCancel) {
        boolean now;
        synchronized (lock) {
            canceller = Optional.of(runnerCancel);
            now = cancelled;
        }
        if (now) {
            runnerCancel.run();
        }
    }

    void detach() {
        synchronized (lock) {
            canceller = Optional.empty();
        }
    }

    void settled() {
        settled.countDown();
    }
}
