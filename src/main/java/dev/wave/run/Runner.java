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
 * <p>Concurrency: one private lock guards the dispatcher, the records and the set of running
 * threads. Listeners, executors and file writes are called without it. {@link #cancel} may be
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
    private final java.util.BitSet failedOnce; // guarded by lock; tasks with at least one failed attempt
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
        this.failurePolicy = requireNonNull(failurePolicy, "failurePolicy is null");
        this.failedOnce = new java.util.BitSet(plan.size());
        this.dispatcher = new Dispatcher(plan.graph(), options.mode(), options.agents(), waves);
        this.records = new TaskRecord[plan.size()];
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
                    waves.count(), peakConcurrency, List.of(records), decisions);
        }
        guarded(() -> listener.runEnded(result), "run end");
        return result;
    }

    /** Stops the run: nothing new starts, running tasks are killed, and the run ends {@code interrupted}. */
    public void cancel() {
        List<TaskRecord> cancelled;
        synchronized (lock) {
            cancelled = stopLocked(RunStatus.INTERRUPTED, "cancelled before it started: the run was interrupted");
        }
        cancelled.forEach(record -> guarded(() -> listener.taskEnded(record), "task " + record.id()));
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
        running.values().forEach(Thread::interrupt);
        lock.notifyAll();
        return cancelled;
    }

    private void work() {
        while (true) {
            int task;
            TaskStart start;
            synchronized (lock) {
                while (true) {
                    if (dispatcher.isFinished()) {
                        lock.notifyAll();
                        return;
                    }
                    task = deciding > 0 ? -1 : dispatcher.next();
                    if (task >= 0) {
                        break;
                    }
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        // Interrupted while idle: someone is tearing the run down.
                        stopLocked(RunStatus.INTERRUPTED, "cancelled before it started: the run was interrupted");
                    }
                }
                running.put(task, Thread.currentThread());
                peakConcurrency = Math.max(peakConcurrency, dispatcher.running());
                start = new TaskStart(task, plan.task(task).id(), waves.waveOf(task),
                        "I" + (dispatcher.instance(task) + 1), clock.instant(), dispatcher.running());
            }
            guarded(() -> listener.taskStarted(start), "task " + start.id());
            Attempted attempted = attempt(task, start);
            TaskRecord record = attempted.record();

            List<TaskRecord> ended = new ArrayList<>();
            ended.add(record);
            synchronized (lock) {
                running.remove(task);
                Thread.interrupted(); // a cancel that came after the task ended is not for the next task
                records[task] = record;
                if (record.state() == TaskState.SUCCEEDED) {
                    dispatcher.succeeded(task);
                } else {
                    String reason = "skipped: it depends on \"" + record.id() + "\", which " + record.state().label();
                    dispatcher.failed(task, record.state(), skipped -> {
                        records[skipped] = TaskRecord.notRun(skipped, plan.task(skipped).id(), waves.waveOf(skipped),
                                TaskState.SKIPPED, reason);
                        ended.add(records[skipped]);
                    });
                    if (attempted.abortReason().isPresent()) {
                        ended.addAll(stopLocked(RunStatus.FAILED,
                                "cancelled before it started: the run was aborted (" + attempted.abortReason().get() + ")"));
                    }
                }
                lock.notifyAll();
            }
            ended.forEach(ending -> guarded(() -> listener.taskEnded(ending), "task " + ending.id()));
        }
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
                    guarded(() -> listener.taskRetrying(task.id(), failed, backoff, reason), "task " + task.id());
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
        decision.ifPresent(made -> guarded(() -> listener.failureDecided(made), "task " + task.id()));
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
        guarded(() -> listener.failureDecided(decision), "task " + decision.taskId());
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
