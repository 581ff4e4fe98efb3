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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Runs a plan on up to {@code agents} workers. The entry point of the {@code run} package.
 *
 * <p>Design: each worker loops: under the lock it asks the {@link Dispatcher} for the next task,
 * runs it outside the lock, then reports the outcome under the lock and wakes the others. There is
 * no coordinator thread, so a finished task hands its agent to the next ready task without a
 * thread switch. The dispatcher decides order, waves, critical isolation and skips.
 *
 * <p>Concurrency: one private lock guards the dispatcher, the records, the set of running
 * threads and the event queue. Listeners, executors and file writes are called without it. Events
 * are queued under the lock, so their order is the order things happened (a task's end comes
 * before the start of what it released); one thread at a time delivers them, and a worker that
 * finds another delivering leaves its events to it and goes back to work. {@link #cancel} may be
 * called from any thread (a signal handler, say) at any time.
 *
 * <p>Failure handling: after each failed attempt the {@link FailureThresholds} of the
 * {@link FailurePolicy} decide, from the share of the plan's tasks that have failed so far, whether
 * the run goes on at the same width, with a quarter fewer agents, sequentially, or aborts. A task
 * with retries left is tried again after {@code retryBackoff * 2^(attempt-1)} with +/-50% jitter (at
 * most {@link RunOptions#MAX_RETRY_BACKOFF}). A task with none left goes to the policy's
 * {@link FailureHandler}: retry it, skip its dependents, or abort; no new task starts while it
 * decides. With {@code failFast} the first such task aborts the run. Aborting cancels what has not
 * started and interrupts what runs. Every decision goes to the listener with its figures. An
 * executor that throws fails its attempt; a listener that throws is logged and ignored.
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
    private final FailurePolicy failurePolicy;

    private final Object lock = new Object();
    private final Dispatcher dispatcher; // guarded by lock
    private final TaskRecord[] records; // guarded by lock
    private final Map<Integer, Thread> running = new HashMap<>(); // guarded by lock
    private RunStatus stopStatus; // guarded by lock; non-null once the run was stopped early
    private int peakConcurrency; // guarded by lock
    private boolean started; // guarded by lock
    private long startMillis; // guarded by lock
    private final ArrayDeque<Runnable> events = new ArrayDeque<>(); // guarded by lock
    private boolean delivering; // guarded by lock
    private boolean awaitingDelivery; // guarded by lock; run() waits for the last events to be delivered
    private final BitSet failedOnce; // guarded by lock; tasks with at least one failed attempt
    private final List<FailureDecision> decisions = new ArrayList<>(); // guarded by lock
    private int deciding; // guarded by lock; failure handlers waiting for an answer: nothing new starts

    /**
     * A runner whose failed tasks skip their dependents, with no failure-rate thresholds.
     *
     * @param workers runs the worker loops; it must be able to run {@code min(agents, tasks)} of them at once
     */
    public Runner(Plan plan, Waves waves, RunOptions options, TaskExecutor executor, RunListener listener,
            InstantSource clock, Executor workers) {
        this(plan, waves, options, executor, listener, clock, workers, FailurePolicy.skipDependents());
    }

    /**
     * @param workers runs the worker loops; it must be able to run {@code min(agents, tasks)} of them at once
     * @param failurePolicy how failed attempts and failed tasks are handled
     */
    public Runner(Plan plan, Waves waves, RunOptions options, TaskExecutor executor, RunListener listener,
            InstantSource clock, Executor workers, FailurePolicy failurePolicy) {
        this.plan = requireNonNull(plan, "plan is null");
        this.waves = requireNonNull(waves, "waves is null");
        this.options = requireNonNull(options, "options is null");
        this.executor = requireNonNull(executor, "executor is null");
        this.listener = requireNonNull(listener, "listener is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.workers = requireNonNull(workers, "workers is null");
        this.dispatcher = new Dispatcher(plan.graph(), options.mode(), options.agents(), waves);
        this.records = new TaskRecord[plan.size()];
        this.failurePolicy = requireNonNull(failurePolicy, "failurePolicy is null");
        this.failedOnce = new BitSet(plan.size());
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
                throw new IllegalStateException("run() was already called on this Runner; a runner runs once: create a new one");
            }
            started = true;
        }
        Instant startedAt = clock.instant();
        synchronized (lock) {
            startMillis = startedAt.toEpochMilli();
        }
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
        deliverEvents();
        awaitDelivery();
        RunResult result;
        synchronized (lock) {
            RunStatus status = stopStatus != null ? stopStatus : RunStatus.SUCCEEDED;
            for (TaskRecord record : records) {
                if (status == RunStatus.SUCCEEDED && record.state() != TaskState.SUCCEEDED) {
                    status = RunStatus.FAILED;
                }
            }
            result = new RunResult(status, options.mode(), options.agents(), startedAt, clock.instant(),
                    waves.count(), peakConcurrency, List.of(records), decisions);
        }
        guarded(() -> listener.runEnded(result), "run end");
        return result;
    }

    /** Delivers queued events in order, unless another thread is already doing so. */
    private void deliverEvents() {
        synchronized (lock) {
            if (delivering) {
                return;
            }
            delivering = true;
        }
        while (true) {
            List<Runnable> batch;
            synchronized (lock) {
                if (events.isEmpty()) {
                    delivering = false;
                    if (awaitingDelivery) {
                        lock.notifyAll(); // only awaitDelivery waits for this; idle workers need not wake
                    }
                    return;
                }
                batch = new ArrayList<>(events);
                events.clear();
            }
            batch.forEach(Runnable::run);
        }
    }

    private void awaitDelivery() throws InterruptedException {
        synchronized (lock) {
            awaitingDelivery = true;
            try {
                while (delivering || !events.isEmpty()) {
                    lock.wait();
                }
            } finally {
                awaitingDelivery = false;
            }
        }
    }

    /** Stops the run: nothing new starts, running tasks are killed, and the run ends {@code interrupted}. */
    public void cancel() {
        synchronized (lock) {
            stopLocked(RunStatus.INTERRUPTED, "cancelled before it started: the run was interrupted");
        }
        deliverEvents();
    }

    private void stopLocked(RunStatus status, String reason) {
        if (stopStatus != null) {
            return;
        }
        stopStatus = status;
        dispatcher.cancelPending(task -> {
            records[task] = TaskRecord.notRun(task, plan.task(task).id(), waves.waveOf(task), TaskState.CANCELLED, reason);
            ended(records[task]);
        });
        running.values().forEach(Thread::interrupt);
        lock.notifyAll();
    }

    private void ended(TaskRecord record) {
        events.add(() -> guarded(() -> listener.taskEnded(record), "task " + record.id()));
    }

    private void work() {
        for (TaskStart start = take(); start != null; start = take()) {
            deliverEvents();
            Attempted attempted = attempt(start.index(), start);
            synchronized (lock) {
                finish(attempted);
            }
            deliverEvents();
        }
        deliverEvents();
    }

    /** Waits for the next task this worker may start and marks it started; null once every task has ended. */
    private TaskStart take() {
        synchronized (lock) {
            while (!dispatcher.isFinished()) {
                int task = deciding > 0 ? -1 : dispatcher.next(clock.millis() - startMillis);
                if (task >= 0) {
                    running.put(task, Thread.currentThread());
                    peakConcurrency = Math.max(peakConcurrency, dispatcher.running());
                    TaskStart start = new TaskStart(task, plan.task(task).id(), waves.waveOf(task),
                            "I" + (dispatcher.instance(task) + 1), clock.instant(), dispatcher.running());
                    events.add(() -> guarded(() -> listener.taskStarted(start), "task " + start.id()));
                    return start;
                }
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    // Interrupted while idle: someone is tearing the run down.
                    stopLocked(RunStatus.INTERRUPTED, "cancelled before it started: the run was interrupted");
                }
            }
            lock.notifyAll();
            return null;
        }
    }

    /** Records how a task ended and what that releases, skips or cancels. Called under the lock. */
    private void finish(Attempted attempted) {
        TaskRecord record = attempted.record();
        int task = record.index();
        running.remove(task);
        Thread.interrupted(); // a cancel that came after the task ended is not for the next task
        records[task] = record;
        ended(record);
        if (record.state() == TaskState.SUCCEEDED) {
            dispatcher.succeeded(task);
        } else {
            String reason = "skipped: it depends on \"" + record.id() + "\", which " + record.state().label();
            dispatcher.failed(task, record.state(), skipped -> {
                records[skipped] = TaskRecord.notRun(skipped, plan.task(skipped).id(), waves.waveOf(skipped),
                        TaskState.SKIPPED, reason);
                ended(records[skipped]);
            });
            if (attempted.abortReason().isPresent()) {
                stopLocked(RunStatus.FAILED,
                        "cancelled before it started: the run was aborted (" + attempted.abortReason().get() + ")");
            }
        }
        lock.notifyAll();
    }

    /** A task's record, and why it stops the run, when it does. */
    private record Attempted(TaskRecord record, Optional<String> abortReason) {}

    private Attempted attempt(int index, TaskStart start) {
        Task task = plan.task(index);
        Path log = options.logDirectory().resolve(task.id() + ".log");
        int attempts = 0;
        int retriesLeft = task.retries();
        String abortReason = null;
        ExecutionResult result;
        TaskState state;
        try {
            while (true) {
                attempts++;
                result = executeGuarded(task, log);
                if (result.succeeded()) {
                    break;
                }
                Optional<FailureDecision> decision = decideOnRate(index, task, attempts, retriesLeft > 0, result.summary());
                if (decision.isPresent() && decision.get().action() == FailureDecision.Action.ABORT) {
                    abortReason = "\"" + task.id() + "\" failed: " + decision.get().reason();
                    break;
                }
                if (isStopping()) {
                    break;
                }
                if (retriesLeft > 0) {
                    retriesLeft--;
                    Duration backoff = backoff(attempts);
                    int failed = attempts;
                    String reason = result.summary();
                    publish(() -> listener.taskRetrying(task.id(), failed, backoff, reason), "task " + task.id());
                    Thread.sleep(backoff.toMillis());
                    continue;
                }
                FailureHandler.Resolution resolution = options.failFast()
                        ? new FailureHandler.Resolution(FailureHandler.Choice.ABORT, "--fail-fast: stop the run")
                        : resolve(task, attempts, result.summary());
                record(new FailureDecision(task.id(), attempts, switch (resolution.choice()) {
                    case RETRY -> FailureDecision.Action.RETRY;
                    case SKIP -> FailureDecision.Action.SKIP_DEPENDENTS;
                    case ABORT -> FailureDecision.Action.ABORT;
                }, failedTaskCount(), plan.size(), limit(), limit(), result.summary(), resolution.reason()));
                if (resolution.choice() == FailureHandler.Choice.RETRY && !isStopping()) {
                    retriesLeft = task.retries();
                    continue;
                }
                if (resolution.choice() == FailureHandler.Choice.ABORT) {
                    abortReason = "\"" + task.id() + "\" failed; " + resolution.reason();
                }
                break;
            }
            state = result.succeeded() ? TaskState.SUCCEEDED : TaskState.FAILED;
        } catch (InterruptedException e) {
            result = ExecutionResult.failed("cancelled while running; its processes were killed");
            state = TaskState.CANCELLED;
            abortReason = null;
        }
        Instant finishedAt = clock.instant();
        long duration = Math.max(0, finishedAt.toEpochMilli() - start.startedAt().toEpochMilli());
        TaskRecord record = new TaskRecord(index, task.id(), start.wave(), Optional.of(start.instance()), state,
                Optional.of(start.startedAt()), Optional.of(finishedAt), duration, result.exitCode(), attempts,
                result.summary(), result.filesChanged());
        return new Attempted(record, Optional.ofNullable(abortReason));
    }

    /** Consults the failure-rate thresholds and applies their width change. */
    private Optional<FailureDecision> decideOnRate(int index, Task task, int attempt, boolean retriesLeft, String failure) {
        Optional<FailureDecision> decision;
        synchronized (lock) {
            failedOnce.set(index);
            decision = failurePolicy.thresholds().decide(task.id(), attempt, retriesLeft, failedOnce.cardinality(),
                    plan.size(), dispatcher.limit(), failure);
            if (decision.isPresent()) {
                decisions.add(decision.get());
                if (decision.get().agentsAfter() != dispatcher.limit()) {
                    dispatcher.limit(decision.get().agentsAfter());
                }
            }
        }
        decision.ifPresent(made -> publish(() -> listener.failureDecided(made), "task " + task.id()));
        return decision;
    }

    /** Asks the failure handler what to do, starting nothing new meanwhile. */
    private FailureHandler.Resolution resolve(Task task, int attempts, String failure) throws InterruptedException {
        synchronized (lock) {
            deciding++;
        }
        try {
            return failurePolicy.handler().taskFailed(task.id(), attempts, failure);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "failure handler failed for task " + task.id(), e);
            return new FailureHandler.Resolution(FailureHandler.Choice.ABORT, "the failure handler failed (" + e + "): stop the run");
        } finally {
            synchronized (lock) {
                deciding--;
                lock.notifyAll();
            }
        }
    }

    private void record(FailureDecision decision) {
        synchronized (lock) {
            decisions.add(decision);
        }
        publish(() -> listener.failureDecided(decision), "task " + decision.taskId());
    }

    private boolean isStopping() {
        synchronized (lock) {
            return stopStatus != null;
        }
    }

    private int failedTaskCount() {
        synchronized (lock) {
            return failedOnce.cardinality();
        }
    }

    private int limit() {
        synchronized (lock) {
            return dispatcher.limit();
        }
    }

    /** Queues an event behind everything that happened before it, and delivers what is queued. */
    private void publish(Runnable call, String context) {
        synchronized (lock) {
            events.add(() -> guarded(call, context));
        }
        deliverEvents();
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

    private static void guarded(Runnable call, String context) {
        try {
            call.run();
        } catch (Throwable e) {
            LOG.log(System.Logger.Level.WARNING, "run listener failed for " + context, e);
        }
    }
}
