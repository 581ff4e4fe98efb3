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
 * <p>Fix waves: an agent task whose check failed ({@code verify:}, or the run's check after its merge:
 * {@link #integrationFailed(int, String, Optional, long, Outbox)}), with fix waves left, does not retry:
 * the core inserts analyse, fix and re-check tasks ({@link FixWaveSteps}) that run one after the other
 * on its agent; the task succeeds when the re-check passes, else the next fix wave follows, and after
 * the last the task fails for good as it would have without them. With {@link #checkAfterTasks} the
 * run's check after the tasks is such a step too ({@link CheckAfterTasks}), and its failure gets fix
 * waves on the run's agent before the run fails. Inserted tasks have indices after the plan's
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
    private final long[] attemptStart; // the last attempt's start, by task
    private final java.util.Map<Integer, List<TaskRecord.Span>> endedSpans = new java.util.HashMap<>(); // retried tasks'
    private final String[] instance;
    private final String[] instanceLabels; // "I1".."In" by agent slot, made once rather than on every start
    private final ExecutionResult[] lastResult;
    private final TaskRecord[] records;
    private final BitSet failedOnce;
    private final List<FailureDecision> decisions = new ArrayList<>();
    private final FixWaves fixes;
    private final FixWaveSteps fixSteps;
    private final CheckAfterTasks checkAfter = new CheckAfterTasks();
    private final java.util.function.Function<Task, Optional<String>> provider;
    private final Usage[] usage; // by plan task, over its attempts
    private final Limiter limiter;
    private final int fixAttempts;
    private final Optional<String> recheck;
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
        attemptStart = new long[n];
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
        fixSteps = new FixWaveSteps(fixes, new Host());
        provider = limits.provider();
        fixAttempts = limits.fixAttempts();
        recheck = limits.recheck();
        usage = new Usage[n];
        Arrays.fill(usage, Usage.NONE);
        limiter = new Limiter(plan, limits);
        limiter.capGroups(dispatcher);
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
     * Before {@link #start}: the run has its check against a baseline, which the driver runs for the steps
     * {@link #runsCheck} names. In a run with agent tasks and fix waves, the core then runs that check after
     * the tasks itself, on an agent slot, and inserts fix waves when it finds new failures (SPEC F17); the
     * run succeeds only once it passed. Otherwise nothing changes: the check after the tasks is the caller's.
     */
    public void checkAfterTasks() {
        if (started) {
            throw new IllegalStateException("the check after the tasks is set before the run starts");
        }
        checkAfter.arm(plan, fixAttempts, recheck);
    }

    /** Whether the task at {@code index} runs the run's check against its baseline rather than its own action. */
    public boolean runsCheck(int index) {
        return fixes.owns(index) && fixes.step(index).runsCheck();
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
            requireFixing(fixes.step(task), "end a fix step");
            fixSteps.attemptEnded(task, result, now, out);
            dispatch(now, out);
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
                        now, out);
                return;
            }
        }
        if (stopStatus != null) {
            finish(task, TaskState.FAILED, result, now, out);
            return;
        }
        if (fixes.canFix(task, spec, result)) {
            phase[task] = Phase.FIXING;
            fixSteps.insert(task, spec.id(), result.failedCheck().orElseThrow(), FixWave.Cause.TASK_CHECK, now, out);
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
        fixSteps.providerResumed(now, out);
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
        boolean running = fixes.owns(task) ? fixSteps.isRunning(task) : phase[task] == Phase.RUNNING;
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

    /** An attempt (or the failure handler's question) was stopped by {@link CoreCommand.Abort} or an interrupt. */
    public void attemptInterrupted(int task, long now, Outbox out) {
        if (fixes.owns(task)) {
            requireFixing(fixes.step(task), "have a fix step interrupted");
            fixSteps.interrupted(task, now, out);
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
            fixSteps.integrated(task, now, out);
            dispatch(now, out);
            return;
        }
        requirePhase(task, Phase.INTEGRATING, "be integrated");
        finish(task, TaskState.SUCCEEDED, lastResult[task], now, out);
        dispatch(now, out);
    }

    /** The succeeded task's work could not be integrated: the task fails, and its dependents are skipped. */
    public void integrationFailed(int task, String reason, long now, Outbox out) {
        integrationFailed(task, reason, Optional.empty(), now, out);
    }

    /**
     * The succeeded task's work could not be integrated, or ({@code failedCheck}: what the check said) it was
     * merged and the run's check after the merge found new failures: an agent task with fix waves left gets
     * one (SPEC F17), its dependents waiting; otherwise the task fails, and its dependents are skipped.
     */
    public void integrationFailed(int task, String reason, Optional<String> failedCheck, long now, Outbox out) {
        requireNonNull(failedCheck, "failedCheck is null");
        if (fixes.owns(task)) {
            fixSteps.integrationFailed(task, reason, failedCheck, now, out);
            dispatch(now, out);
            return;
        }
        requirePhase(task, Phase.INTEGRATING, "fail its integration");
        ExecutionResult ran = lastResult[task];
        if (failedCheck.isPresent() && stopStatus == null && fixes.canFix(task, plan.task(task))) {
            lastResult[task] = new ExecutionResult(ran.exitCode(), false, "integration failed: " + reason,
                    ran.filesChanged(), ran.usage(), false, failedCheck);
            phase[task] = Phase.FIXING;
            fixSteps.insert(task, plan.task(task).id(), failedCheck.get(), FixWave.Cause.CHECK_AFTER_MERGE, now, out);
            dispatch(now, out);
            return;
        }
        finish(task, TaskState.FAILED, new ExecutionResult(ran.exitCode(), false, "integration failed: " + reason,
                ran.filesChanged(), ran.usage(), ran.rateLimited(), ran.failedCheck()), now, out);
        dispatch(now, out);
    }

    /** Ctrl-C, SIGTERM or {@code wave cancel}: nothing new starts, running attempts stop, the run ends interrupted. */
    public void cancelRequested(long now, Outbox out) {
        stop(RunStatus.INTERRUPTED, "the run was interrupted", now, out);
    }

    /** Stops the run as failed, for a reason outside the tasks (the journal cannot be written, say). */
    public void abort(String reason, long now, Outbox out) {
        stop(RunStatus.FAILED, "the run was aborted (" + reason + ")", now, out);
    }

    /** Whether every task has ended, and the check after the tasks when the core runs it. */
    public boolean isFinished() {
        return dispatcher.isFinished() && !checkAfter.isRunning();
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
            attemptStarts(task, now);
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
            stop(RunStatus.FAILED, "the run was aborted (\"" + spec.id() + "\" failed; " + resolution.reason() + ")", now,
                    out);
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
        if (dispatcher.isFinished()) {
            startCheckAfterTasks(now, out);
            return;
        }
        for (int task = dispatcher.next(now); task >= 0; task = dispatcher.next(now)) {
            phase[task] = Phase.RUNNING;
            if (attempts[task] == 0) {
                firstStart[task] = now;
            }
            attemptStarts(task, now);
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

    /** Every plan task ended: with all succeeded, the check after the tasks starts when the core runs it. */
    private void startCheckAfterTasks(long now, Outbox out) {
        if (!checkAfter.isArmed()) {
            return;
        }
        for (TaskRecord record : records) {
            if (record == null || record.state() != TaskState.SUCCEEDED) {
                checkAfter.ended(); // the run failed: the caller's check after the tasks says so, as without fix waves
                return;
            }
        }
        FixWaves.Step check = fixes.checkAfterTasks(CheckAfterTasks.id(plan)).orElseThrow();
        checkAfter.started(check.task);
        fixSteps.start(check, now, out);
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
                result.filesChanged(), usage[task], spans(task, now));
    }

    /** An attempt of {@code task} starts at {@code now}: a retry keeps the span of the attempt before it. */
    private void attemptStarts(int task, long now) {
        if (attempts[task] > 0) {
            endedSpans.computeIfAbsent(task, key -> new ArrayList<>()).add(new TaskRecord.Span(
                    Instant.ofEpochMilli(attemptStart[task]), Instant.ofEpochMilli(lastEnded[task])));
        }
        attemptStart[task] = now;
    }

    /** The spans of a retried task's attempts, the last ending at {@code end}; empty for a task that ran once. */
    private List<TaskRecord.Span> spans(int task, long end) {
        List<TaskRecord.Span> earlier = endedSpans.get(task);
        if (earlier == null) {
            return List.of();
        }
        List<TaskRecord.Span> spans = new ArrayList<>(earlier);
        spans.add(new TaskRecord.Span(Instant.ofEpochMilli(attemptStart[task]), Instant.ofEpochMilli(end)));
        return spans;
    }

    private void stop(RunStatus status, String reason, long now, Outbox out) {
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
        fixSteps.stopped(reason, now, out);
        out.command(new CoreCommand.Abort(reason));
    }

    private void requireFixing(FixWaves.Step step, String what) {
        if (step.parent == FixWaves.RUN) {
            if (!checkAfter.isRunning()) {
                throw new IllegalStateException("step " + step.task.id() + " cannot " + what
                        + ": the check after the tasks is not running");
            }
        } else {
            requirePhase(step.parent, Phase.FIXING, what);
        }
    }

    /** The parents of fix waves as the steps see them: a plan task, or the run ({@link FixWaves#RUN}). */
    private final class Host implements FixWaveSteps.Host {
        @Override
        public boolean stopped() {
            return stopStatus != null;
        }

        @Override
        public Optional<String> budgetReached() {
            return limiter.reached();
        }

        @Override
        public int providerOf(int parent, Task step) {
            return parent == FixWaves.RUN ? provider.apply(step).map(limiter::provider).orElse(-1) : limiter.providerOf(parent);
        }

        @Override
        public boolean isPaused(int provider) {
            return limiter.isPaused(provider);
        }

        @Override
        public void spend(int index, String taskId, ExecutionResult result, int provider, long now, Outbox out) {
            RunCore.this.spend(index, taskId, result, provider, now, out);
        }

        @Override
        public int waveOf(int parent) {
            return parent == FixWaves.RUN ? waves.count() : waves.waveOf(parent);
        }

        @Override
        public String instanceOf(int parent) {
            return parent == FixWaves.RUN ? instanceLabels[0] : instance[parent];
        }

        @Override
        public int running() {
            return dispatcher.running();
        }

        @Override
        public Task parentTask(int parent) {
            return parent == FixWaves.RUN ? checkAfter.task() : plan.task(parent);
        }

        @Override
        public void fixed(FixWaves.Step step, long now, Outbox out) {
            if (step.parent == FixWaves.RUN) {
                checkAfter.ended();
                return;
            }
            lastResult[step.parent] = FixWaveSteps.fixed(step, lastResult[step.parent]);
            finish(step.parent, TaskState.SUCCEEDED, lastResult[step.parent], now, out);
        }

        @Override
        public void notFixed(FixWaves.Step step, String why, long now, Outbox out) {
            int rounds = fixes.rounds(step.parent);
            if (step.parent == FixWaves.RUN) {
                checkAfter.ended();
                FailureDecision decision = CheckAfterTasks.failed(rounds, why, limiter.reached(), failedOnce.cardinality(),
                        plan.size(), dispatcher.limit());
                decide(decision, out);
                stop(RunStatus.FAILED, decision.reason(), now, out);
                return;
            }
            int parent = step.parent;
            lastResult[parent] = FixWaveSteps.notFixed(step, rounds, why, lastResult[parent]);
            if (step.cause == FixWave.Cause.CHECK_AFTER_MERGE) {
                finish(parent, TaskState.FAILED, lastResult[parent], now, out); // as a failed merge check without waves
                return;
            }
            phase[parent] = Phase.RUNNING;
            failedForGood(parent, now, out);
        }

        @Override
        public void cancelled(int parent, ExecutionResult why, long now, Outbox out) {
            if (parent == FixWaves.RUN) {
                checkAfter.ended();
            } else {
                finish(parent, TaskState.CANCELLED, why, now, out);
            }
        }
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
