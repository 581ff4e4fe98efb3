package dev.wave.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.plan.Plan;
import dev.wave.plan.Task;
import dev.wave.schedule.Mode;
import dev.wave.schedule.PriorityOrder;
import dev.wave.schedule.TaskState;
import dev.wave.schedule.Waves;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The run core on a virtual clock: events in, commands out, no threads and no sleeping. */
final class RunCoreTest {
    private static final ExecutionResult OK = ExecutionResult.exited(0, "ok");
    private static final ExecutionResult FAIL = ExecutionResult.exited(1, "boom");

    private long now = 1_000_000;

    private static RunCore core(Plan plan, int agents, boolean failFast, long seed) {
        return new RunCore(plan, Waves.of(plan.graph()), Mode.FLOW, agents, failFast, Duration.ofSeconds(1),
                FailureThresholds.off(), new SplittableRandom(seed));
    }

    private static List<String> started(Outbox out) {
        return out.commands().stream().filter(CoreCommand.StartAttempt.class::isInstance)
                .map(command -> ((CoreCommand.StartAttempt) command).start().id()).toList();
    }

    @Test
    void failedAttempt_withRetriesLeft_schedulesATimerAndTheAgentServesOtherWork() {
        Plan plan = Plan.of("test", List.of(Task.shell("a", "x", List.of()).withRetries(1), Task.shell("b", "x", List.of())));
        RunCore core = core(plan, 1, false, 42);
        Outbox out = new Outbox();
        core.start(now, out);
        assertThat(started(out)).containsExactly("a");

        out.clear();
        core.attemptEnded(0, FAIL, now += 100, out);

        CoreCommand.ScheduleRetry retry = (CoreCommand.ScheduleRetry) out.commands().get(0);
        assertThat(retry.task()).isZero();
        assertThat(retry.delay()).isBetween(Duration.ofMillis(500), Duration.ofMillis(1500));
        assertThat(started(out)).containsExactly("b");

        out.clear();
        core.retryDue(0, now += retry.delay().toMillis(), out);
        assertThat(started(out)).as("the one agent is busy with b").isEmpty();
        core.attemptEnded(1, OK, now += 10, out);
        core.taskIntegrated(1, now, out);
        assertThat(started(out)).containsExactly("a");
        core.attemptEnded(0, OK, now += 10, out);
        core.taskIntegrated(0, now, out);

        assertThat(core.isFinished()).isTrue();
        assertThat(core.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(core.records().get(0).attempts()).isEqualTo(2);
        assertThat(core.records().get(0).durationMillis()).isEqualTo(now - 1_000_000);
        assertThat(core.records().get(0).attemptSpans()).as("its attempts, without the wait for its retry").containsExactly(
                new TaskRecord.Span(Instant.ofEpochMilli(1_000_000), Instant.ofEpochMilli(1_000_100)),
                new TaskRecord.Span(Instant.ofEpochMilli(now - 10), Instant.ofEpochMilli(now)));
        assertThat(core.records().get(1).attemptSpans()).as("b ran once: its one span is its start to its end").isEmpty();
    }

    @Test
    void readyTasks_startInTheGivenOrder_insteadOfLongestPathFirst() {
        Plan plan = Plan.of("test", List.of(Task.shell("short", "x", List.of()).withEstimate(Duration.ofSeconds(1)),
                Task.shell("long", "x", List.of()).withEstimate(Duration.ofSeconds(10))));
        Outbox byDefault = new Outbox();
        core(plan, 1, false, 1).start(now, byDefault);
        RunCore ordered = new RunCore(plan, Waves.of(plan.graph()), Mode.FLOW, 1, false, Duration.ofSeconds(1),
                FailureThresholds.off(), new SplittableRandom(1), PriorityOrder.of("short first", new long[] {0, 1}));
        Outbox chosen = new Outbox();
        ordered.start(now, chosen);

        assertThat(started(byDefault)).containsExactly("long");
        assertThat(started(chosen)).containsExactly("short");
    }

    @Test
    void sameSeedAndEvents_giveTheSameRetryDelay() {
        Plan plan = Plan.of("test", List.of(Task.shell("a", "x", List.of()).withRetries(3)));
        Duration first = firstRetry(core(plan, 1, false, 7));
        Duration second = firstRetry(core(plan, 1, false, 7));

        assertThat(first).isEqualTo(second);
    }

    private Duration firstRetry(RunCore core) {
        Outbox out = new Outbox();
        core.start(0, out);
        out.clear();
        core.attemptEnded(0, FAIL, 5, out);
        return ((CoreCommand.ScheduleRetry) out.commands().get(0)).delay();
    }

    @Test
    void success_isIntegratedBeforeItsDependentsAreReleased() {
        Plan plan = Plan.of("test", List.of(Task.shell("a", "x", List.of()), Task.shell("b", "x", List.of("a"))));
        RunCore core = core(plan, 2, false, 1);
        Outbox out = new Outbox();
        core.start(now, out);
        out.clear();

        core.attemptEnded(0, OK, now += 5, out);
        assertThat(out.commands()).containsExactly(new CoreCommand.Integrate(0));
        assertThat(started(out)).isEmpty();

        out.clear();
        core.taskIntegrated(0, now += 5, out);
        assertThat(started(out)).containsExactly("b");
        assertThat(out.events()).anyMatch(event -> event instanceof RunEvent.TaskEnded ended
                && ended.record().id().equals("a") && ended.record().state() == TaskState.SUCCEEDED);
    }

    @Test
    void cancel_abortsRunningAttempts_cancelsPendingTasks_andEndsInterrupted() {
        Plan plan = Plan.of("test", List.of(Task.shell("a", "x", List.of()), Task.shell("b", "x", List.of("a")),
                Task.shell("c", "x", List.of())));
        RunCore core = core(plan, 1, false, 1);
        Outbox out = new Outbox();
        core.start(now, out);
        out.clear();

        core.cancelRequested(now += 3, out);
        assertThat(out.commands()).hasSize(1).first().isInstanceOf(CoreCommand.Abort.class);
        assertThat(core.isFinished()).isFalse();

        core.attemptInterrupted(0, now += 3, out);
        assertThat(core.isFinished()).isTrue();
        assertThat(core.status()).isEqualTo(RunStatus.INTERRUPTED);
        assertThat(core.records()).extracting(TaskRecord::state).containsOnly(TaskState.CANCELLED);
    }

    @Test
    void anAttemptThatFailsAfterTheCancel_isCancelled_notFailed_soAResumeRunsItAgain() {
        // Ctrl-C from a script (timeout -s INT, a CI job's cancel) reaches the task's process group as well:
        // the task dies of the same signal (exit 130) and ends after the cancel, not interrupted by wave.
        Plan plan = Plan.of("test", List.of(Task.shell("a", "x", List.of()), Task.shell("b", "x", List.of("a"))));
        RunCore core = core(plan, 1, false, 1);
        Outbox out = new Outbox();
        core.start(now, out);
        out.clear();

        core.cancelRequested(now += 3, out);
        core.attemptEnded(0, ExecutionResult.exited(130, "interrupted"), now += 3, out);

        assertThat(core.isFinished()).isTrue();
        assertThat(core.status()).isEqualTo(RunStatus.INTERRUPTED);
        assertThat(core.records()).extracting(TaskRecord::state).containsOnly(TaskState.CANCELLED);
        assertThat(core.records().get(0).summary()).contains("cancelled while running").contains("exit 130");
    }

    @Test
    void failFast_abortsAtTheFirstTaskThatFailsForGood() {
        Plan plan = Plan.of("test", List.of(Task.shell("a", "x", List.of()), Task.shell("b", "x", List.of())));
        RunCore core = core(plan, 2, true, 1);
        Outbox out = new Outbox();
        core.start(now, out);
        out.clear();

        core.attemptEnded(0, FAIL, now += 1, out);

        assertThat(out.commands()).anyMatch(CoreCommand.Abort.class::isInstance);
        core.attemptInterrupted(1, now += 1, out);
        assertThat(core.status()).isEqualTo(RunStatus.FAILED);
        assertThat(core.decisions()).extracting(FailureDecision::action).containsExactly(FailureDecision.Action.ABORT);
    }

    @Test
    void failureHandler_isAsked_andNothingNewStartsUntilItAnswers() {
        Plan plan = Plan.of("test", List.of(Task.shell("a", "x", List.of()), Task.shell("b", "x", List.of()),
                Task.shell("c", "x", List.of())));
        RunCore core = core(plan, 2, false, 1);
        Outbox out = new Outbox();
        core.start(now, out);
        out.clear();

        core.attemptEnded(0, FAIL, now += 1, out);
        assertThat(out.commands()).containsExactly(new CoreCommand.ResolveFailure(0, "a", 1, "boom"));
        out.clear();
        core.attemptEnded(1, OK, now += 1, out);
        core.taskIntegrated(1, now, out);
        assertThat(started(out)).as("c waits while the handler decides").isEmpty();

        core.failureResolved(0, new FailureHandler.Resolution(FailureHandler.Choice.SKIP, "skip"), now += 1, out);
        assertThat(started(out)).containsExactly("c");
    }

    @Test
    void restoredTasks_neverStartAgain_andReleaseTheirDependents() {
        Plan plan = Plan.of("test", List.of(Task.shell("a", "x", List.of()), Task.shell("b", "x", List.of("a"))));
        RunCore core = core(plan, 2, false, 1);
        core.restore(new TaskRecord(0, "a", 1, Optional.of("I1"), TaskState.SUCCEEDED, Optional.of(Instant.EPOCH),
                Optional.of(Instant.EPOCH.plusSeconds(2)), 2000, Optional.of(0), 1, "done", List.of()));
        Outbox out = new Outbox();

        core.start(now, out);

        assertThat(started(out)).containsExactly("b");
        core.attemptEnded(1, OK, now += 1, out);
        core.taskIntegrated(1, now, out);
        assertThat(core.records()).extracting(TaskRecord::state).containsOnly(TaskState.SUCCEEDED);
        assertThat(core.records().get(0).durationMillis()).isEqualTo(2000);
    }
}
