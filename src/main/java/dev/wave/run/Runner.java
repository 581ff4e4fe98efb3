package dev.wave.run;

import static java.util.Objects.requireNonNull;

import dev.wave.plan.Plan;
import dev.wave.plan.Task;
import dev.wave.schedule.Dispatcher;
import dev.wave.schedule.TaskState;
import dev.wave.schedule.Waves;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Runs a plan on up to {@code agents} workers. The entry point of the {@code run} package.
 *
 * <p>Design: each worker loops: under the lock it asks the {@link Dispatcher} for the next task,
 * runs it outside the lock, then reports the outcome and takes its next task in one pass under the
 * lock, waking waiting workers only when there are any. There is
 * no coordinator thread, so a finished task hands its agent to the next ready task without a
 * thread switch. The dispatcher decides order, waves, critical isolation and skips.
 *
 * <p>Concurrency: one private lock guards the dispatcher, the records and the set of running
 * threads. Listeners, executors and file writes are called without it. {@link #cancel} may be
 * called from any thread (a signal handler, say) at any time.
 *
 * <p>Failure handling: a failed attempt is retried up to the task's {@code retries}, waiting
 * {@code retryBackoff * 2^(attempt-1)} with +/-50% jitter (at most {@link RunOptions#MAX_RETRY_BACKOFF});
 * a task that still fails skips its dependents; with {@code failFast} it also cancels the rest.
 * An executor that throws fails its attempt; a listener that throws is logged and ignored.
 *
 * <p>Cancellation: {@link #cancel} stops new starts and interrupts the workers of running tasks;
 * executors kill what they started and the tasks end {@code cancelled}. {@link #run} returns once
 * every worker has stopped, so no task process outlives it.
 */
public final class Runner {
    private static final System.Logger LOG = System.getLogger(Runner.class.getName());

    private final Plan plan;
    private final Waves waves;
    private final RunOptions options;
    private final TaskExecutor executor;
    private final RunListener listener;
    private final InstantSource clock;
    private final Executor workers;

    private final Object lock = new Object();
    private final Dispatcher dispatcher; // guarded by lock
    private final TaskRecord[] records; // guarded by lock
    private final Thread[] running; // guarded by lock; the worker running a task, by agent slot
    private final String[] instanceNames;
    private final List<Optional<String>> instanceOptions; // shared by the records of each agent slot
    private int idle; // guarded by lock; workers waiting for a task
    private RunStatus stopStatus; // guarded by lock; non-null once the run was stopped early
    private int peakConcurrency; // guarded by lock
    private boolean started; // guarded by lock

    /**
     * @param workers runs the worker loops; it must be able to run {@code min(agents, tasks)} of them at once
     */
    public Runner(Plan plan, Waves waves, RunOptions options, TaskExecutor executor, RunListener listener,
            InstantSource clock, Executor workers) {
        this.plan = requireNonNull(plan, "plan is null");
        this.waves = requireNonNull(waves, "waves is null");
        this.options = requireNonNull(options, "options is null");
        this.executor = requireNonNull(executor, "executor is null");
        this.listener = requireNonNull(listener, "listener is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.workers = requireNonNull(workers, "workers is null");
        this.dispatcher = new Dispatcher(plan.graph(), options.mode(), options.agents(), waves);
        this.records = new TaskRecord[plan.size()];
        this.running = new Thread[options.agents()];
        this.instanceNames = new String[options.agents()];
        List<Optional<String>> optionals = new ArrayList<>(instanceNames.length);
        for (int slot = 0; slot < instanceNames.length; slot++) {
            instanceNames[slot] = "I" + (slot + 1);
            optionals.add(Optional.of(instanceNames[slot]));
        }
        this.instanceOptions = List.copyOf(optionals);
    }

    /**
     * Runs the plan and blocks until every task has ended. Call once.
     *
     * @throws InterruptedException if the calling thread is interrupted; the run is cancelled and
     *     all workers have stopped before this is thrown
     */
    public RunResult run() throws InterruptedException {
        synchronized (lock) {
            if (started) {
                throw new IllegalStateException("a runner runs once");
            }
            started = true;
        }
        Instant startedAt = clock.instant();
        int count = Math.min(options.agents(), plan.size());
        CountDownLatch stopped = new CountDownLatch(count);
        for (int i = 0; i < count; i++) {
            workers.execute(() -> {
                try {
                    work();
                } finally {
                    stopped.countDown();
                }
            });
        }
        try {
            stopped.await();
        } catch (InterruptedException e) {
            cancel();
            stopped.await();
            throw e;
        }
        RunResult result;
        synchronized (lock) {
            RunStatus status = stopStatus != null ? stopStatus : RunStatus.SUCCEEDED;
            for (TaskRecord record : records) {
                if (status == RunStatus.SUCCEEDED && record.state() != TaskState.SUCCEEDED) {
                    status = RunStatus.FAILED;
                }
            }
            result = new RunResult(status, options.mode(), options.agents(), startedAt, clock.instant(),
                    waves.count(), peakConcurrency, List.of(records));
        }
        guarded(() -> listener.runEnded(result), "run end", "");
        return result;
    }

    /** Stops the run: nothing new starts, running tasks are killed, and the run ends {@code interrupted}. */
    public void cancel() {
        List<TaskRecord> cancelled;
        synchronized (lock) {
            cancelled = stopLocked(RunStatus.INTERRUPTED, "cancelled before it started: the run was interrupted");
        }
        cancelled.forEach(record -> guarded(() -> listener.taskEnded(record), "task ", record.id()));
    }

    private List<TaskRecord> stopLocked(RunStatus status, String reason) {
        if (stopStatus != null) {
            return List.of();
        }
        stopStatus = status;
        List<TaskRecord> cancelled = new ArrayList<>();
        dispatcher.cancelPending(task -> {
            records[task] = TaskRecord.notRun(task, plan.task(task).id(), waves.waveOf(task), TaskState.CANCELLED, reason);
            cancelled.add(records[task]);
        });
        for (Thread worker : running) {
            if (worker != null) {
                worker.interrupt();
            }
        }
        lock.notifyAll();
        return cancelled;
    }

    private void work() {
        int task = -1; // the task this worker runs next, once taken
        int slot = -1; // its agent slot
        TaskStart start = null;
        while (true) {
            if (task < 0) {
                synchronized (lock) {
                    while (true) {
                        if (dispatcher.isFinished()) {
                            lock.notifyAll();
                            return;
                        }
                        task = dispatcher.next();
                        if (task >= 0) {
                            break;
                        }
                        idle++;
                        try {
                            lock.wait();
                        } catch (InterruptedException e) {
                            // Interrupted while idle: someone is tearing the run down.
                            stopLocked(RunStatus.INTERRUPTED, "cancelled before it started: the run was interrupted");
                        } finally {
                            idle--;
                        }
                    }
                    start = startLocked(task);
                    slot = dispatcher.instance(task);
                }
            }
            TaskStart started = start;
            guarded(() -> listener.taskStarted(started), "task ", started.id());
            TaskRecord record = attempt(task, started, slot);

            List<TaskRecord> ended = null; // tasks that ended besides this one: skipped or cancelled
            synchronized (lock) {
                running[slot] = null;
                Thread.interrupted(); // a cancel that came after the task ended is not for the next task
                records[task] = record;
                if (record.state() == TaskState.SUCCEEDED) {
                    dispatcher.succeeded(task);
                } else {
                    String reason = "skipped: it depends on \"" + record.id() + "\", which " + record.state().label();
                    List<TaskRecord> others = new ArrayList<>();
                    ended = others;
                    dispatcher.failed(task, record.state(), skipped -> {
                        records[skipped] = TaskRecord.notRun(skipped, plan.task(skipped).id(), waves.waveOf(skipped),
                                TaskState.SKIPPED, reason);
                        others.add(records[skipped]);
                    });
                    if (record.state() == TaskState.FAILED && options.failFast()) {
                        ended.addAll(stopLocked(RunStatus.FAILED,
                                "cancelled before it started: \"" + record.id() + "\" failed and --fail-fast is on"));
                    }
                }
                // Take the next task while holding the lock anyway, when one may start at once.
                task = dispatcher.isFinished() ? -1 : dispatcher.next();
                start = task >= 0 ? startLocked(task) : null;
                slot = task >= 0 ? dispatcher.instance(task) : -1;
                if (idle > 0) {
                    // Only waiting workers need to hear that tasks were released or the run finished.
                    lock.notifyAll();
                }
            }
            guarded(() -> listener.taskEnded(record), "task ", record.id());
            if (ended != null) {
                ended.forEach(ending -> guarded(() -> listener.taskEnded(ending), "task ", ending.id()));
            }
        }
    }

    private TaskStart startLocked(int task) {
        int slot = dispatcher.instance(task);
        running[slot] = Thread.currentThread();
        peakConcurrency = Math.max(peakConcurrency, dispatcher.running());
        return new TaskStart(task, plan.task(task).id(), waves.waveOf(task), instanceNames[slot], clock.instant(),
                dispatcher.running());
    }

    private TaskRecord attempt(int index, TaskStart start, int slot) {
        Task task = plan.task(index);
        Path log = options.logDirectory().resolve(task.id() + ".log");
        int attempts = 0;
        ExecutionResult result;
        TaskState state;
        try {
            while (true) {
                attempts++;
                result = executeGuarded(task, log);
                if (result.succeeded() || attempts > task.retries()) {
                    break;
                }
                Duration backoff = backoff(attempts);
                int failed = attempts;
                String reason = result.summary();
                guarded(() -> listener.taskRetrying(task.id(), failed, backoff, reason), "task ", task.id());
                Thread.sleep(backoff.toMillis());
            }
            state = result.succeeded() ? TaskState.SUCCEEDED : TaskState.FAILED;
        } catch (InterruptedException e) {
            result = ExecutionResult.failed("cancelled while running; its processes were killed");
            state = TaskState.CANCELLED;
        }
        Instant finishedAt = clock.instant();
        long duration = Math.max(0, finishedAt.toEpochMilli() - start.startedAt().toEpochMilli());
        return new TaskRecord(index, task.id(), start.wave(), instanceOptions.get(slot), state,
                Optional.of(start.startedAt()), Optional.of(finishedAt), duration, result.exitCode(), attempts,
                result.summary(), result.filesChanged());
    }

    private ExecutionResult executeGuarded(Task task, Path log) throws InterruptedException {
        try {
            return executor.execute(task, options.workDirectory(), log);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "executor failed for task " + task.id(), e);
            return ExecutionResult.failed("wave could not run the task: " + e);
        }
    }

    private Duration backoff(int failedAttempts) {
        long base = options.retryBackoff().toMillis() << Math.min(failedAttempts - 1, 20);
        long jittered = (long) (base * ThreadLocalRandom.current().nextDouble(0.5, 1.5));
        return Duration.ofMillis(Math.min(jittered, RunOptions.MAX_RETRY_BACKOFF.toMillis()));
    }

    /** Runs a listener call; a failure is logged as "run listener failed for {@code what}{@code id}" and ignored. */
    private static void guarded(Runnable call, String what, String id) {
        try {
            call.run();
        } catch (Throwable e) {
            LOG.log(System.Logger.Level.WARNING, "run listener failed for " + what + id, e);
        }
    }
}
