package dev.wave.run;

import static java.util.Objects.requireNonNull;

import dev.wave.plan.Action;
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
 * isolation: the same class the {@link dev.wave.schedule.Simulator} runs on a virtual clock.
 *
 * <p>Failure handling: after each failed attempt the {@link FailureThresholds} decide from the share
 * of tasks that have failed so far whether the run goes on at the same width, a quarter narrower,
 * sequentially, or aborts. A task with retries left waits {@code retryBackoff * 2^(attempt-1)}, with
 * +/-50% jitter, at most {@link RunOptions#MAX_RETRY_BACKOFF}. One with none left aborts the run with
 * fail-fast, else goes to the failure handler. Aborting or cancelling cancels every task not
 * started, drops waiting retries and emits {@link CoreCommand.Abort} for the running ones.
 *
 * <p>Limits ({@link RunLimits}): every attempt's {@link Usage} adds to what the run spent; once that
 * reaches the budget, every agent task that has not started (or waits for a retry) ends skipped with
 * the reason, as do the tasks that depend on it; running ones finish. Caps by task kind and agent
 * provider are the {@link Dispatcher}'s; an agent attempt that hit a rate limit pauses its provider's
 * starts for a backoff ({@link CoreCommand.ScheduleResume}, then {@link #providerResumed}).
 *
 * <p>Fix waves: an agent task whose check failed, with fix waves left, does not retry: the core
 * inserts analyse, fix and re-check tasks ({@link FixWaves}) that run one after the other on its
 * agent; the task succeeds when the re-check passes, else the next fix wave follows, and after the
 * last the task fails for good as any other. Inserted tasks have indices after the plan's
 * ({@link #task}); they emit {@link RunEvent.InsertedTaskStarted} and {@link RunEvent.InsertedTaskEnded}.
 *
 * <p>Concurrency: not thread-safe; the driver serialises calls (the {@link Runner} holds one lock).
 */
public final class RunCore {
    private enum Phase { PENDING, RUNNING, INTEGRATING, WAITING, RESOLVING, FIXING, DONE }

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
    private final String[] instanceLabels; // "I1".."In" by agent slot, made once rather than on every start
    private final ExecutionResult[] lastResult;
    private final TaskRecord[] records;
    private final BitSet failedOnce;
    private final List<FailureDecision> decisions = new ArrayList<>();
    private final FixWaves fixes;
    private final Usage[] usage; // by plan task, over its attempts
    private final Limiter limiter;
    private final List<FixWaves.Step> deferred = new ArrayList<>(); // fix steps waiting for their provider's pause
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
        this(plan, waves, mode, agents, failFast, retryBackoff, thresholds, random, order, RunLimits.none());
    }

    /**
     * @param order the priority order among tasks that may start: the one the analysis chose and showed
     * @param limits the budget, the caps, the rate-limit pause and the fix waves
     */
    public RunCore(Plan plan, Waves waves, Mode mode, int agents, boolean failFast, Duration retryBackoff,
            FailureThresholds thresholds, RandomGenerator random, PriorityOrder order, RunLimits limits) {
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
        instanceLabels = new String[agents];
        for (int slot = 0; slot < agents; slot++) {
            instanceLabels[slot] = "I" + (slot + 1);
        }
        lastResult = new ExecutionResult[n];
        records = new TaskRecord[n];
        failedOnce = new BitSet(n);
        requireNonNull(limits, "limits is null");
        fixes = new FixWaves(n, limits.fixAttempts(), limits.recheck());
        usage = new Usage[n];
        Arrays.fill(usage, Usage.NONE);
        limiter = new Limiter(plan, limits);
        limiter.capGroups(plan, dispatcher);
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
        usage[task] = record.usage();
        limiter.spend(task, record.usage()); // the budget counts what earlier sessions spent
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

    /**
     * What an earlier session of this run spent on work whose usage no restored record holds (for a resumed run),
     * before {@link #start}: the attempts of plan task {@code task} that ended without a finished record (killed
     * with their process, or cancelled), whose next record counts it; or, with {@code task} -1, work no plan task
     * owns (a fix wave's steps). The budget counts it either way.
     */
    public void spentEarlier(int task, Usage spent) {
        requireNonNull(spent, "spent is null");
        if (started) {
            throw new IllegalStateException("earlier spending cannot be added once the run has started");
        }
        if (task >= 0) {
            if (phase[task] == Phase.DONE) {
                throw new IllegalArgumentException("task " + plan.task(task).id() + " was restored: its record "
                        + "holds what it spent");
            }
            usage[task] = usage[task].plus(spent);
        }
        limiter.spend(task, spent);
    }

    /** The run begins: starts what may start. */
    public void start(long now, Outbox out) {
        if (started) {
            throw new IllegalStateException("the run has already started; a core runs once");
        }
        started = true;
        closeBudgetIfReached("(earlier sessions)", out);
        dispatch(now, out);
    }

    /** An attempt ended with {@code result} (not interrupted). */
    public void attemptEnded(int task, ExecutionResult result, long now, Outbox out) {
        requireNonNull(result, "result is null");
        if (fixes.owns(task)) {
            stepEnded(fixes.step(task), result, now, out);
            return;
        }
        requirePhase(task, Phase.RUNNING, "end an attempt");
        lastResult[task] = result;
        lastEnded[task] = now;
        Task spec = plan.task(task);
        if (out.wantsEvents()) {
            out.event(new RunEvent.AttemptEnded(task, spec.id(), attempts[task], result, Instant.ofEpochMilli(now)));
        }
        usage[task] = usage[task].plus(result.usage());
        spend(task, spec.id(), result, limiter.providerOf(task), now, out);
        if (result.succeeded()) {
            phase[task] = Phase.INTEGRATING;
            out.command(new CoreCommand.Integrate(task));
            return;
        }
        if (stopStatus == RunStatus.INTERRUPTED) {
            // The interrupt reached the task too (a SIGINT to wave's process group, as timeout -s INT or a CI
            // job's cancel sends): it was stopped, not failed, so a resume runs it again.
            String exit = result.exitCode().map(code -> "exit " + code + ", ").orElse("");
            finish(task, TaskState.CANCELLED, new ExecutionResult(result.exitCode(), false,
                    "cancelled while running: it ended after the run was interrupted (" + exit + result.summary() + ")",
                    result.filesChanged(), result.usage(), result.rateLimited(), result.failedCheck()), now, out);
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
        if (fixes.canFix(task, spec, result)) {
            phase[task] = Phase.FIXING;
            String output = result.failedCheck().orElseThrow();
            FixWaves.Step analyse = fixes.begin(task, spec, waves.waveOf(task), output);
            out.event(new RunEvent.FixWaveInserted(spec.id(), analyse.wave, analyse.round, output));
            startStep(analyse, now, out);
            dispatch(now, out);
            return;
        }
        if (retriesLeft[task] > 0 && (limiter.reached().isEmpty() || limiter.providerOf(task) < 0)) {
            retriesLeft[task]--;
            Duration backoff = backoff(attempts[task]);
            out.event(new RunEvent.RetryScheduled(spec.id(), attempts[task], backoff, result.summary()));
            dispatcher.retryLater(task);
            phase[task] = Phase.WAITING;
            out.command(new CoreCommand.ScheduleRetry(task, backoff));
            dispatch(now, out);
            return;
        }
        failedForGood(task, now, out);
    }

    /** A task failed with no retry left: fail-fast aborts, else the failure handler is asked. */
    private void failedForGood(int task, long now, Outbox out) {
        Task spec = plan.task(task);
        if (failFast) {
            resolve(task, new FailureHandler.Resolution(FailureHandler.Choice.ABORT, "--fail-fast: stop the run"), now, out);
            return;
        }
        phase[task] = Phase.RESOLVING;
        resolving++;
        out.command(new CoreCommand.ResolveFailure(task, spec.id(), attempts[task], lastResult[task].summary()));
    }

    /** A provider's rate-limit pause is over: its tasks may start again. */
    public void providerResumed(String provider, long now, Outbox out) {
        int index = limiter.provider(requireNonNull(provider, "provider is null"));
        if (!limiter.resume(index)) {
            return;
        }
        dispatcher.resume(index);
        List<FixWaves.Step> waiting = new ArrayList<>(deferred);
        deferred.clear();
        for (FixWaves.Step step : waiting) {
            startStep(step, now, out);
        }
        dispatch(now, out);
    }

    /** Adds an attempt's usage to the run's, pauses its provider after a rate limit, and closes the budget once reached. */
    private void spend(int index, String taskId, ExecutionResult result, int provider, long now, Outbox out) {
        limiter.spend(index, result.usage());
        Optional<Duration> pause = limiter.attemptEnded(provider, result.rateLimited());
        if (pause.isPresent() && stopStatus == null) {
            dispatcher.pause(provider);
            out.event(new RunEvent.ProviderPaused(taskId, limiter.providerName(provider), pause.get()));
            out.command(new CoreCommand.ScheduleResume(limiter.providerName(provider), pause.get()));
        }
        closeBudgetIfReached(taskId, out);
    }

    /**
     * A running attempt's usage so far, as its agent streams it: it counts towards the budget at once,
     * so the budget closes while agents still run; the attempt's end replaces it with the final usage.
     * Ignored for a task not running (a report that came after its end).
     */
    public void usageReported(int task, Usage soFar, long now, Outbox out) {
        requireNonNull(soFar, "soFar is null");
        boolean running = fixes.owns(task) ? phase[fixes.step(task).parent] == Phase.FIXING && fixes.step(task).ended.isEmpty()
                : phase[task] == Phase.RUNNING;
        if (!running) {
            return;
        }
        limiter.report(task, soFar);
        closeBudgetIfReached(task(task).id(), out);
    }

    /** The index of the task with {@code id}: a plan task or an inserted one; -1 when there is none. */
    public int indexOf(String id) {
        requireNonNull(id, "id is null");
        int index = plan.graph().indexOf(id);
        return index >= 0 ? index : fixes.indexOf(id);
    }

    private void closeBudgetIfReached(String taskId, Outbox out) {
        Optional<String> reached = limiter.newlyReached();
        if (reached.isEmpty()) {
            return;
        }
        String reason = reached.get();
        out.event(new RunEvent.BudgetReached(taskId, reason, limiter.spent()));
        for (int task = 0; task < plan.size(); task++) {
            if (limiter.providerOf(task) < 0 || (phase[task] != Phase.PENDING && phase[task] != Phase.WAITING)) {
                continue;
            }
            records[task] = phase[task] == Phase.WAITING
                    ? ranRecord(task, TaskState.SKIPPED, ExecutionResult.failed("not retried: " + reason
                            + "; last attempt: " + lastResult[task].summary()), lastEnded[task])
                    : TaskRecord.notRun(task, plan.task(task).id(), waves.waveOf(task), TaskState.SKIPPED,
                            "not started: " + reason);
            phase[task] = Phase.DONE;
            out.event(new RunEvent.TaskEnded(records[task]));
            String because = "skipped: it depends on \"" + plan.task(task).id() + "\", which was not started: " + reason;
            dispatcher.skip(task, skipped -> {
                phase[skipped] = Phase.DONE;
                records[skipped] = TaskRecord.notRun(skipped, plan.task(skipped).id(), waves.waveOf(skipped),
                        TaskState.SKIPPED, because);
                out.event(new RunEvent.TaskEnded(records[skipped]));
            });
        }
    }

    // Fix waves: the steps of an inserted wave, one after the other, on the agent of the task they fix.

    /** Starts a fix step, or ends its wave when the run stopped, the budget is spent or its provider is paused. */
    private void startStep(FixWaves.Step step, long now, Outbox out) {
        int parent = step.parent;
        if (stopStatus != null) {
            ExecutionResult cancelled = ExecutionResult.failed("cancelled during fix wave " + step.wave + " before "
                    + step.task.id() + " started");
            finish(parent, TaskState.CANCELLED, cancelled, now, out);
            return;
        }
        boolean agent = step.task.action() instanceof Action.Agent;
        if (agent && limiter.reached().isPresent()) {
            waveFailed(step, "not started: " + limiter.reached().get(), false, now, out);
            return;
        }
        if (agent && limiter.isPaused(limiter.providerOf(parent))) {
            deferred.add(step);
            return;
        }
        if (step.attempts == 0) {
            step.startedAt = now;
        }
        step.attempts++;
        TaskStart start = new TaskStart(step.index, step.task.id(), waves.waveOf(parent), instance[parent],
                Instant.ofEpochMilli(now), dispatcher.running());
        out.event(new RunEvent.InsertedTaskStarted(start, step.wave, step.attempts));
        out.command(new CoreCommand.StartAttempt(start, step.attempts));
    }

    private void stepEnded(FixWaves.Step step, ExecutionResult result, long now, Outbox out) {
        requirePhase(step.parent, Phase.FIXING, "end a fix step");
        step.result = Optional.of(result);
        step.usage = step.usage.plus(result.usage());
        if (out.wantsEvents()) {
            out.event(new RunEvent.AttemptEnded(step.index, step.task.id(), step.attempts, result, Instant.ofEpochMilli(now)));
        }
        spend(step.index, step.task.id(), result, step.task.action() instanceof Action.Agent ? limiter.providerOf(step.parent) : -1,
                now, out);
        switch (step.kind) {
            case ANALYSE -> {
                endStep(step, result.succeeded() ? TaskState.SUCCEEDED : TaskState.FAILED, result, now, out);
                String analysis = result.succeeded() ? result.summary() : "none: the analysis failed (" + result.summary() + ")";
                startStep(fixes.fix(step, plan.task(step.parent), analysis), now, out);
            }
            case FIX -> {
                if (result.succeeded()) {
                    out.command(new CoreCommand.Integrate(step.index));
                } else {
                    endStep(step, TaskState.FAILED, result, now, out);
                    waveFailed(step, result.failedCheck().orElse(result.summary()), true, now, out);
                }
            }
            case RECHECK -> {
                endStep(step, result.succeeded() ? TaskState.SUCCEEDED : TaskState.FAILED, result, now, out);
                if (result.succeeded()) {
                    fixed(step, now, out);
                } else {
                    waveFailed(step, result.summary(), true, now, out);
                }
            }
        }
        dispatch(now, out);
    }

    /** The fix was integrated: the check runs again, or without a check the fix stands. */
    private void stepIntegrated(FixWaves.Step step, long now, Outbox out) {
        endStep(step, TaskState.SUCCEEDED, step.result.orElseThrow(), now, out);
        Optional<FixWaves.Step> recheck = fixes.recheck(step, plan.task(step.parent));
        if (recheck.isPresent()) {
            startStep(recheck.get(), now, out);
        } else {
            fixed(step, now, out);
        }
        dispatch(now, out);
    }

    private void endStep(FixWaves.Step step, TaskState state, ExecutionResult result, long now, Outbox out) {
        out.event(new RunEvent.InsertedTaskEnded(fixes.end(step, state, result, waves.waveOf(step.parent),
                instance[step.parent], now)));
    }

    /** The fix wave fixed its task: the task succeeds, and its dependents may start. */
    private void fixed(FixWaves.Step step, long now, Outbox out) {
        ExecutionResult failed = lastResult[step.parent];
        ExecutionResult result = new ExecutionResult(failed.exitCode(), true, "fixed by fix wave " + step.wave
                + " after its check failed (" + failed.summary() + ")", failed.filesChanged(), failed.usage(), false,
                Optional.empty());
        lastResult[step.parent] = result;
        finish(step.parent, TaskState.SUCCEEDED, result, now, out);
    }

    /**
     * A fix wave did not fix its task: the next one follows while the task has fix waves left (and
     * {@code more} allows), else the task has failed for good.
     */
    private void waveFailed(FixWaves.Step step, String output, boolean more, long now, Outbox out) {
        int parent = step.parent;
        Task spec = plan.task(parent);
        if (stopStatus != null) {
            finish(parent, TaskState.CANCELLED, ExecutionResult.failed("cancelled during fix wave " + step.wave), now, out);
            return;
        }
        if (more && fixes.hasRoundsLeft(parent) && limiter.reached().isEmpty()) {
            FixWaves.Step analyse = fixes.begin(parent, spec, waves.waveOf(parent), output);
            out.event(new RunEvent.FixWaveInserted(spec.id(), analyse.wave, analyse.round, output));
            startStep(analyse, now, out);
            return;
        }
        ExecutionResult last = lastResult[parent];
        lastResult[parent] = new ExecutionResult(last.exitCode(), false, "its check failed and " + fixes.rounds(parent)
                + (fixes.rounds(parent) == 1 ? " fix wave" : " fix waves") + " did not fix it (" + step.wave + ": "
                + firstLine(output) + "); first failure: " + last.summary(), last.filesChanged(), last.usage(), false,
                last.failedCheck());
        phase[parent] = Phase.RUNNING;
        failedForGood(parent, now, out);
    }

    private static String firstLine(String text) {
        String line = text.strip().lines().findFirst().orElse("");
        return line.length() <= 200 ? line : line.substring(0, 197) + "...";
    }

    /** An attempt (or the failure handler's question) was stopped by {@link CoreCommand.Abort} or an interrupt. */
    public void attemptInterrupted(int task, long now, Outbox out) {
        if (fixes.owns(task)) {
            FixWaves.Step step = fixes.step(task);
            requirePhase(step.parent, Phase.FIXING, "have a fix step interrupted");
            ExecutionResult cancelled = ExecutionResult.failed("cancelled while running; its processes were killed");
            endStep(step, TaskState.CANCELLED, cancelled, now, out);
            finish(step.parent, TaskState.CANCELLED, ExecutionResult.failed("cancelled during fix wave " + step.wave
                    + " while " + step.task.id() + " ran"), now, out);
            dispatch(now, out);
            return;
        }
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
        if (fixes.owns(task)) {
            stepIntegrated(fixes.step(task), now, out);
            return;
        }
        requirePhase(task, Phase.INTEGRATING, "be integrated");
        finish(task, TaskState.SUCCEEDED, lastResult[task], now, out);
        dispatch(now, out);
    }

    /** The succeeded task's work could not be integrated: the task fails, and its dependents are skipped. */
    public void integrationFailed(int task, String reason, long now, Outbox out) {
        if (fixes.owns(task)) {
            FixWaves.Step step = fixes.step(task);
            ExecutionResult ran = step.result.orElseThrow();
            endStep(step, TaskState.FAILED, new ExecutionResult(ran.exitCode(), false, "integration failed: " + reason,
                    ran.filesChanged(), ran.usage(), false, Optional.empty()), now, out);
            waveFailed(step, "the fix could not be integrated: " + reason, true, now, out);
            dispatch(now, out);
            return;
        }
        requirePhase(task, Phase.INTEGRATING, "fail its integration");
        ExecutionResult ran = lastResult[task];
        finish(task, TaskState.FAILED, new ExecutionResult(ran.exitCode(), false, "integration failed: " + reason,
                ran.filesChanged(), ran.usage(), ran.rateLimited(), ran.failedCheck()), now, out);
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

    /** The task at {@code index}: a plan task, or after them a task the core inserted (a fix wave's step). */
    public Task task(int index) {
        return fixes.owns(index) ? fixes.step(index).task : plan.task(index);
    }

    /** The tasks the core inserted that ended, in the order inserted. */
    public List<InsertedTask> inserted() {
        return fixes.records();
    }

    /** What the run's agents have spent so far: ended attempts, and the running ones' usage so far. */
    public Usage spent() {
        return limiter.spent();
    }

    /** Why no agent task starts any more ({@code budget reached: $1.0200 of $1.0000}), if the budget is spent. */
    public Optional<String> budgetReached() {
        return limiter.reached();
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
        if (resolution.choice() == FailureHandler.Choice.RETRY && stopStatus == null && limiter.reached().isPresent()
                && limiter.providerOf(task) >= 0) {
            finish(task, TaskState.FAILED, ExecutionResult.failed("not retried: " + limiter.reached().get()
                    + "; last attempt: " + result.summary()), now, out);
            dispatch(now, out);
            return;
        }
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
            instance[task] = instanceLabels[dispatcher.instance(task)];
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
                result.filesChanged(), usage[task]);
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
        List<FixWaves.Step> waiting = new ArrayList<>(deferred);
        deferred.clear();
        for (FixWaves.Step step : waiting) {
            finish(step.parent, TaskState.CANCELLED, ExecutionResult.failed("cancelled during fix wave " + step.wave
                    + " before " + step.task.id() + " started: " + reason), lastEnded[step.parent], out);
        }
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
