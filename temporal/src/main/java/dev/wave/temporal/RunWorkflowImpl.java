package dev.wave.temporal;

import dev.wave.agent.AgentCli;
import dev.wave.plan.Action;
import dev.wave.plan.Plan;
import dev.wave.plan.Task;
import dev.wave.run.CoreCommand;
import dev.wave.run.ExecutionResult;
import dev.wave.run.FailureHandler;
import dev.wave.run.Outbox;
import dev.wave.run.RunCore;
import dev.wave.run.RunEvent;
import dev.wave.run.RunLimits;
import dev.wave.run.TaskRecord;
import dev.wave.run.Usage;
import dev.wave.schedule.Mode;
import dev.wave.schedule.TaskState;
import dev.wave.schedule.Waves;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The workflow of a wave run: the same {@link RunCore} as the local {@link dev.wave.run.Runner}, driven by
 * Temporal. Events in: attempt activities that end, fail or are cancelled; retry timers
 * ({@link Workflow#newTimer}); the submitting side's answers (integration, the failure handler); workflow
 * cancellation, which becomes {@link RunCore#cancelRequested}. Commands out: a {@code StartAttempt} is one
 * activity on the workers' task queue; a {@code ScheduleRetry} a timer; an {@code Integrate} of an attempt
 * that changed files an activity on the submitting side that applies its patch (of one that changed nothing,
 * nothing: the task is integrated at once); a {@code ResolveFailure} the submitting side's failure handler;
 * an {@code Abort} cancels the scopes of everything in flight.
 *
 * <p>Determinism: the core reads no clock and starts no thread; it gets {@link Workflow#currentTimeMillis}
 * and {@link Workflow#newRandom}, and every collection here iterates in a fixed order.
 *
 * <p>Retries: the core owns them (backoff with jitter, the failure-rate thresholds and fail-fast decide after
 * every failed attempt, as in a local run), so a task that fails is an activity result, never an activity
 * failure. Temporal's retry policy only re-delivers the same attempt when its worker is lost (no heartbeat)
 * or cannot run it, up to {@link #DELIVERIES} times.
 *
 * <p>Big plans: after {@code historyLimit} history events (or when the server suggests it) the workflow
 * drains: new attempts are held, those in flight and waiting retries finish, then it continues as new with
 * the tasks that ended (and the retries used) carried over; held tasks start in the next generation.
 *
 * <p>Events go to the submitting side in order, in batches, one batch in flight at a time, in a detached
 * scope so that a cancelled run still reports how it ended.
 */
public final class RunWorkflowImpl implements RunWorkflow {
    /** How many times an attempt is delivered to a worker before it counts as failed. */
    static final int DELIVERIES = 3;
    private static final int BATCH = 500;
    private static final Duration NO_TIMEOUT = Duration.ofDays(7);

    private Input input;
    private Plan plan;
    private RunCore core;
    private SubmitterActivities submitter;
    private final ArrayDeque<Runnable> completions = new ArrayDeque<>();
    private final Map<Integer, CancellationScope> scopes = new TreeMap<>(); // attempts, failure questions and timers
    private final Map<Integer, String> patches = new TreeMap<>(); // succeeded, not yet integrated
    private LinkedHashMap<Integer, String> integrated = new LinkedHashMap<>(); // in integration order
    private final List<CoreCommand.StartAttempt> held = new ArrayList<>();
    private final List<String> pending = new ArrayList<>();
    private final Map<Integer, Integer> retriesUsed = new TreeMap<>();
    private final Map<Integer, Usage> spent = new TreeMap<>(); // by task, what its agent attempts spent
    private final TreeMap<Integer, String> checkpoints = new TreeMap<>(); // by task, what its agent wrote last
    private int inFlight; // attempts, integrations, failure questions and timers
    private int attemptsInFlight;
    private int peak;
    private boolean recording;
    private long sequence;
    private boolean draining;

    @Override
    public Summary run(Input input) {
        this.input = input;
        this.plan = Wire.plan(input.planJson());
        int[] used = input.retriesUsed();
        if (used.length > 0) {
            List<Task> tasks = new ArrayList<>(plan.tasks());
            for (int task = 0; task < tasks.size(); task++) {
                tasks.set(task, tasks.get(task).withRetries(Math.max(0, tasks.get(task).retries() - used[task])));
                if (used[task] > 0) {
                    retriesUsed.put(task, used[task]);
                }
            }
            plan = plan.withTasks(tasks);
        }
        Waves waves = Waves.of(plan.graph());
        peak = input.peakConcurrency();
        integrated = new LinkedHashMap<>(input.integrated());
        if (input.checkpoints() != null) {
            checkpoints.putAll(input.checkpoints());
        }
        sequence = input.eventSequence();
        submitter = Workflow.newActivityStub(SubmitterActivities.class, ActivityOptions.newBuilder()
                .setTaskQueue(input.submitterQueue())
                .setStartToCloseTimeout(Duration.ofMinutes(10))
                .setRetryOptions(RetryOptions.newBuilder().setInitialInterval(Duration.ofMillis(200))
                        .setMaximumInterval(Duration.ofSeconds(10)).setMaximumAttempts(30).build())
                .build());
        core = new RunCore(plan, waves, Mode.valueOf(input.mode()), input.agents(), input.failFast(),
                Duration.ofMillis(input.retryBackoffMillis()), input.thresholds(), Workflow.newRandom(),
                Wire.order(input, plan), limits());
        restoreSpent();
        String done = input.done();
        for (int task = 0; task < plan.size(); task++) {
            char state = task < done.length() ? done.charAt(task) : '.';
            Usage spentBefore = spent.getOrDefault(task, Usage.NONE);
            if (state == 'S' || state == 'F') {
                core.restore(new TaskRecord(task, plan.task(task).id(), waves.waveOf(task), Optional.empty(),
                        state == 'S' ? TaskState.SUCCEEDED : TaskState.FAILED, Optional.empty(), Optional.empty(), 0,
                        Optional.empty(), 0, "ended in an earlier generation of the workflow", List.of(), spentBefore));
            } else if (!spentBefore.isEmpty()) {
                core.spentEarlier(task, spentBefore); // an agent task that failed an attempt and waits for its next
            }
        }
        step(out -> core.start(now(), out));
        try {
            loop();
            if (!core.isFinished()) {
                flush(true);
                Workflow.continueAsNew(input.next(doneStates(), used(), peak, sequence, integrated, spentByTask(),
                        checkpoints));
            }
            flush(true);
        } catch (CanceledFailure cancelled) {
            Workflow.newDetachedCancellationScope(() -> {
                draining = false;
                step(out -> core.cancelRequested(now(), out));
                loop();
                flush(true);
            }).run();
        }
        return new Summary(core.status().name(), peak, input.generation() + 1, "");
    }

    @Override
    public void cancel() {
        completions.add(() -> step(out -> core.cancelRequested(now(), out)));
    }

    /** Feeds completions to the core until the run ended, or drained for a continue-as-new. */
    private void loop() {
        while (!(core.isFinished() && inFlight == 0) && !(draining && inFlight == 0)) {
            flush(false);
            Workflow.await(() -> !completions.isEmpty() || (!recording && !pending.isEmpty()));
            while (!completions.isEmpty()) {
                completions.poll().run();
            }
            if (!draining && !core.isStopped() && (Workflow.getInfo().getHistoryLength() > input.historyLimit()
                    || Workflow.getInfo().isContinueAsNewSuggested())) {
                draining = true;
            }
        }
    }

    /** One step of the core: its events are queued for the submitting side, its commands carried out. */
    private void step(Consumer<Outbox> event) {
        Outbox out = new Outbox();
        event.accept(out);
        for (RunEvent recorded : out.events()) {
            if (recorded instanceof RunEvent.RetryScheduled retry) {
                retriesUsed.merge(plan.graph().indexOf(retry.taskId()), 1, Integer::sum);
            }
            pending.add(Wire.encode(recorded, plan));
        }
        for (CoreCommand command : out.commands()) {
            carryOut(command);
        }
    }

    private void carryOut(CoreCommand command) {
        if (command instanceof CoreCommand.StartAttempt start) {
            if (draining) {
                held.add(start);
            } else {
                startAttempt(start);
            }
        } else if (command instanceof CoreCommand.ScheduleRetry retry) {
            inFlight++;
            Holder<Promise<Void>> timer = new Holder<>();
            CancellationScope scope = Workflow.newCancellationScope(() -> timer.value = Workflow.newTimer(retry.delay()));
            scope.run();
            scopes.put(key(retry.task(), 2), scope);
            timer.value.handle((ignored, failure) -> {
                completions.add(() -> {
                    inFlight--;
                    scopes.remove(key(retry.task(), 2));
                    if (failure == null) {
                        step(out -> core.retryDue(retry.task(), now(), out));
                    }
                });
                return null;
            });
        } else if (command instanceof CoreCommand.Integrate integrate) {
            integrate(integrate.task());
        } else if (command instanceof CoreCommand.ResolveFailure resolve) {
            resolve(resolve);
        } else if (command instanceof CoreCommand.Abort) {
            new ArrayList<>(scopes.values()).forEach(CancellationScope::cancel);
            List<CoreCommand.StartAttempt> notStarted = new ArrayList<>(held);
            held.clear();
            for (CoreCommand.StartAttempt start : notStarted) {
                step(out -> core.attemptInterrupted(start.task(), now(), out));
            }
        } else {
            throw new AssertionError(command);
        }
    }

    private void startAttempt(CoreCommand.StartAttempt start) {
        int task = start.task();
        Task spec = plan.task(task);
        Duration timeout = spec.timeout().map(limit -> limit.plus(Duration.ofMinutes(1))).orElse(NO_TIMEOUT);
        TaskActivities activities = Workflow.newActivityStub(TaskActivities.class, ActivityOptions.newBuilder()
                .setStartToCloseTimeout(timeout)
                .setHeartbeatTimeout(Duration.ofMillis(input.heartbeatMillis()))
                .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(DELIVERIES)
                        .setInitialInterval(Duration.ofMillis(100)).setMaximumInterval(Duration.ofSeconds(5)).build())
                .build());
        inFlight++;
        attemptsInFlight++;
        peak = Math.max(peak, attemptsInFlight);
        TaskActivities.Request request = new TaskActivities.Request(input.runId(), Wire.taskJson(spec), start.attempt(),
                input.baseCommit(), dependencyPatches(task), Wire.VERSION, input.agent() == null ? "claude" : input.agent(),
                dependencyCheckpoints(task));
        Holder<Promise<TaskActivities.Result>> result = new Holder<>();
        CancellationScope scope = Workflow.newCancellationScope(() -> result.value = Async.function(activities::runAttempt,
                request));
        scope.run();
        scopes.put(key(task, 0), scope);
        result.value.handle((ended, failure) -> {
            completions.add(() -> attemptEnded(task, ended, failure));
            return null;
        });
    }

    private void attemptEnded(int task, TaskActivities.Result ended, RuntimeException failure) {
        inFlight--;
        attemptsInFlight--;
        CancellationScope scope = scopes.remove(key(task, 0));
        if (failure == null) {
            if (!ended.log().isEmpty()) {
                pending.add(Wire.log(task, ended.log()));
            }
            if (!ended.patch().isEmpty()) {
                patches.put(task, ended.patch());
            }
            ExecutionResult result = new ExecutionResult(ended.exitCode() < 0 ? Optional.empty()
                    : Optional.of(ended.exitCode()), ended.succeeded(), ended.summary(), ended.filesChanged())
                    .withUsage(Wire.usage(ended));
            if (!result.usage().isEmpty()) {
                spent.merge(task, result.usage(), Usage::plus);
            }
            if (!ended.checkpoint().isEmpty()) {
                checkpoints.put(task, ended.checkpoint());
                pending.add(Wire.checkpoint(task, ended.checkpoint()));
            }
            step(out -> core.attemptEnded(task, result, now(), out));
        } else if (isCancel(failure) || (scope != null && scope.isCancelRequested())) {
            step(out -> core.attemptInterrupted(task, now(), out));
        } else {
            Throwable cause = failure instanceof ActivityFailure && failure.getCause() != null ? failure.getCause() : failure;
            String reason = cause instanceof ApplicationFailure application ? application.getOriginalMessage()
                    : cause.getMessage();
            step(out -> core.attemptEnded(task, ExecutionResult.failed("no worker could run the attempt ("
                    + DELIVERIES + " deliveries): " + reason), now(), out));
        }
    }

    private void integrate(int task) {
        String patch = patches.remove(task);
        if (patch == null) {
            step(out -> core.taskIntegrated(task, now(), out));
            return;
        }
        inFlight++;
        Holder<Promise<String>> problem = new Holder<>();
        Workflow.newDetachedCancellationScope(() -> problem.value = Async.function(submitter::integrate,
                new SubmitterActivities.Patch(task, plan.task(task).id(), patch))).run();
        problem.value.handle((answer, failure) -> {
            completions.add(() -> {
                inFlight--;
                String why = failure != null ? "the submitting side could not apply its patch: " + failure.getMessage()
                        : answer;
                if (why.isEmpty()) {
                    integrated.put(task, patch);
                    step(out -> core.taskIntegrated(task, now(), out));
                } else {
                    step(out -> core.integrationFailed(task, why, now(), out));
                }
            });
            return null;
        });
    }

    private void resolve(CoreCommand.ResolveFailure resolve) {
        inFlight++;
        Holder<Promise<SubmitterActivities.Resolution>> answer = new Holder<>();
        CancellationScope scope = Workflow.newCancellationScope(() -> answer.value = Async.function(submitter::resolve,
                new SubmitterActivities.Failure(resolve.taskId(), resolve.attempts(), resolve.failure())));
        scope.run();
        scopes.put(key(resolve.task(), 1), scope);
        answer.value.handle((resolution, failure) -> {
            completions.add(() -> {
                inFlight--;
                scopes.remove(key(resolve.task(), 1));
                if (failure == null) {
                    step(out -> core.failureResolved(resolve.task(), new FailureHandler.Resolution(
                            FailureHandler.Choice.valueOf(resolution.choice()), resolution.reason()), now(), out));
                } else {
                    step(out -> core.attemptInterrupted(resolve.task(), now(), out));
                }
            });
            return null;
        });
    }

    /** The checkpoints the prompt tasks among the task's direct dependencies wrote, by task id. */
    private TreeMap<String, String> dependencyCheckpoints(int task) {
        TreeMap<String, String> found = new TreeMap<>();
        for (int k = 0; k < plan.graph().dependencyCount(task); k++) {
            int dependency = plan.graph().dependency(task, k);
            String text = checkpoints.get(dependency);
            if (text != null) {
                found.put(plan.task(dependency).id(), text);
            }
        }
        return found;
    }

    /** The integrated patches of the task's dependencies, direct and indirect, in the order they were integrated. */
    private List<String> dependencyPatches(int task) {
        if (integrated.isEmpty()) {
            return List.of();
        }
        BitSet ancestors = new BitSet(plan.size());
        ArrayDeque<Integer> queue = new ArrayDeque<>(List.of(task));
        while (!queue.isEmpty()) {
            int next = queue.poll();
            for (int k = 0; k < plan.graph().dependencyCount(next); k++) {
                int dependency = plan.graph().dependency(next, k);
                if (!ancestors.get(dependency)) {
                    ancestors.set(dependency);
                    queue.add(dependency);
                }
            }
        }
        List<String> found = new ArrayList<>();
        integrated.forEach((done, patch) -> {
            if (ancestors.get(done)) {
                found.add(patch);
            }
        });
        return found;
    }

    /** Sends the next batch of events when none is in flight; with {@code all}, waits until every event is sent. */
    private void flush(boolean all) {
        do {
            if (!recording && !pending.isEmpty()) {
                List<String> batch = new ArrayList<>(pending.subList(0, Math.min(BATCH, pending.size())));
                pending.subList(0, batch.size()).clear();
                recording = true;
                SubmitterActivities.Batch sent = new SubmitterActivities.Batch(sequence++, batch);
                Holder<Promise<Boolean>> recorded = new Holder<>();
                Workflow.newDetachedCancellationScope(() -> recorded.value = Async.function(submitter::record, sent)).run();
                recorded.value.handle((ok, failure) -> {
                    recording = false;
                    if (failure != null || !ok) {
                        completions.add(() -> step(out -> core.abort("the journal could not be written on the "
                                + "submitting side", now(), out)));
                    }
                    return null;
                });
            }
            if (all) {
                Workflow.await(() -> !recording);
                while (!completions.isEmpty()) {
                    completions.poll().run();
                }
            }
        } while (all && (!pending.isEmpty() || recording));
    }

    /** The run's budget and caps; a prompt task's provider is its agent: its own, else the run's. */
    private RunLimits limits() {
        if (input.limits() == null) {
            return RunLimits.none();
        }
        String runAgent = input.agent() == null ? "claude" : input.agent();
        return input.limits().toRunLimits(task -> task.action() instanceof Action.Agent agent
                ? Optional.of(AgentCli.named(agent.agent().orElse(runAgent)).name()) : Optional.empty());
    }

    private void restoreSpent() {
        RunWorkflow.Spent carried = input.spent();
        if (carried == null) {
            return;
        }
        for (int task = 0; task < carried.inputTokens().length; task++) {
            Usage used = new Usage(carried.inputTokens()[task], carried.outputTokens()[task],
                    carried.costUsd()[task] < 0 ? Optional.empty() : Optional.of(carried.costUsd()[task]));
            if (!used.isEmpty()) {
                spent.put(task, used);
            }
        }
    }

    private RunWorkflow.Spent spentByTask() {
        long[] in = new long[plan.size()];
        long[] out = new long[plan.size()];
        double[] cost = new double[plan.size()];
        java.util.Arrays.fill(cost, -1);
        spent.forEach((task, used) -> {
            in[task] = used.inputTokens();
            out[task] = used.outputTokens();
            cost[task] = used.costUsd().orElse(-1.0);
        });
        return new RunWorkflow.Spent(in, out, cost);
    }

    /** Per task: S succeeded, F failed, . not ended. */
    private String doneStates() {
        char[] states = new char[plan.size()];
        for (int task = 0; task < states.length; task++) {
            TaskState state = core.ended(task).orElse(TaskState.PENDING);
            states[task] = state == TaskState.SUCCEEDED ? 'S' : state == TaskState.FAILED ? 'F' : '.';
        }
        return new String(states);
    }

    private int[] used() {
        int[] used = new int[plan.size()];
        retriesUsed.forEach((task, count) -> used[task] = count);
        return used;
    }

    private static boolean isCancel(RuntimeException failure) {
        return failure instanceof CanceledFailure
                || (failure instanceof ActivityFailure && failure.getCause() instanceof CanceledFailure);
    }

    private static int key(int task, int kind) {
        return task * 3 + kind;
    }

    private static long now() {
        return Workflow.currentTimeMillis();
    }

    /** Holds what a cancellation scope's body made. */
    private static final class Holder<T> {
        T value;
    }
}
