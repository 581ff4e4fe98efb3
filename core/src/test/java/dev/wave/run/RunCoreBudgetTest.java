package dev.wave.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.plan.Action;
import dev.wave.plan.Plan;
import dev.wave.plan.Task;
import dev.wave.schedule.Mode;
import dev.wave.schedule.PriorityOrder;
import dev.wave.schedule.TaskState;
import dev.wave.schedule.Waves;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Budgets, caps and rate-limit pauses in the run core, driven with fake events on a virtual clock. */
final class RunCoreBudgetTest {
    private static final ExecutionResult OK = ExecutionResult.exited(0, "ok");

    private long now = 1_000_000;

    static Task agent(String id, String... dependsOn) {
        return new Task(id, id, new Action.Agent("do " + id), List.of(dependsOn), Optional.empty(), Optional.empty(), false,
                Optional.empty(), 0, Map.of());
    }

    static RunCore core(Plan plan, int agents, RunLimits limits) {
        return new RunCore(plan, Waves.of(plan.graph()), Mode.FLOW, agents, false, Duration.ofSeconds(1),
                FailureThresholds.off(), new SplittableRandom(7), inPlanOrder(plan), limits);
    }

    /** Ready tasks start in plan order, so that the tests read in order. */
    static PriorityOrder inPlanOrder(Plan plan) {
        long[] keys = new long[plan.size()];
        for (int task = 0; task < keys.length; task++) {
            keys[task] = task;
        }
        return PriorityOrder.of("plan order", keys);
    }

    static List<String> started(Outbox out) {
        return out.commands().stream().filter(CoreCommand.StartAttempt.class::isInstance)
                .map(command -> ((CoreCommand.StartAttempt) command).start().id()).toList();
    }

    private static ExecutionResult spent(double dollars, long tokens) {
        return OK.withUsage(Usage.of(tokens / 2, tokens - tokens / 2, dollars));
    }

    @Test
    void budgetReached_skipsAgentTasksNotStarted_letsRunningOnesFinish_andShellTasksGoOn() {
        Plan plan = Plan.of("test", List.of(agent("a"), agent("b"), agent("c"), Task.shell("sh", "x", List.of()),
                agent("after-c", "c")));
        RunCore core = core(plan, 2, RunLimits.none().withBudgetUsd(1.00));
        Outbox out = new Outbox();
        core.start(now, out);
        assertThat(started(out)).containsExactly("a", "b");

        out.clear();
        core.attemptEnded(0, spent(0.70, 1000), now += 10, out);
        core.taskIntegrated(0, now, out);
        assertThat(started(out)).containsExactly("c");
        out.clear();
        core.attemptEnded(1, spent(0.40, 1000), now += 10, out);

        assertThat(core.budgetReached()).contains("budget reached: $1.1000 of $1.0000");
        assertThat(out.events()).anyMatch(event -> event instanceof RunEvent.BudgetReached);
        core.taskIntegrated(1, now, out);
        assertThat(started(out)).as("only the shell task starts").containsExactly("sh");
        core.attemptEnded(2, spent(0.10, 10), now += 10, out); // c was running: it finishes
        core.taskIntegrated(2, now, out);
        core.attemptEnded(3, OK, now += 10, out);
        core.taskIntegrated(3, now, out);

        assertThat(core.isFinished()).isTrue();
        assertThat(core.records()).extracting(TaskRecord::state).containsExactly(TaskState.SUCCEEDED,
                TaskState.SUCCEEDED, TaskState.SUCCEEDED, TaskState.SUCCEEDED, TaskState.SKIPPED);
        assertThat(core.records().get(4).summary()).isEqualTo("not started: budget reached: $1.1000 of $1.0000");
        assertThat(core.status()).as("an incomplete run").isEqualTo(RunStatus.FAILED);
        assertThat(core.spent().dollars()).isCloseTo(1.2, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(core.records().get(0).usage()).isEqualTo(Usage.of(500, 500, 0.70));
    }

    @Test
    void tokenBudget_skipsTheDependentsOfAgentTasksItStops() {
        Plan plan = Plan.of("test", List.of(agent("a"), agent("b"), Task.shell("after-b", "x", List.of("b"))));
        RunCore core = core(plan, 1, RunLimits.none().withBudgetTokens(100));
        Outbox out = new Outbox();
        core.start(now, out);
        core.attemptEnded(0, OK.withUsage(Usage.tokens(80, 20)), now += 10, out);
        core.taskIntegrated(0, now, out);

        assertThat(core.isFinished()).isTrue();
        assertThat(core.records().get(1).summary()).isEqualTo("not started: budget reached: 100 of 100 tokens");
        assertThat(core.records().get(2).state()).isEqualTo(TaskState.SKIPPED);
        assertThat(core.records().get(2).summary()).contains("which was not started: budget reached");
    }

    @Test
    void budgetReached_whileATaskWaitsForItsRetry_skipsItInsteadOfRetrying() {
        Plan plan = Plan.of("test", List.of(agent("a").withRetries(2), agent("b")));
        RunCore core = core(plan, 2, RunLimits.none().withBudgetUsd(0.50));
        Outbox out = new Outbox();
        core.start(now, out);
        core.attemptEnded(0, ExecutionResult.failed("flaky").withUsage(Usage.of(1, 1, 0.10)), now += 10, out);
        assertThat(out.commands()).anyMatch(CoreCommand.ScheduleRetry.class::isInstance);
        out.clear();
        core.attemptEnded(1, spent(0.60, 10), now += 10, out);
        core.taskIntegrated(1, now, out);
        core.retryDue(0, now += 1000, out);

        assertThat(started(out)).isEmpty();
        assertThat(core.isFinished()).isTrue();
        assertThat(core.records().get(0).state()).isEqualTo(TaskState.SKIPPED);
        assertThat(core.records().get(0).summary()).startsWith("not retried: budget reached: $0.7000 of $0.5000");
        assertThat(core.records().get(0).usage().dollars()).isEqualTo(0.10);
    }

    @Test
    void capPerKind_limitsAgentTasks_whileOtherKindsUseTheFreeAgents() {
        Plan plan = Plan.of("test", List.of(agent("p1"), agent("p2"), agent("p3"), Task.shell("s1", "x", List.of()),
                Task.shell("s2", "x", List.of())));
        RunCore core = core(plan, 4, RunLimits.none().withCap("prompt", 2));
        Outbox out = new Outbox();
        core.start(now, out);
        assertThat(started(out)).containsExactly("p1", "p2", "s1", "s2");

        out.clear();
        core.attemptEnded(3, OK, now += 10, out);
        core.taskIntegrated(3, now, out);
        assertThat(started(out)).as("p3 waits for a prompt slot, not for an agent").isEmpty();
        core.attemptEnded(0, OK, now += 10, out);
        core.taskIntegrated(0, now, out);
        assertThat(started(out)).containsExactly("p3");
    }

    @Test
    void capPerProvider_limitsThatProviderOnly() {
        Plan plan = Plan.of("test", List.of(agent("c1"), agent("c2"), agent("x1"), agent("x2")));
        RunLimits limits = RunLimits.none().withCap("claude", 1)
                .withProvider(task -> Optional.of(task.id().startsWith("c") ? "claude" : "codex"));
        RunCore core = core(plan, 4, limits);
        Outbox out = new Outbox();
        core.start(now, out);
        assertThat(started(out)).containsExactly("c1", "x1", "x2");
        out.clear();
        core.attemptEnded(0, OK, now += 10, out);
        core.taskIntegrated(0, now, out);
        assertThat(started(out)).containsExactly("c2");
    }

    @Test
    void rateLimitedAttempt_pausesItsProvider_forTheBackoff_thenResumes() {
        Plan plan = Plan.of("test", List.of(agent("a").withRetries(1), agent("b"), agent("c"), Task.shell("s", "x",
                List.of())));
        RunCore core = core(plan, 1, RunLimits.none().withRateLimitBackoff(Duration.ofSeconds(10)));
        Outbox out = new Outbox();
        core.start(now, out);
        assertThat(started(out)).containsExactly("a");

        out.clear();
        core.attemptEnded(0, ExecutionResult.failed("429 rate_limit_error").withRateLimited(true), now += 10, out);
        assertThat(out.commands()).contains(new CoreCommand.ScheduleResume("agent", Duration.ofSeconds(10)));
        assertThat(started(out)).as("agent tasks wait; the shell task runs").containsExactly("s");
        out.clear();
        core.attemptEnded(3, OK, now += 10, out);
        core.taskIntegrated(3, now, out);
        core.retryDue(0, now += 2000, out);
        assertThat(started(out)).as("still paused").isEmpty();

        core.providerResumed("agent", now += 8000, out);
        assertThat(started(out)).hasSize(1);
    }

    @Test
    void rateLimitsInARow_doubleThePause() {
        Plan plan = Plan.of("test", List.of(agent("a").withRetries(3)));
        RunCore core = core(plan, 1, RunLimits.none().withRateLimitBackoff(Duration.ofSeconds(10)));
        Outbox out = new Outbox();
        core.start(now, out);
        List<Duration> pauses = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            out.clear();
            core.attemptEnded(0, ExecutionResult.failed("HTTP 429").withRateLimited(true), now += 10, out);
            out.commands().stream().filter(CoreCommand.ScheduleResume.class::isInstance)
                    .forEach(command -> pauses.add(((CoreCommand.ScheduleResume) command).delay()));
            core.providerResumed("agent", now += 100_000, out);
            core.retryDue(0, now, out);
        }
        assertThat(pauses).containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(40));
    }

    @Test
    void usageReportedWhileRunning_closesTheBudgetBeforeTheAttemptEnds_andItsEndReplacesIt() {
        Plan plan = Plan.of("test", List.of(agent("a"), agent("b"), agent("c")));
        RunCore core = core(plan, 2, RunLimits.none().withBudgetUsd(1.00));
        Outbox out = new Outbox();
        core.start(now, out);
        core.usageReported(0, Usage.of(10, 10, 0.40), now += 10, out);
        core.usageReported(0, Usage.of(20, 20, 0.60), now += 10, out);
        assertThat(core.budgetReached()).isEmpty();
        out.clear();
        core.usageReported(1, Usage.of(5, 5, 0.45), now += 10, out);

        assertThat(core.budgetReached()).contains("budget reached: $1.0500 of $1.0000");
        assertThat(out.events()).anyMatch(event -> event instanceof RunEvent.TaskEnded ended
                && ended.record().id().equals("c") && ended.record().state() == TaskState.SKIPPED);
        core.attemptEnded(0, spent(0.70, 100), now += 10, out);
        core.taskIntegrated(0, now, out);
        core.attemptEnded(1, spent(0.50, 100), now += 10, out);
        core.taskIntegrated(1, now, out);
        core.usageReported(1, Usage.of(1, 1, 9.0), now, out); // late: ignored

        assertThat(core.isFinished()).isTrue();
        assertThat(core.spent().dollars()).isCloseTo(1.20, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(core.records().get(2).summary()).isEqualTo("not started: budget reached: $1.0500 of $1.0000");
    }

    @Test
    void resumedRun_countsWhatEarlierSessionsSpent() {
        Plan plan = Plan.of("test", List.of(agent("a"), agent("b")));
        RunCore core = core(plan, 1, RunLimits.none().withBudgetUsd(1.00));
        core.restore(new TaskRecord(0, "a", 1, Optional.of("I1"), TaskState.SUCCEEDED, Optional.of(java.time.Instant.EPOCH),
                Optional.of(java.time.Instant.EPOCH), 0, Optional.of(0), 1, "ok", List.of(), Usage.of(1, 1, 1.25)));
        Outbox out = new Outbox();
        core.start(now, out);

        assertThat(started(out)).isEmpty();
        assertThat(core.isFinished()).isTrue();
        assertThat(core.records().get(1).summary()).isEqualTo("not started: budget reached: $1.2500 of $1.0000");
    }

    @Test
    void resumedRun_countsWhatAKilledAttemptSpent_inTheBudgetAndInTheTasksNextRecord() {
        Plan plan = Plan.of("test", List.of(agent("a"), agent("b")));
        RunCore core = core(plan, 1, RunLimits.none().withBudgetUsd(1.00));
        core.spentEarlier(0, Usage.of(100, 10, 0.60)); // a's attempt killed with the first process
        Outbox out = new Outbox();
        core.start(now, out);
        assertThat(started(out)).containsExactly("a");
        assertThat(core.spent()).isEqualTo(Usage.of(100, 10, 0.60));

        out.clear();
        core.attemptEnded(0, spent(0.50, 20), now += 10, out);
        core.taskIntegrated(0, now, out);

        assertThat(core.records().get(0).usage()).as("the task's usage over every session")
                .isEqualTo(Usage.of(110, 20, 1.10));
        assertThat(core.budgetReached()).contains("budget reached: $1.1000 of $1.0000");
        assertThat(started(out)).isEmpty();
        assertThat(core.records().get(1).summary()).isEqualTo("not started: budget reached: $1.1000 of $1.0000");
    }

    @Test
    void resumedRun_countsWhatEarlierFixWavesSpent_inTheBudgetOnly() {
        Plan plan = Plan.of("test", List.of(agent("a")));
        RunCore core = core(plan, 1, RunLimits.none().withBudgetTokens(1_000));
        core.spentEarlier(-1, Usage.tokens(1_200, 0)); // a fix wave's steps in the first process
        Outbox out = new Outbox();
        core.start(now, out);

        assertThat(started(out)).isEmpty();
        assertThat(core.records().get(0).summary()).isEqualTo("not started: budget reached: 1,200 of 1,000 tokens");
        assertThat(core.records().get(0).usage()).isEqualTo(Usage.NONE);
    }
}
