package dev.wave.run;

import static java.util.Objects.requireNonNull;

import dev.wave.plan.Action;
import dev.wave.plan.Task;
import dev.wave.schedule.TaskState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The steps of the inserted waves (SPEC F17), one after the other on the agent slot of what they fix:
 * analyse, fix (integrated as any agent's work), re-check; then the next wave while rounds are left,
 * or the parent has failed for good. Also the run's check after the tasks, a step with no wave. The
 * {@link Host} (the {@link RunCore}) owns the parents: a plan task, or the run ({@link FixWaves#RUN}).
 * Emits the inserted tasks' events and start commands to the {@link Outbox}; no I/O, no clock.
 * Not thread-safe: the core's caller serialises calls.
 */
final class FixWaveSteps {
    /** What the steps need from the core about their parent, and what they tell it. */
    interface Host {
        boolean stopped();

        Optional<String> budgetReached();

        /** The provider (dispatcher group) whose pause and budget an agent step of {@code parent} counts under; -1: none. */
        int providerOf(int parent, Task step);

        boolean isPaused(int provider);

        void spend(int index, String taskId, ExecutionResult result, int provider, long now, Outbox out);

        /** The wave a parent's steps are numbered after and recorded in. */
        int waveOf(int parent);

        /** The agent slot a parent's steps run on. */
        String instanceOf(int parent);

        int running();

        Task parentTask(int parent);

        /** The check passed after {@code step}: its parent succeeds. */
        void fixed(FixWaves.Step step, long now, Outbox out);

        /** No fix wave fixed it (or none could run): its parent failed for good; {@code why} is the last check's output. */
        void notFixed(FixWaves.Step step, String why, long now, Outbox out);

        /** The run stopped during the parent's waves: it ends cancelled. */
        void cancelled(int parent, ExecutionResult why, long now, Outbox out);
    }

    private final FixWaves fixes;
    private final Host host;
    private final List<FixWaves.Step> deferred = new ArrayList<>(); // agent steps waiting for their provider's pause

    FixWaveSteps(FixWaves fixes, Host host) {
        this.fixes = requireNonNull(fixes, "fixes is null");
        this.host = requireNonNull(host, "host is null");
    }

    FixWaves fixes() {
        return fixes;
    }

    /** Inserts the next fix wave of {@code parent} and starts its analysis. */
    void insert(int parent, String parentId, String output, FixWave.Cause cause, long now, Outbox out) {
        FixWaves.Step analyse = fixes.begin(parent, parentId, host.parentTask(parent), host.waveOf(parent), output, cause);
        out.event(new RunEvent.FixWaveInserted(parentId, analyse.wave, analyse.round, output));
        start(analyse, now, out);
    }

    /** Whether the step at {@code index} is running (not ended, its parent's waves not over). */
    boolean isRunning(int index) {
        FixWaves.Step step = fixes.step(index);
        return step.ended.isEmpty() && step.attempts > 0;
    }

    /** Starts a step, or ends its wave when the run stopped, the budget is spent or its provider is paused. */
    void start(FixWaves.Step step, long now, Outbox out) {
        if (host.stopped()) {
            host.cancelled(step.parent, ExecutionResult.failed("cancelled during fix wave " + step.wave + " before "
                    + step.task.id() + " started"), now, out);
            return;
        }
        boolean agent = step.task.action() instanceof Action.Agent;
        if (agent && host.budgetReached().isPresent()) {
            waveFailed(step, "not started: " + host.budgetReached().get(), false, now, out);
            return;
        }
        if (agent && host.isPaused(host.providerOf(step.parent, step.task))) {
            deferred.add(step);
            return;
        }
        if (step.attempts == 0) {
            step.startedAt = now;
        }
        step.attempts++;
        TaskStart start = new TaskStart(step.index, step.task.id(), host.waveOf(step.parent), host.instanceOf(step.parent),
                Instant.ofEpochMilli(now), host.running());
        if (step.kind != FixWave.Step.CHECK) { // the check after the tasks is no inserted wave's task
            out.event(new RunEvent.InsertedTaskStarted(start, step.wave, step.attempts));
        }
        out.command(new CoreCommand.StartAttempt(start, step.attempts));
    }

    void attemptEnded(int index, ExecutionResult result, long now, Outbox out) {
        FixWaves.Step step = fixes.step(index);
        step.result = Optional.of(result);
        step.usage = step.usage.plus(result.usage());
        if (out.wantsEvents() && step.kind != FixWave.Step.CHECK) {
            out.event(new RunEvent.AttemptEnded(step.index, step.task.id(), step.attempts, result, Instant.ofEpochMilli(now)));
        }
        host.spend(step.index, step.task.id(), result, step.task.action() instanceof Action.Agent
                ? host.providerOf(step.parent, step.task) : -1, now, out);
        switch (step.kind) {
            case ANALYSE -> {
                end(step, result.succeeded() ? TaskState.SUCCEEDED : TaskState.FAILED, result, now, out);
                String analysis = result.succeeded() ? result.summary() : "none: the analysis failed (" + result.summary() + ")";
                start(fixes.fix(step, host.parentTask(step.parent), analysis), now, out);
            }
            case FIX -> {
                if (result.succeeded()) {
                    out.command(new CoreCommand.Integrate(step.index));
                } else {
                    end(step, TaskState.FAILED, result, now, out);
                    waveFailed(step, result.failedCheck().orElse(result.summary()), true, now, out);
                }
            }
            case RECHECK -> {
                end(step, result.succeeded() ? TaskState.SUCCEEDED : TaskState.FAILED, result, now, out);
                if (result.succeeded()) {
                    host.fixed(step, now, out);
                } else {
                    waveFailed(step, result.failedCheck().orElse(result.summary()), true, now, out);
                }
            }
            case CHECK -> {
                end(step, result.succeeded() ? TaskState.SUCCEEDED : TaskState.FAILED, result, now, out);
                String output = result.failedCheck().orElse(result.summary());
                if (result.succeeded()) {
                    host.fixed(step, now, out);
                } else if (host.stopped()) {
                    host.cancelled(step.parent, result, now, out);
                } else if (fixes.canFix(step.parent, step.task) && host.budgetReached().isEmpty()) {
                    insert(step.parent, step.parentId, output, step.cause, now, out);
                } else {
                    host.notFixed(step, output, now, out);
                }
            }
        }
    }

    /** The fix was integrated: the check runs again, or with no check to run here the fix stands. */
    void integrated(int index, long now, Outbox out) {
        FixWaves.Step step = fixes.step(index);
        ExecutionResult ran = step.result.orElseThrow();
        end(step, TaskState.SUCCEEDED, step.cause == FixWave.Cause.CHECK_AFTER_MERGE ? new ExecutionResult(
                ran.exitCode(), true, ran.summary() + "; merged, and the run's check after its merge found no new failures",
                ran.filesChanged(), ran.usage(), false, Optional.empty()) : ran, now, out);
        Optional<FixWaves.Step> recheck = fixes.recheck(step, host.parentTask(step.parent));
        if (recheck.isPresent()) {
            start(recheck.get(), now, out);
        } else {
            host.fixed(step, now, out);
        }
    }

    /** The fix could not be integrated, or the check after its merge failed: the wave did not fix it. */
    void integrationFailed(int index, String reason, Optional<String> failedCheck, long now, Outbox out) {
        FixWaves.Step step = fixes.step(index);
        ExecutionResult ran = step.result.orElseThrow();
        end(step, TaskState.FAILED, new ExecutionResult(ran.exitCode(), false, "integration failed: " + reason,
                ran.filesChanged(), ran.usage(), false, Optional.empty()), now, out);
        waveFailed(step, failedCheck.orElse("the fix could not be integrated: " + reason), true, now, out);
    }

    /** A step was stopped by a cancel: it and its parent end cancelled. */
    void interrupted(int index, long now, Outbox out) {
        FixWaves.Step step = fixes.step(index);
        end(step, TaskState.CANCELLED, ExecutionResult.failed("cancelled while running; its processes were killed"), now,
                out);
        host.cancelled(step.parent, ExecutionResult.failed(step.kind == FixWave.Step.CHECK
                ? "cancelled while the run's check after the tasks ran"
                : "cancelled during fix wave " + step.wave + " while " + step.task.id() + " ran"), now, out);
    }

    /** A provider's pause ended: the steps that waited for it start. */
    void providerResumed(long now, Outbox out) {
        List<FixWaves.Step> waiting = new ArrayList<>(deferred);
        deferred.clear();
        for (FixWaves.Step step : waiting) {
            start(step, now, out);
        }
    }

    /** The run stopped: the steps that waited for a provider's pause never start, and their parents end cancelled. */
    void stopped(String reason, long now, Outbox out) {
        List<FixWaves.Step> waiting = new ArrayList<>(deferred);
        deferred.clear();
        for (FixWaves.Step step : waiting) {
            host.cancelled(step.parent, ExecutionResult.failed("cancelled during fix wave " + step.wave + " before "
                    + step.task.id() + " started: " + reason), now, out);
        }
    }

    /**
     * A fix wave did not fix its parent: the next one follows while it has fix waves left (and
     * {@code more} allows), else it has failed for good.
     */
    private void waveFailed(FixWaves.Step step, String output, boolean more, long now, Outbox out) {
        if (host.stopped()) {
            host.cancelled(step.parent, ExecutionResult.failed("cancelled during fix wave " + step.wave), now, out);
            return;
        }
        if (more && fixes.hasRoundsLeft(step.parent) && host.budgetReached().isEmpty()) {
            insert(step.parent, step.parentId, output, step.cause, now, out);
            return;
        }
        host.notFixed(step, output, now, out);
    }

    private void end(FixWaves.Step step, TaskState state, ExecutionResult result, long now, Outbox out) {
        InsertedTask ended = fixes.end(step, state, result, host.waveOf(step.parent), host.instanceOf(step.parent), now);
        if (step.kind != FixWave.Step.CHECK) {
            out.event(new RunEvent.InsertedTaskEnded(ended));
        }
    }

    /** The result of a plan task its fix wave fixed, after {@code failed}, the result that called for the wave. */
    static ExecutionResult fixed(FixWaves.Step step, ExecutionResult failed) {
        return new ExecutionResult(failed.exitCode(), true, "fixed by fix wave " + step.wave + " after " + checkOf(step)
                + " failed (" + failed.summary() + ")", failed.filesChanged(), failed.usage(), false, Optional.empty());
    }

    /** The result of a plan task no fix wave fixed: {@code rounds} of them, the last check saying {@code why}. */
    static ExecutionResult notFixed(FixWaves.Step step, int rounds, String why, ExecutionResult first) {
        return new ExecutionResult(first.exitCode(), false, checkOf(step) + " failed and " + rounds
                + (rounds == 1 ? " fix wave" : " fix waves") + " did not fix it (" + step.wave + ": " + firstLine(why)
                + "); first failure: " + first.summary(), first.filesChanged(), first.usage(), false, first.failedCheck());
    }

    private static String checkOf(FixWaves.Step step) {
        return step.cause == FixWave.Cause.CHECK_AFTER_MERGE ? "the run's check after its merge" : "its check";
    }

    static String firstLine(String text) {
        String line = text.strip().lines().findFirst().orElse("");
        return line.length() <= 200 ? line : line.substring(0, 197) + "...";
    }
}
