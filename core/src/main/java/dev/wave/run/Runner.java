package dev.wave.run;

import static java.util.Objects.requireNonNull;

import dev.wave.plan.Plan;
import dev.wave.plan.Task;
import dev.wave.schedule.PriorityOrder;
import dev.wave.schedule.Waves;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * Runs a plan on up to {@code agents} workers: the local driver of the deterministic {@link RunCore}.
 * The entry point of the {@code run} package.
 *
 * <p>Design: every event (an attempt ended, a retry is due, an answer came, cancel) is fed to the
 * core under one lock; the core's events are appended to the {@link EventLog} and queued for the
 * listener, in the order they happened; then, outside the lock, the log is synced and the core's
 * commands are carried out. A worker whose attempt ended runs the next attempt it was handed itself,
 * so a finished task hands its agent on without a thread switch; other starts go to the worker pool.
 * A retry waits on the {@link RunTimer}, not in a worker, so its agent serves other ready work.
 * Listener events are delivered by the runner's own event thread ({@code wave-events}, one per run
 * that has a listener), never by a worker: what a listener does (log lines, checkpoint files, a
 * display) costs the next task's start nothing.
 *
 * <p>Concurrency: one private lock guards the core, the running threads, the retry timers and the
 * listener queue. Listeners, executors, the integrator, the failure handler and the event log's
 * sync are called without it. The event thread delivers listener events, after the event log synced
 * them, in order. {@link #cancel} may be
 * called from any thread (a signal handler, say) at any time.
 *
 * <p>Failure handling: see {@link RunCore}. An executor that throws fails its attempt; a listener that
 * throws is logged and ignored; an event log that cannot sync stops the run as failed (running
 * tasks are cancelled, nothing new starts) and the failure is reported in the result's decisions.
 *
 * <p>Cancellation: {@link #cancel} stops new starts and interrupts the workers of running attempts;
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
    private final RunHooks hooks;
    private final boolean integrateInPlace;
    private final boolean durable; // the event log keeps events: sync before carrying out commands
    private final boolean listening; // a listener hears events

    private final Object lock = new Object();
    private final RunCore core; // guarded by lock
    private final Map<Integer, Thread> running = new HashMap<>(); // guarded by lock
    private final Map<Integer, RunTimer.Cancellable> retries = new HashMap<>(); // guarded by lock
    private final Map<String, RunTimer.Cancellable> pauses = new HashMap<>(); // guarded by lock; by provider
    private int active; // guarded by lock; worker loops under way
    private boolean started; // guarded by lock
    private Optional<String> journalFailure = Optional.empty(); // guarded by lock
    private final ArrayDeque<RunEvent> events = new ArrayDeque<>(); // guarded by lock
    private final ArrayDeque<CoreCommand> work = new ArrayDeque<>(); // guarded by lock; for the workers
    private final Outbox outbox; // guarded by lock; reused by every step
    private int idle; // guarded by lock; workers waiting for work
    private boolean delivering; // guarded by lock
    private boolean awaitingDelivery; // guarded by lock
    private final Object deliveryLock = new Object(); // taken alone, or inside lock
    private boolean deliveryDue; // guarded by deliveryLock
    private boolean deliveryClosed; // guarded by deliveryLock

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
        this(plan, waves, options, executor, listener, clock, workers, failurePolicy, RunHooks.defaults());
    }

    /**
     * @param hooks the retry timer, the jitter's random source, the event log, the integration step,
     *     and the tasks an earlier session finished
     */
    public Runner(Plan plan, Waves waves, RunOptions options, TaskExecutor executor, RunListener listener,
            InstantSource clock, Executor workers, FailurePolicy failurePolicy, RunHooks hooks) {
        this.plan = requireNonNull(plan, "plan is null");
        this.waves = requireNonNull(waves, "waves is null");
        this.options = requireNonNull(options, "options is null");
        this.executor = requireNonNull(executor, "executor is null");
        this.listener = requireNonNull(listener, "listener is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.workers = requireNonNull(workers, "workers is null");
        this.failurePolicy = requireNonNull(failurePolicy, "failurePolicy is null");
        this.hooks = requireNonNull(hooks, "hooks is null");
        this.integrateInPlace = hooks.integrator() instanceof TaskIntegrator.InPlace;
        this.durable = !(hooks.eventLog() instanceof EventLog.None);
        this.listening = !(listener instanceof RunListener.Silent);
        this.outbox = new Outbox(durable || listening);
        this.core = new RunCore(plan, waves, options.mode(), options.agents(),
                options.failFast(), options.retryBackoff(), failurePolicy.thresholds(), hooks.random(),
                hooks.order().orElseGet(() -> PriorityOrder.longestPathFirst(plan.graph())), options.limits());
        if (hooks.runCheck().isPresent()) {
            core.checkAfterTasks();
        }
        hooks.finished().forEach(core::restore);
        hooks.spentBefore().forEach((id, spent) -> core.spentEarlier(plan.graph().indexOf(id), spent));
    }

    /**
     * Runs the plan and blocks until every task has ended. Call once.
     *
     * @param startedAt when the run began (earlier than now for a resumed run)
     * @throws InterruptedException if the calling thread is interrupted; the run is cancelled and
     *     all workers have stopped before this is thrown
     */
    public RunResult runFrom(Instant startedAt) throws InterruptedException {
        requireNonNull(startedAt, "startedAt is null");
        List<CoreCommand> commands;
        synchronized (lock) {
            if (started) {
                throw new IllegalStateException("run() was already called on this Runner; a runner runs once: create a new one");
            }
            started = true;
        }
        Optional<Thread> deliverer = Optional.empty();
        if (listening) {
            Thread thread = new Thread(this::deliveryLoop, "wave-events");
            thread.setDaemon(true);
            thread.start();
            deliverer = Optional.of(thread);
        }
        try {
            synchronized (lock) {
                commands = step(out -> core.start(clock.millis(), out));
            }
            carryOut(commands);
            int count = Math.max(1, Math.min(options.agents(), plan.size()));
            synchronized (lock) {
                active += count;
            }
            for (int i = 0; i < count; i++) {
                workers.execute(this::work);
            }
            try {
                awaitEnd();
            } catch (InterruptedException e) {
                cancel();
                awaitEndUninterruptibly();
                throw e;
            }
            deliverEvents();
            awaitDelivery();
        } finally {
            deliverer.ifPresent(this::closeDelivery);
        }
        RunResult result;
        synchronized (lock) {
            retries.values().forEach(RunTimer.Cancellable::cancel);
            pauses.values().forEach(RunTimer.Cancellable::cancel);
            result = new RunResult(core.status(), options.mode(), options.agents(), startedAt, clock.instant(),
                    waves.count(), core.peakConcurrency(), core.records(), core.decisions(), core.inserted(),
                    core.budgetReached());
        }
        guarded(() -> listener.runEnded(result), "run end");
        return result;
    }

    /** Runs the plan from now; see {@link #runFrom(Instant)}. */
    public RunResult run() throws InterruptedException {
        return runFrom(clock.instant());
    }

    /** Stops the run: nothing new starts, running tasks are killed, and the run ends {@code interrupted}. */
    public void cancel() {
        List<CoreCommand> commands;
        synchronized (lock) {
            commands = step(out -> core.cancelRequested(clock.millis(), out));
        }
        carryOut(commands);
    }

    /**
     * A running agent's usage so far (tokens, cost), as its stream reports it: the run's budget counts it
     * at once, so no new agent task starts once the agents running now have spent it. May be called from
     * any thread; a report about a task that is not running, or unknown, is ignored.
     */
    public void usageReported(String taskId, Usage soFar) {
        requireNonNull(taskId, "taskId is null");
        requireNonNull(soFar, "soFar is null");
        List<CoreCommand> commands;
        synchronized (lock) {
            int index = core.indexOf(taskId);
            if (index < 0 || !started) {
                return;
            }
            commands = step(out -> core.usageReported(index, soFar, clock.millis(), out));
        }
        carryOut(commands);
    }

    /** Why the journal stopped the run, if it did. */
    public Optional<String> journalFailure() {
        synchronized (lock) {
            return journalFailure;
        }
    }

    private void awaitEnd() throws InterruptedException {
        synchronized (lock) {
            while (!core.isFinished() || active > 0) {
                lock.wait();
            }
        }
    }

    private void awaitEndUninterruptibly() {
        boolean interrupted = false;
        synchronized (lock) {
            while (!core.isFinished() || active > 0) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * One step of the core, under the lock: its events go to the log and the listener queue. Without
     * a durable log its work is queued for the workers at once; returns what is left to carry out
     * outside the lock.
     */
    private List<CoreCommand> step(java.util.function.Consumer<Outbox> event) {
        Outbox out = outbox;
        out.clear();
        event.accept(out);
        List<CoreCommand> commands = integrateInPlace ? integrateNow(out) : out.commands();
        for (RunEvent recorded : out.events()) {
            hooks.eventLog().append(recorded);
            if (listening) {
                events.add(recorded);
            }
        }
        if (core.isFinished()) {
            lock.notifyAll();
        }
        if (commands.isEmpty()) {
            return List.of();
        }
        return durable ? List.copyOf(commands) : enqueue(commands);
    }

    /** Under the lock: queues work for the workers and stops what an abort stops; returns the retries to schedule. */
    private List<CoreCommand> enqueue(List<CoreCommand> commands) {
        List<CoreCommand> timers = List.of();
        int queued = 0;
        for (CoreCommand command : commands) {
            if (command instanceof CoreCommand.ScheduleRetry || command instanceof CoreCommand.ScheduleResume) {
                if (timers.isEmpty()) {
                    timers = new ArrayList<>();
                }
                timers.add(command);
            } else if (command instanceof CoreCommand.Abort) {
                running.values().forEach(Thread::interrupt);
                retries.values().forEach(RunTimer.Cancellable::cancel);
                retries.clear();
                pauses.values().forEach(RunTimer.Cancellable::cancel);
                pauses.clear();
            } else {
                work.add(command);
                queued++;
            }
        }
        if (idle > 0 && queued > 0) {
            if (queued >= idle) {
                lock.notifyAll();
            } else {
                for (int i = 0; i < queued; i++) {
                    lock.notify();
                }
            }
        }
        return timers;
    }

    /** With in-place integration there is nothing to wait for: integrate in the same step. */
    private List<CoreCommand> integrateNow(Outbox out) {
        List<CoreCommand> commands = out.commands();
        for (int i = 0; i < commands.size(); i++) {
            if (commands.get(i) instanceof CoreCommand.Integrate integrate) {
                commands.remove(i);
                int before = commands.size();
                core.taskIntegrated(integrate.task(), clock.millis(), out);
                if (commands.size() > before) {
                    // keep order: what the integration caused follows what came before it
                    List<CoreCommand> caused = new ArrayList<>(commands.subList(before, commands.size()));
                    commands.subList(before, commands.size()).clear();
                    commands.addAll(i, caused);
                    i += caused.size();
                }
                i--;
            }
        }
        return commands;
    }

    /** Makes the step's events durable, then hands its commands to the workers and the timer. */
    private void carryOut(List<CoreCommand> commands) {
        List<CoreCommand> timers = commands;
        if (durable) {
            // Synced even when the step releases nothing: a task's end must be durable before the next step, or a
            // resume after a crash would run the finished task again. (Nothing appended: no write.)
            try {
                hooks.eventLog().sync();
            } catch (RuntimeException e) {
                journalFailed(commands, e);
                return;
            }
            if (!commands.isEmpty()) {
                synchronized (lock) {
                    timers = enqueue(commands);
                }
            }
        }
        deliverEvents();
        for (CoreCommand timer : timers) {
            if (timer instanceof CoreCommand.ScheduleResume resume) {
                scheduleResume(resume);
            } else {
                scheduleRetry((CoreCommand.ScheduleRetry) timer);
            }
        }
    }

    /** The event log failed: stop the run, and report every start it would have made as cancelled. */
    private void journalFailed(List<CoreCommand> commands, RuntimeException failure) {
        LOG.log(System.Logger.Level.ERROR, "the run journal cannot be written; stopping the run", failure);
        synchronized (lock) {
            String reason = "the journal could not be written: " + failure.getMessage();
            if (journalFailure.isEmpty()) {
                journalFailure = Optional.of(reason);
            }
            Outbox out = new Outbox();
            core.abort(reason, clock.millis(), out);
            for (CoreCommand command : commands) {
                if (command instanceof CoreCommand.StartAttempt start) {
                    core.attemptInterrupted(start.task(), clock.millis(), out);
                } else if (command instanceof CoreCommand.Integrate integrate) {
                    core.taskIntegrated(integrate.task(), clock.millis(), out);
                } else if (command instanceof CoreCommand.ResolveFailure resolve) {
                    core.attemptInterrupted(resolve.task(), clock.millis(), out);
                }
            }
            for (RunEvent recorded : out.events()) {
                hooks.eventLog().append(recorded);
                if (listening) {
                    events.add(recorded);
                }
            }
            running.values().forEach(Thread::interrupt);
            retries.values().forEach(RunTimer.Cancellable::cancel);
            retries.clear();
            lock.notifyAll();
        }
        deliverEvents();
    }

    /** A worker: takes the next piece of work (an attempt, an integration, a failure to resolve) until the run ends. */
    private void work() {
        try {
            while (true) {
                CoreCommand next;
                boolean registered;
                synchronized (lock) {
                    while (work.isEmpty() && !core.isFinished()) {
                        idle++;
                        try {
                            lock.wait();
                        } catch (InterruptedException e) {
                            // Interrupted while idle: someone is tearing the run down.
                            Thread.interrupted();
                            enqueue(step(out -> core.cancelRequested(clock.millis(), out)));
                        } finally {
                            idle--;
                        }
                    }
                    if (work.isEmpty()) {
                        lock.notifyAll();
                        break;
                    }
                    next = work.poll();
                    registered = next instanceof CoreCommand.StartAttempt start && !core.isStopped();
                    if (registered) {
                        running.put(((CoreCommand.StartAttempt) next).task(), Thread.currentThread());
                    }
                }
                if (next instanceof CoreCommand.StartAttempt start) {
                    attempt(start, registered);
                } else if (next instanceof CoreCommand.Integrate integrate) {
                    integrate(integrate.task());
                } else if (next instanceof CoreCommand.ResolveFailure resolve) {
                    resolveFailure(resolve);
                } else {
                    throw new AssertionError(next);
                }
            }
            deliverEvents();
        } finally {
            synchronized (lock) {
                active--;
                lock.notifyAll();
            }
        }
    }

    /** Runs one attempt; {@code registered} is false when the run stopped before it could start. */
    private void attempt(CoreCommand.StartAttempt start, boolean registered) {
        int index = start.task();
        Task task;
        boolean runsCheck;
        synchronized (lock) {
            task = core.task(index); // a plan task, or one the core inserted
            runsCheck = core.runsCheck(index);
        }
        List<CoreCommand> commands;
        if (!registered) {
            synchronized (lock) {
                commands = step(out -> core.attemptInterrupted(index, clock.millis(), out));
            }
            carryOut(commands);
            return;
        }
        ExecutionResult result;
        boolean interrupted = false;
        try {
            result = executeGuarded(runsCheck ? hooks.runCheck().orElseThrow() : executor, task,
                    options.logDirectory().resolve(task.id() + ".log"));
        } catch (InterruptedException e) {
            result = null;
            interrupted = true;
        }
        ExecutionResult ended = result;
        boolean cancelled = interrupted;
        synchronized (lock) {
            running.remove(index);
            Thread.interrupted(); // a cancel that came after the attempt ended is not for the next one
            commands = step(out -> {
                if (cancelled) {
                    core.attemptInterrupted(index, clock.millis(), out);
                } else {
                    core.attemptEnded(index, ended, clock.millis(), out);
                }
            });
        }
        carryOut(commands);
    }

    /**
     * Schedules a retry on the timer. A waiting retry keeps the core unfinished, so the workers stay
     * to run it; once the run stops, a timer that still fires finds nothing to retry.
     */
    private void scheduleRetry(CoreCommand.ScheduleRetry retry) {
        schedule(retries, retry.task(), retry.delay(), out -> core.retryDue(retry.task(), clock.millis(), out));
    }

    /** Schedules the end of a provider's rate-limit pause on the timer. */
    private void scheduleResume(CoreCommand.ScheduleResume resume) {
        schedule(pauses, resume.provider(), resume.delay(),
                out -> core.providerResumed(resume.provider(), clock.millis(), out));
    }

    /** Runs {@code due} on the core after {@code delay}, its timer kept in {@code handles} under {@code key} meanwhile. */
    private <K> void schedule(Map<K, RunTimer.Cancellable> handles, K key, java.time.Duration delay,
            java.util.function.Consumer<Outbox> due) {
        RunTimer.Cancellable handle = hooks.timer().schedule(delay, () -> {
            List<CoreCommand> commands;
            synchronized (lock) {
                handles.remove(key);
                commands = step(due);
            }
            carryOut(commands);
        });
        synchronized (lock) {
            if (core.isStopped()) {
                handle.cancel();
            } else {
                handles.put(key, handle);
            }
        }
    }

    private void integrate(int index) {
        Task task;
        synchronized (lock) {
            task = core.task(index);
        }
        Optional<TaskIntegrator.Failure> problem;
        boolean interrupted = false;
        try {
            problem = hooks.integrator().integrateChecked(task, options.workDirectory());
        } catch (InterruptedException e) {
            problem = Optional.empty();
            interrupted = true;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "integration failed for task " + task.id(), e);
            problem = Optional.of(new TaskIntegrator.Failure("wave could not integrate the task: " + e, Optional.empty()));
        }
        Optional<TaskIntegrator.Failure> failed = problem;
        boolean cancelled = interrupted;
        List<CoreCommand> commands;
        synchronized (lock) {
            Thread.interrupted();
            commands = step(out -> {
                if (cancelled) {
                    core.integrationFailed(index, "cancelled while its work was being integrated", clock.millis(), out);
                } else if (failed.isPresent()) {
                    core.integrationFailed(index, failed.get().reason(), failed.get().failedCheck(), clock.millis(), out);
                } else {
                    core.taskIntegrated(index, clock.millis(), out);
                }
            });
        }
        carryOut(commands);
    }

    /** Asks the failure handler on this worker; the core starts nothing new meanwhile. */
    private void resolveFailure(CoreCommand.ResolveFailure resolve) {
        FailureHandler.Resolution resolution;
        boolean interrupted = false;
        synchronized (lock) {
            running.put(resolve.task(), Thread.currentThread());
        }
        try {
            resolution = failurePolicy.handler().taskFailed(resolve.taskId(), resolve.attempts(), resolve.failure());
        } catch (InterruptedException e) {
            resolution = null;
            interrupted = true;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "failure handler failed for task " + resolve.taskId(), e);
            resolution = new FailureHandler.Resolution(FailureHandler.Choice.ABORT,
                    "the failure handler failed (" + e + "): stop the run");
        }
        FailureHandler.Resolution answer = resolution;
        boolean cancelled = interrupted;
        List<CoreCommand> commands;
        synchronized (lock) {
            running.remove(resolve.task());
            Thread.interrupted();
            commands = step(out -> {
                if (cancelled) {
                    core.attemptInterrupted(resolve.task(), clock.millis(), out);
                } else {
                    core.failureResolved(resolve.task(), answer, clock.millis(), out);
                }
            });
        }
        carryOut(commands);
    }

    /** Hands the queued events to the event thread; returns at once. */
    private void deliverEvents() {
        if (!listening) {
            return;
        }
        synchronized (deliveryLock) {
            deliveryDue = true;
            deliveryLock.notifyAll();
        }
    }

    /** The event thread: delivers what {@link #deliverEvents} handed it until the run closes it, then what is left. */
    private void deliveryLoop() {
        while (true) {
            synchronized (deliveryLock) {
                while (!deliveryDue && !deliveryClosed) {
                    try {
                        deliveryLock.wait();
                    } catch (InterruptedException e) {
                        // Only the runner uses this thread; it stops it by closing, not by interrupting.
                    }
                }
                if (!deliveryDue) {
                    return;
                }
                deliveryDue = false;
            }
            deliverQueued();
        }
    }

    /** Stops the event thread once it has delivered every queued event, and waits for it. */
    private void closeDelivery(Thread deliverer) {
        synchronized (deliveryLock) {
            deliveryDue = true;
            deliveryClosed = true;
            deliveryLock.notifyAll();
        }
        boolean interrupted = false;
        while (deliverer.isAlive()) {
            try {
                deliverer.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Delivers queued events to the listener in order; on the event thread. */
    private void deliverQueued() {
        synchronized (lock) {
            if (delivering || events.isEmpty()) {
                return;
            }
            delivering = true;
        }
        while (true) {
            List<RunEvent> batch;
            synchronized (lock) {
                if (events.isEmpty()) {
                    delivering = false;
                    if (awaitingDelivery) {
                        lock.notifyAll();
                    }
                    return;
                }
                batch = new ArrayList<>(events);
                events.clear();
            }
            for (RunEvent event : batch) {
                guarded(() -> tell(event), "task " + event.taskId());
            }
        }
    }

    private void tell(RunEvent event) {
        if (event instanceof RunEvent.AttemptStarted started) {
            if (started.attempt() == 1) {
                listener.taskStarted(started.start());
            }
        } else if (event instanceof RunEvent.RetryScheduled retry) {
            listener.taskRetrying(retry.taskId(), retry.failedAttempt(), retry.backoff(), retry.reason());
        } else if (event instanceof RunEvent.FailureDecided decided) {
            listener.failureDecided(decided.decision());
        } else if (event instanceof RunEvent.TaskEnded ended) {
            listener.taskEnded(ended.record());
        } else if (event instanceof RunEvent.InsertedTaskStarted started) {
            if (started.attempt() == 1) {
                listener.insertedTaskStarted(started.start(), started.wave());
            }
        } else if (event instanceof RunEvent.InsertedTaskEnded ended) {
            listener.insertedTaskEnded(ended.task());
        } else if (event instanceof RunEvent.FixWaveInserted inserted) {
            listener.fixWaveInserted(inserted.taskId(), inserted.wave(), inserted.failure());
        } else if (event instanceof RunEvent.BudgetReached reached) {
            listener.budgetReached(reached.reason());
        } else if (event instanceof RunEvent.ProviderPaused paused) {
            listener.providerPaused(paused.provider(), paused.delay(), paused.taskId());
        } else if (!(event instanceof RunEvent.AttemptEnded)) {
            throw new AssertionError(event);
        }
    }

    private void awaitDelivery() throws InterruptedException {
        if (!listening) {
            return;
        }
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

    private ExecutionResult executeGuarded(TaskExecutor executor, Task task, Path log) throws InterruptedException {
        try {
            return executor.execute(task, options.workDirectory(), log);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "executor failed for task " + task.id(), e);
            return ExecutionResult.failed("wave could not run the task: " + e);
        }
    }

    private static void guarded(Runnable call, String context) {
        try {
            call.run();
        } catch (Throwable e) {
            LOG.log(System.Logger.Level.WARNING, "run listener failed for " + context, e);
        }
    }
}
