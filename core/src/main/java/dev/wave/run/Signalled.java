package dev.wave.run;

import static java.util.Objects.requireNonNull;

/**
 * A daemon thread of a {@link Runner} that runs one job each time it is signalled: signals that come while the job
 * runs make one more run, none is lost. {@link #close} makes a last run, stops the thread and waits for it.
 * Thread-safe.
 */
final class Signalled {
    private static final System.Logger LOG = System.getLogger(Signalled.class.getName());

    private final Object lock = new Object();
    private final Runnable job;
    private final Thread thread;
    private boolean due; // guarded by lock
    private boolean closed; // guarded by lock

    Signalled(String name, Runnable job) {
        this.job = requireNonNull(job, "job is null");
        this.thread = new Thread(this::loop, requireNonNull(name, "name is null"));
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Asks for a run of the job; returns at once. May be called with the runner's lock held. */
    void signal() {
        synchronized (lock) {
            if (!due) {
                due = true;
                lock.notifyAll();
            }
        }
    }

    /** Makes a last run of the job, then stops the thread; returns once it has stopped. */
    void close() {
        synchronized (lock) {
            due = true;
            closed = true;
            lock.notifyAll();
        }
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop() {
        while (true) {
            synchronized (lock) {
                while (!due && !closed) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        // Only the runner uses this thread; it stops it by closing, not by interrupting.
                    }
                }
                if (!due) {
                    return;
                }
                due = false;
            }
            try {
                job.run();
            } catch (RuntimeException | Error e) {
                LOG.log(System.Logger.Level.ERROR, "internal error in " + thread.getName() + "; it goes on", e);
            }
        }
    }
}
