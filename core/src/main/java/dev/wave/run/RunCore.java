package dev.wave.run;

import static java.util.Objects.requireNonNull;

import dev.wave.plan.Plan;
import dev.wave.plan.Task;
import dev.wave.schedule.Dispatcher;
import dev.wave.schedule.Mode;
import dev.wave.schedule.PriorityOrder;
import dev.wave.schedule.TaskState;
import dev.wave.schedule.Waves;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The deterministic core of a run: dispatch, retries, failure thresholds, fail-fast, the failure
 * handler's answer, integration and cancel, as one state machine. Events come in as method calls
 * ({@link #start}, {@link #attemptEnded}, {@link #attemptInterrupted}, {@link #retryDue},
 * {@link #failureResolved}, {@link #taskIntegrated}, {@link #cancelRequested}, {@link #abort}), each
 * with the time it happened; what follows goes to an {@link Outbox}: {@link RunEvent}s to record and
 * {@link CoreCommand}s to carry out. The core never reads a clock, sleeps, starts a thread or does
 * I/O; its only randomness (the retry jitter) comes from the injected generator, so the same events
 * give the same commands.
 *
 * <p>A task's life: pending, running (an attempt is out), then one of: integrating after a success
 * (its dependents wait for {@link #taskIntegrated}), waiting for a retry (off its agent, which
 * serves other ready work until {@link #retryDue}), resolving (the failure handler is asked; nothing
 * new starts meanwhile), or done. The {@link Dispatcher} decides order, agents, waves and critical
 * isolation, exactly as in the simulation.
 *
 * <p>Failure handling: after each failed attempt the {@link FailureThresholds} decide from the share
 * of tasks that have failed so far whether the run goes on at the same width, a quarter narrower,
 * sequentially, or aborts. A task with retries left waits {@code retryBackoff * 2^(attempt-1)}, with
 * +/-50% jitter, at most {@link RunOptions#MAX_RETRY_BACKOFF}. One with none left aborts the run with
 * fail-fast, else goes to the failure handler. Aborting or cancelling cancels every task not
 * started, drops waiting retries and emits {@link CoreCommand.Abort} for the running ones.
 *
 * <p>Concurrency: not thread-safe; the driver serialises calls (the {@link Runner} holds one lock).
 */
public final class RunCore {
    private enum Phase { PENDING, RUNNING, INTEGRATING, WAITING, RESOLVING, DONE }

    private final Plan plan;
    private final Waves waves;
    private final Dispatcher dispatcher;
    private final boolean failFast;
    private final Duration retryBackoff;
    private final FailureThresholds thresholds;
    private final RandomGenerator random;
    private final Phase[] phase;
    private final int[] attempts;
    private final int[] retriesLeft;
    private final long[] firstStart;
    private final long[] lastEnded;
    private final String[] instance;
    private final ExecutionResult[] lastResult;
    private final TaskRecord[] records;
    private final BitSet failedOnce;
    private final List<FailureDecision> decisions = new ArrayList<>();
    private RunStatus stopStatus; // non-null once the run stopped early
    private int resolving;
    private int peakConcurrency;
    private boolean started;

    /**
     * @param thresholds consulted after every failed attempt
     * @param random the source of the retry jitter
     */
    public RunCore(Plan plan, Waves waves, Mode mode, int agents, boolean failFast, Duration retryBackoff,
            FailureThresholds thresholds, RandomGenerator random) {
        this(plan, waves, mode, agents, failFast, retryBackoff, thresholds, random,
                PriorityOrder.longestPathFirst(plan.graph()));
    }

    /**
     * @param thresholds consulted after every failed attempt
     * @param random the source of the retry jitter
     * @param order the priority order among tasks that may start: the one the analysis chose and showed
     */
    public RunCore(Plan plan, Waves waves, Mode mode, int agents, boolean failFast, Duration retryBackoff,
            FailureThresholds thresholds, RandomGenerator random, PriorityOrder order) {
        this.plan = requireNonNull(plan, "plan is null");
        this.waves = requireNonNull(waves, "waves is null");
        this.failFast = failFast;
        this.retryBackoff = requireNonNull(retryBackoff, "retryBackoff is null");
        this.thresholds = requireNonNull(thresholds, "thresholds is null");
        this.random = requireNonNull(random, "random is null");
        this.dispatcher = new Dispatcher(plan.graph(), requireNonNull(mode, "mode is null"), agents, waves,
                requireNonNull(order, "order is null"));
        int n = plan.size();
        phase = new Phase[n];
        Arrays.fill(phase, Phase.PENDING);
        attempts = new int[n];
        retriesLeft = new int[n];
        for (int task = 0; task < n; task++) {
            retriesLeft[task] = plan.task(task).retries();
        }
        firstStart = new long[n];
        lastEnded = new long[n];
        instance = new String[n];
        lastResult = new ExecutionResult[n];
        records = new TaskRecord[n];
        failedOnce = new BitSet(n);
    }

    /**
     * Records a task that ended in an earlier session of this run (a resumed run), before {@link #start}:
     * it never runs again; a success releases its dependents, a failure skips them.
     */
    public void restore(TaskRecord record) {
        requireNonNull(record, "record is null");
        if (started) {
            throw new IllegalStateException("task " + record.id() + " cannot be restored once the run has started");
        }
        int task = record.index();
        if (!plan.task(task).id().equals(record.id())) {
            throw new IllegalArgumentException("record " + record.id() + " is not task " + task + " ("
                    + plan.task(task).id() + ") of the plan");
        }
        records[task] = record;
        phase[task] = Phase.DONE;
        if (record.state() == TaskState.FAILED) {
            failedOnce.set(task);
        }
        String reason = "skipped: it depends on \"" + record.id() + "\", which " + record.state().label();
        dispatcher.restore(task, record.state(), skipped -> {
            phase[skipped] = Phase.DONE;
            records[skipped] = TaskRecord.notRun(skipped, plan.task(skipped).id(), waves.waveOf(skipped),
                    TaskState.SKIPPED, reason);
        });
    }

    /** The run begins: starts what may start. */
    public void start(long now, Outbox out) {
        if (started) {
            throw new IllegalStateException("the run has already started; a core runs once");
        }
        started = true;
        dispatch(now, out);
    }

    /** An attempt ended with {@code result} (not interrupted). */
    public void attemptEnded(int task, ExecutionResult result, long now, Outbox out) {
        requirePhase(task, Phase.RUNNING, "end an attempt");
        lastResult[task] = requireNonNull(result, "result is null");
        lastEnded[task] = now;
        Task spec = plan.task(task);
        if (out.wantsEvents()) {
            out.event(new RunEvent.AttemptEnded(task, spec.id(), attempts[task], result, Instant.ofEpochMilli(now)));
        }
        if (result.succeeded()) {
            phase[task] = Phase.INTEGRATING;
            out.command(new CoreCommand.Integrate(task));
            return;
        }
        failedOnce.set(task);
        Optional<FailureDecision> decision = thresholds.decide(spec.id(), attempts[task], retriesLeft[task] > 0,
                failedOnce.cardinality(), plan.size(), dispatcher.limit(), result.summary());
        if (decision.isPresent()) {
            decide(decision.get(), out);
            if (decision.get().action() == FailureDecision.Action.ABORT) {
                finish(task, TaskState.FAILED, result, now, out);
                stop(RunStatus.FAILED, "the run was aborted (\"" + spec.id() + "\" failed: " + decision.get().reason() + ")",
                        out);
                return;
            }
        }
        if (stopStatus != null) {
            finish(task, TaskState.FAILED, result, now, out);
            return;
        }
        if (retriesLeft[task] > 0) {
            retriesLeft[task]--;
            Duration backoff = backoff(attempts[task]);
            out.event(new RunEvent.RetryScheduled(spec.id(), attempts[task], backoff, result.summary()));
            dispatcher.retryLater(task);
            phase[task] = Phase.WAITING;
            out.command(new CoreCommand.ScheduleRetry(task, backoff));
            dispatch(now, out);
            return;
        }
        if (failFast) {
            resolve(task, new FailureHandler.Resolution(FailureHandler.Choice.ABORT, "--fail-fast: stop the run"), now, out);
            return;
        }
        phase[task] = Phase.RESOLVING;
        resolving++;
        out.command(new CoreCommand.ResolveFailure(task, spec.id(), attempts[task], result.summary()));
    }

    /** An attempt (or the failure handler's question) was stopped by {@link CoreCommand.Abort} or an interrupt. */
    public void attemptInterrupted(int task, long now, Outbox out) {
        if (phase[task] == Phase.RESOLVING) {
            resolving--;
        } else {
            requirePhase(task, Phase.RUNNING, "be interrupted");
        }
        finish(task, TaskState.CANCELLED, ExecutionResult.failed("cancelled while running; its processes were killed"), now,
                out);
        dispatch(now, out);
    }

    /** A retry's wait is over: the task goes back in line. Ignored when the run stopped meanwhile. */
    public void retryDue(int task, long now, Outbox out) {
        if (phase[task] != Phase.WAITING) {
            return;
        }
        phase[task] = Phase.PENDING;
        dispatcher.retryNow(task);
        dispatch(now, out);
    }

    /** The failure handler answered about a task that failed for good. */
    public void failureResolved(int task, FailureHandler.Resolution resolution, long now, Outbox out) {
        requirePhase(task, Phase.RESOLVING, "take a failure handler's answer");
        resolving--;
        resolve(task, resolution, now, out);
    }

    /** The succeeded task's work is integrated: it ends succeeded and its dependents are released. */
    public void taskIntegrated(int task, long now, Outbox out) {
        requirePhase(task, Phase.INTEGRATING, "be integrated");
        finish(task, TaskState.SUCCEEDED, lastResult[task], now, out);
        dispatch(now, out);
    }

    /** The succeeded task's work could not be integrated: the task fails, and its dependents are skipped. */
    public void integrationFailed(int task, String reason, long now, Outbox out) {
        requirePhase(task, Phase.INTEGRATING, "fail its integration");
        ExecutionResult ran = lastResult[task];
        finish(task, TaskState.FAILED, new ExecutionResult(ran.exitCode(), false, "integration failed: " + reason,
                ran.filesChanged()), now, out);
        dispatch(now, out);
    }

    /** Ctrl-C, SIGTERM or {@code wave cancel}: nothing new starts, running attempts stop, the run ends interrupted. */
    public void cancelRequested(long now, Outbox out) {
        stop(RunStatus.INTERRUPTED, "the run was interrupted", out);
    }

    /** Stops the run as failed, for a reason outside the tasks (the journal cannot be written, say). */
    public void abort(String reason, long now, Outbox out) {
        stop(RunStatus.FAILED, "the run was aborted (" + reason + ")", out);
    }

    /** Whether every task has ended. */
    public boolean isFinished() {
        return dispatcher.isFinished();
    }

    /** Whether the run was stopped early: cancelled or aborted. */
    public boolean isStopped() {
        return stopStatus != null;
    }

    /** How the run ends (so far): interrupted or aborted if stopped, else failed if any task did not succeed. */
    public RunStatus status() {
        if (stopStatus != null) {
            return stopStatus;
        }
        for (int task = 0; task < records.length; task++) {
            if (records[task] == null || records[task].state() != TaskState.SUCCEEDED) {
                return RunStatus.FAILED;
            }
        }
        return RunStatus.SUCCEEDED;
    }

    /** The record of every task, in plan order; call once {@link #isFinished}. */
    public List<TaskRecord> records() {
        for (TaskRecord record : records) {
            if (record == null) {
                throw new IllegalStateException("the run has not finished: some tasks have no record yet");
            }
        }
        return List.of(records);
    }

    /** How the task ended, once it has (a workflow that continues as new carries this over). */
    public Optional<TaskState> ended(int task) {
        return records[task] == null ? Optional.empty() : Optional.of(records[task].state());
    }

    public List<FailureDecision> decisions() {
        return List.copyOf(decisions);
    }

    public int peakConcurrency() {
        return peakConcurrency;
    }

    /** How many tasks may run at once now. */
    public int limit() {
        return dispatcher.limit();
    }

    public Plan plan() {
        return plan;
    }

    private void resolve(int task, FailureHandler.Resolution resolution, long now, Outbox out) {
        Task spec = plan.task(task);
        ExecutionResult result = lastResult[task];
        FailureDecision.Action action = switch (resolution.choice()) {
            case RETRY -> FailureDecision.Action.RETRY;
            case SKIP -> FailureDecision.Action.SKIP_DEPENDENTS;
            case ABORT -> FailureDecision.Action.ABORT;
        };
        decide(new FailureDecision(spec.id(), attempts[task], action, failedOnce.cardinality(), plan.size(),
                dispatcher.limit(), dispatcher.limit(), result.summary(), resolution.reason()), out);
        if (resolution.choice() == FailureHandler.Choice.RETRY && stopStatus == null) {
            retriesLeft[task] = spec.retries();
            phase[task] = Phase.RUNNING;
            attempts[task]++;
            TaskStart start = new TaskStart(task, spec.id(), waves.waveOf(task), instance[task], Instant.ofEpochMilli(now),
                    dispatcher.running());
            out.event(new RunEvent.AttemptStarted(start, attempts[task]));
            out.command(new CoreCommand.StartAttempt(start, attempts[task]));
            dispatch(now, out);
            return;
        }
        finish(task, TaskState.FAILED, result, now, out);
        if (resolution.choice() == FailureHandler.Choice.ABORT) {
            stop(RunStatus.FAILED, "the run was aborted (\"" + spec.id() + "\" failed; " + resolution.reason() + ")", out);
        }
        dispatch(now, out);
    }

    private void decide(FailureDecision decision, Outbox out) {
        decisions.add(decision);
        if (decision.agentsAfter() != dispatcher.limit()) {
            dispatcher.limit(decision.agentsAfter());
        }
        out.event(new RunEvent.FailureDecided(decision));
    }

    /** Starts every task the dispatcher lets start now. */
    private void dispatch(long now, Outbox out) {
        if (stopStatus != null || resolving > 0) {
            return;
        }
        for (int task = dispatcher.next(now); task >= 0; task = dispatcher.next(now)) {
            phase[task] = Phase.RUNNING;
            if (attempts[task] == 0) {
                firstStart[task] = now;
            }
            attempts[task]++;
            instance[task] = "I" + (dispatcher.instance(task) + 1);
            peakConcurrency = Math.max(peakConcurrency, dispatcher.running());
            TaskStart start = new TaskStart(task, plan.task(task).id(), waves.waveOf(task), instance[task],
                    Instant.ofEpochMilli(now), dispatcher.running());
            if (out.wantsEvents()) {
                out.event(new RunEvent.AttemptStarted(start, attempts[task]));
            }
            out.command(new CoreCommand.StartAttempt(start, attempts[task]));
        }
    }

    /** Ends a task that ran: records it, emits its end, and releases or skips what depends on it. */
    private void finish(int task, TaskState state, ExecutionResult result, long now, Outbox out) {
        phase[task] = Phase.DONE;
        TaskRecord record = ranRecord(task, state, result, now);
        records[task] = record;
        out.event(new RunEvent.TaskEnded(record));
        if (state == TaskState.SUCCEEDED) {
            dispatcher.succeeded(task);
        } else {
            String reason = "skipped: it depends on \"" + record.id() + "\", which " + state.label();
            dispatcher.failed(task, state, skipped -> {
                phase[skipped] = Phase.DONE;
                records[skipped] = TaskRecord.notRun(skipped, plan.task(skipped).id(), waves.waveOf(skipped),
                        TaskState.SKIPPED, reason);
                out.event(new RunEvent.TaskEnded(records[skipped]));
            });
        }
    }

    private TaskRecord ranRecord(int task, TaskState state, ExecutionResult result, long now) {
        return new TaskRecord(task, plan.task(task).id(), waves.waveOf(task), Optional.of(instance[task]), state,
                Optional.of(Instant.ofEpochMilli(firstStart[task])), Optional.of(Instant.ofEpochMilli(now)),
                Math.max(0, now - firstStart[task]), result.exitCode(), attempts[task], result.summary(),
                result.filesChanged());
    }

    private void stop(RunStatus status, String reason, Outbox out) {
        if (stopStatus != null) {
            return;
        }
        stopStatus = status;
        String notStarted = "cancelled before it started: " + reason;
        dispatcher.cancelPending(task -> {
            if (phase[task] == Phase.WAITING) {
                records[task] = ranRecord(task, TaskState.CANCELLED, ExecutionResult.failed(
                        "cancelled while waiting for its retry: " + reason + "; last attempt: " + lastResult[task].summary()),
                        lastEnded[task]);
            } else {
                records[task] = TaskRecord.notRun(task, plan.task(task).id(), waves.waveOf(task), TaskState.CANCELLED,
                        notStarted);
            }
            phase[task] = Phase.DONE;
            out.event(new RunEvent.TaskEnded(records[task]));
        });
        out.command(new CoreCommand.Abort(reason));
    }

    private void requirePhase(int task, Phase expected, String what) {
        if (phase[task] != expected) {
            throw new IllegalStateException("task " + plan.task(task).id() + " cannot " + what + " while "
                    + phase[task].name().toLowerCase(java.util.Locale.ROOT) + "; expected "
                    + expected.name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    private Duration backoff(int failedAttempts) {
        long base = retryBackoff.toMillis() << Math.min(failedAttempts - 1, 20);
        long jittered = (long) (base * random.nextDouble(0.5, 1.5));
        return Duration.ofMillis(Math.min(jittered, RunOptions.MAX_RETRY_BACKOFF.toMillis()));
    }
}
