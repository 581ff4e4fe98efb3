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
 * commands are carried out. A start that the {@link CommitGate} lets go (it depends on no task that
 * ended in the same step, and every earlier step is durable) is queued at once, and the runner's
 * committer thread ({@code wave-commits}) syncs meanwhile: the next task does not wait for the commit
 * of the end before it; a dependent of that end does. A worker whose attempt ended runs the next attempt it was handed itself,
 * so a finished task hands its agent on without a thread switch; other starts go to the worker pool.
 * A retry waits on the {@link RunTimer}, not in a worker, so its agent serves other ready work.
 * Listener events are delivered by the runner's own event thread ({@code wave-events}, one per run
 * that has a listener), never by a worker: what a listener does (log lines, checkpoint files, a
 * display) costs the next task's start nothing.
 *
 * <p>Concurrency: one private lock guards the core, the running threads, the retry timers and the
 * listener queue. Listeners, executors, the integrator, the failure handler and the event log's
 * sync are called without it. The event thread delivers listener events, once the event log has synced
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
    private final CommitGate gate; // guarded by lock; with a durable log, what waits for a commit
    private int idle; // guarded by lock; workers waiting for work
    private boolean delivering; // guarded by lock
    private boolean awaitingDelivery; // guarded by lock
    private final Optional<Signalled> delivery; // the event thread, when a listener hears events
    private final Optional<Signalled> committer; // commits for steps that let a start go first, with a durable log

    /**
     * What a step leaves to do outside the lock: without a durable log, the timers to schedule (its other commands
     * are queued); with one, whether it let a start go before its commit (the committer then commits), else the
     * step's own thread commits and carries out what waited for it.
     */
    private record Next(List<CoreCommand> timers, boolean ahead) {
        static final Next NOTHING = new Next(List.of(), false);
        static final Next AHEAD = new Next(List.of(), true);
    }

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
        this.gate = new CommitGate(plan.graph());
        this.delivery = listening ? Optional.of(new Signalled("wave-events", this::deliverQueued)) : Optional.empty();
        this.committer = durable ? Optional.of(new Signalled("wave-commits", () -> {
            commit();
            deliverEvents();
        })) : Optional.empty();
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
        Next first;
        synchronized (lock) {
            if (started) {
                throw new IllegalStateException("run() was already called on this Runner; a runner runs once: create a new one");
            }
            started = true;
        }
        delivery.ifPresent(Signalled::start);
        committer.ifPresent(Signalled::start);
        try {
            synchronized (lock) {
                first = step(out -> core.start(clock.millis(), out));
            }
            carryOut(first);
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
            if (durable) {
                commit(); // the last ends released nothing: their commit may still wait for the committer
            }
            deliverEvents();
            awaitDelivery();
        } finally {
            committer.ifPresent(Signalled::close); // a last commit, then the events it made durable go out
            delivery.ifPresent(Signalled::close);
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
        Next commands;
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
        Next commands;
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
     * a durable log its work is queued for the workers at once; with one, the starts the {@link CommitGate}
     * lets go before the commit are queued, the rest waits for it. Returns what is left to do outside the lock.
     */
    private Next step(java.util.function.Consumer<Outbox> event) {
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
        if (!durable) {
            return commands.isEmpty() ? Next.NOTHING : new Next(enqueue(commands), false);
        }
        List<CoreCommand> now = gate.admit(out.events(), commands);
        if (now.isEmpty()) {
            return Next.NOTHING;
        }
        enqueue(now); // starts only: no timers
        return Next.AHEAD;
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

    /**
     * After a step, without the lock. With a durable log: a step that let a start go leaves its commit to the
     * committer thread, so that the start does not wait for it; any other step commits here, then hands the
     * commands that waited for the commit to the workers and the timer. Committed even when the step releases
     * nothing: a task's end must be durable soon, or a resume after a crash would run the finished task again.
     */
    private void carryOut(Next next) {
        if (!durable) {
            deliverEvents();
            startTimers(next.timers());
            return;
        }
        if (next.ahead()) {
            committer.orElseThrow().signal();
            return;
        }
        commit();
        deliverEvents();
    }

    /**
     * Makes every event appended so far durable (nothing to write: no write), then carries out the commands that
     * waited for it. Without the lock; on a step's thread or the committer.
     */
    private void commit() {
        long mark;
        boolean write;
        synchronized (lock) {
            mark = gate.mark();
            write = gate.uncommitted();
        }
        if (write) {
            try {
                hooks.eventLog().sync();
            } catch (RuntimeException e) {
                List<CoreCommand> lost;
                synchronized (lock) {
                    lost = gate.drain();
                }
                journalFailed(lost, e);
                return;
            }
        }
        List<CoreCommand> timers;
        synchronized (lock) {
            List<CoreCommand> released = gate.committed(mark);
            timers = released.isEmpty() ? List.of() : enqueue(released);
        }
        startTimers(timers);
    }

    private void startTimers(List<CoreCommand> timers) {
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
            gate.recorded(out.events().size());
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
                            step(out -> core.cancelRequested(clock.millis(), out));
                            committer.ifPresent(Signalled::signal); // what the cancel asks waits for its commit
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
        Next commands;
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
            Next commands;
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
        Next commands;
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
        Next commands;
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
        delivery.ifPresent(Signalled::signal);
    }

    /**
     * Delivers queued events to the listener in order, once the event log has made them durable; on the event
     * thread.
     */
    private void deliverQueued() {
        synchronized (lock) {
            if (delivering || deliverable() == 0) {
                return;
            }
            delivering = true;
        }
        while (true) {
            List<RunEvent> batch;
            synchronized (lock) {
                int count = deliverable();
                if (count == 0) {
                    delivering = false;
                    if (awaitingDelivery) {
                        lock.notifyAll();
                    }
                    return;
                }
                batch = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    batch.add(events.poll());
                }
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

    /**
     * Under the lock: how many queued events may go to the listener, those a commit made durable (every event is
     * queued as it is appended, so the queue's head is event {@code mark - size}); all of them without a durable
     * log, or once it failed.
     */
    private int deliverable() {
        if (!durable || journalFailure.isPresent()) {
            return events.size();
        }
        long delivered = gate.mark() - events.size();
        return (int) Math.max(0, Math.min(events.size(), gate.durable() - delivered));
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
