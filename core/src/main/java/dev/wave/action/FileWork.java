package dev.wave.action;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs one step per file of a single action on up to {@code parallelism} threads: the calling
 * thread and helpers from an injected executor take files from one shared counter.
 *
 * <p>Distribution: files are taken {@value #CHUNK} neighbours at a time, and successive takes
 * come from as many distant regions of the list as there are threads (take k gets chunk
 * {@code k / threads} of region {@code k % threads}). The list is in path order, so threads working
 * at once are mostly in different directories, and do not queue for the same directory's lock when
 * they create and rename files (a shared counter over neighbouring files cost about a fifth of a
 * parallel replace). With one thread the order is the list's.
 *
 * <p>Concurrency: the calling thread always works too, so the action makes progress even when
 * the executor is busy with other tasks' files; and it never waits for a helper that has not
 * started: once the caller runs out of files, late helpers find the work closed and return at
 * once. Steps must be thread-safe.
 *
 * <p>Failure handling: the first step to throw stops the others before their next file; once
 * every started helper has stopped, that exception is rethrown. An interrupt of the calling
 * thread stops them the same way and ends in {@link InterruptedIOException}. No step runs after
 * {@link #forEach} returns.
 */
final class FileWork {
    /** Below this many files per thread, a helper costs more than it saves. */
    static final int MIN_FILES_PER_THREAD = 64;
    /** Files taken at a time: neighbours in the list, so mostly one directory. */
    static final int CHUNK = 16;

    private final Executor executor;
    private final int parallelism;

    FileWork(Executor executor, int parallelism) {
        this.executor = requireNonNull(executor, "executor is null");
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
        }
        this.parallelism = parallelism;
    }

    /** Only the calling thread. */
    static FileWork sequential() {
        return new FileWork(Runnable::run, 1);
    }

    /** One file's work. */
    interface Step<T> {
        void run(T item) throws IOException;
    }

    <T> void forEach(List<T> items, Workspace workspace, Step<T> step) throws IOException {
        int helpers = Math.min(parallelism - 1, items.size() / MIN_FILES_PER_THREAD);
        Shared<T> shared = new Shared<>(items, workspace, step, helpers + 1);
        for (int i = 0; i < helpers; i++) {
            try {
                executor.execute(shared::help);
            } catch (RejectedExecutionException e) {
                break; // the pool is shutting down: the others do the rest
            }
        }
        shared.work();
        boolean interrupted = shared.closeAndAwaitHelpers();
        Throwable failure = shared.failure.get();
        if (failure instanceof IOException io) {
            throw io;
        }
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failure instanceof Error error) {
            throw error;
        }
        if (interrupted) {
            throw new InterruptedIOException("cancelled");
        }
    }

    private static final class Shared<T> {
        private final List<T> items;
        private final Workspace workspace;
        private final Step<T> step;
        private final int regions;
        private final int chunksPerRegion;
        private final int claims;
        private final AtomicInteger next = new AtomicInteger(); // the next claim
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private volatile boolean stopped;
        private final Object lock = new Object();
        private boolean closed; // guarded by lock
        private int active; // guarded by lock: helpers working now

        Shared(List<T> items, Workspace workspace, Step<T> step, int regions) {
            this.items = items;
            this.workspace = workspace;
            this.step = step;
            this.regions = regions;
            int chunks = (items.size() + CHUNK - 1) / CHUNK;
            this.chunksPerRegion = (chunks + regions - 1) / regions;
            this.claims = regions * chunksPerRegion;
        }

        /** A helper's run: works unless the caller has already closed the work. */
        void help() {
            synchronized (lock) {
                if (closed) {
                    return;
                }
                active++;
            }
            try {
                work();
            } finally {
                synchronized (lock) {
                    active--;
                    lock.notifyAll();
                }
            }
        }

        void work() {
            try {
                for (int claim = next.getAndIncrement(); claim < claims && !stopped; claim = next.getAndIncrement()) {
                    int chunk = (claim % regions) * chunksPerRegion + claim / regions;
                    int end = Math.min(items.size(), (chunk + 1) * CHUNK);
                    for (int i = chunk * CHUNK; i < end && !stopped; i++) {
                        workspace.checkStop();
                        step.run(items.get(i));
                    }
                }
            } catch (IOException | RuntimeException | Error e) {
                failure.compareAndSet(null, e);
                stopped = true;
            }
        }

        /** Lets no more helpers start and waits for those working; returns whether the caller was interrupted. */
        boolean closeAndAwaitHelpers() {
            boolean interrupted = false;
            synchronized (lock) {
                closed = true;
                while (active > 0) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        interrupted = true; // keep waiting: no step may run after forEach returns
                        stopped = true;
                    }
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return interrupted;
        }
    }
}
