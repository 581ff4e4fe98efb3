package dev.wave.run;

import static dev.wave.run.RunCoreBudgetTest.agent;
import static dev.wave.run.RunCoreBudgetTest.core;
import static dev.wave.run.RunCoreBudgetTest.started;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.plan.Action;
import dev.wave.plan.Plan;
import dev.wave.plan.Task;
import dev.wave.schedule.TaskState;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Fix waves (SPEC F17) in the run core: a failed check inserts analyse, fix and re-check tasks. */
final class RunCoreFixWaveTest {
    private static final ExecutionResult OK = ExecutionResult.exited(0, "ok");
    private static final ExecutionResult CHECK_FAILED = ExecutionResult.exited(2, "make test: exit 2")
            .withFailedCheck("FAILED test_login: expected 200, got 500");

    private long now = 1_000_000;

    private static Plan plan() {
        return Plan.of("test", List.of(agent("api").withVerify("make test"), Task.shell("docs", "x", List.of("api"))));
    }

    private static CoreCommand.StartAttempt only(Outbox out) {
        List<CoreCommand> starts = out.commands().stream().filter(CoreCommand.StartAttempt.class::isInstance).toList();
        assertThat(starts).hasSize(1);
        return (CoreCommand.StartAttempt) starts.get(0);
    }

    @Test
    void failedCheck_insertsAnalyseFixRecheck_onTheSameAgent_andTheTaskSucceedsWhenTheRecheckPasses() {
        RunCore core = core(plan(), 2, RunLimits.none().withFixAttempts(1));
        Outbox out = new Outbox();
        core.start(now, out);
        out.clear();
        core.attemptEnded(0, CHECK_FAILED, now += 10, out);

        assertThat(out.events()).anyMatch(event -> event instanceof RunEvent.FixWaveInserted inserted
                && inserted.wave().equals("1.1") && inserted.taskId().equals("api"));
        CoreCommand.StartAttempt analyse = only(out);
        assertThat(analyse.start().id()).isEqualTo("api.fix1.analyse");
        assertThat(analyse.start().index()).isEqualTo(2);
        assertThat(analyse.start().instance()).isEqualTo("I1");
        Task analyst = core.task(analyse.task());
        assertThat(((Action.Agent) analyst.action()).analysisOnly()).isTrue();
        assertThat(((Action.Agent) analyst.action()).prompt()).contains("expected 200, got 500").contains("do api");

        out.clear();
        core.attemptEnded(analyse.task(), ExecutionResult.succeeded("the handler swallows the session", List.of()),
                now += 10, out);
        CoreCommand.StartAttempt fix = only(out);
        Task fixer = core.task(fix.task());
        assertThat(fixer.id()).isEqualTo("api.fix1.fix");
        assertThat(((Action.Agent) fixer.action()).prompt()).contains("the handler swallows the session");
        assertThat(fixer.verify()).contains("make test");

        out.clear();
        core.attemptEnded(fix.task(), ExecutionResult.succeeded("fixed", List.of("api.py")), now += 10, out);
        assertThat(out.commands()).containsExactly(new CoreCommand.Integrate(fix.task()));
        out.clear();
        core.taskIntegrated(fix.task(), now, out);
        CoreCommand.StartAttempt recheck = only(out);
        assertThat(core.task(recheck.task()).action()).isEqualTo(new Action.Shell("make test"));
        assertThat(started(out)).doesNotContain("docs");

        out.clear();
        core.attemptEnded(recheck.task(), OK, now += 10, out);
        assertThat(started(out)).as("the fixed task releases its dependents").containsExactly("docs");
        core.attemptEnded(1, OK, now += 10, out);
        core.taskIntegrated(1, now, out);

        assertThat(core.isFinished()).isTrue();
        assertThat(core.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(core.records().get(0).summary()).startsWith("fixed by fix wave 1.1");
        assertThat(core.inserted()).extracting(InsertedTask::step).containsExactly("analyse", "fix", "recheck");
        assertThat(core.inserted()).allSatisfy(task -> {
            assertThat(task.wave()).isEqualTo("1.1");
            assertThat(task.parent()).isEqualTo("api");
            assertThat(task.record().state()).isEqualTo(TaskState.SUCCEEDED);
        });
    }

    @Test
    void recheckFails_insertsTheNextFixWave_andAfterTheLastTheTaskFails() {
        RunCore core = core(plan(), 1, RunLimits.none().withFixAttempts(2));
        Outbox out = new Outbox();
        core.start(now, out);
        core.attemptEnded(0, CHECK_FAILED, now += 10, out);
        List<String> waves = new java.util.ArrayList<>();
        for (int round = 0; round < 2; round++) {
            CoreCommand.StartAttempt analyse = last(out);
            out.clear();
            core.attemptEnded(analyse.task(), OK, now += 10, out);
            CoreCommand.StartAttempt fix = last(out);
            out.clear();
            core.attemptEnded(fix.task(), OK, now += 10, out);
            core.taskIntegrated(fix.task(), now, out);
            CoreCommand.StartAttempt recheck = last(out);
            out.clear();
            core.attemptEnded(recheck.task(), ExecutionResult.exited(2, "still 500"), now += 10, out);
            out.events().stream().filter(RunEvent.FixWaveInserted.class::isInstance)
                    .forEach(event -> waves.add(((RunEvent.FixWaveInserted) event).wave()));
        }

        assertThat(waves).containsExactly("1.2");
        assertThat(out.commands()).anyMatch(command -> command instanceof CoreCommand.ResolveFailure resolve
                && resolve.failure().startsWith("its check failed and 2 fix waves did not fix it (1.2: still 500)"));
        core.failureResolved(0, new FailureHandler.Resolution(FailureHandler.Choice.SKIP, "on_failure=continue"), now, out);
        assertThat(core.isFinished()).isTrue();
        assertThat(core.records().get(0).state()).isEqualTo(TaskState.FAILED);
        assertThat(core.records().get(1).state()).isEqualTo(TaskState.SKIPPED);
        assertThat(core.inserted()).hasSize(6);
    }

    @Test
    void fixWaves_off_aFailedCheckFailsTheTaskAsBefore() {
        RunCore core = core(plan(), 1, RunLimits.none());
        Outbox out = new Outbox();
        core.start(now, out);
        out.clear();
        core.attemptEnded(0, CHECK_FAILED, now += 10, out);
        assertThat(out.commands()).singleElement().isInstanceOf(CoreCommand.ResolveFailure.class);
        assertThat(core.inserted()).isEmpty();
    }

    @Test
    void shellTaskFailure_getsNoFixWave() {
        Plan plan = Plan.of("test", List.of(Task.shell("build", "make", List.of()).withVerify("make test")));
        RunCore core = core(plan, 1, RunLimits.none().withFixAttempts(2));
        Outbox out = new Outbox();
        core.start(now, out);
        out.clear();
        core.attemptEnded(0, CHECK_FAILED, now += 10, out);
        assertThat(out.commands()).singleElement().isInstanceOf(CoreCommand.ResolveFailure.class);
    }

    @Test
    void cancelDuringAFixStep_cancelsTheStepAndItsTask() {
        RunCore core = core(plan(), 1, RunLimits.none().withFixAttempts(1));
        Outbox out = new Outbox();
        core.start(now, out);
        core.attemptEnded(0, CHECK_FAILED, now += 10, out);
        CoreCommand.StartAttempt analyse = last(out);
        out.clear();
        core.cancelRequested(now += 10, out);
        assertThat(out.commands()).anyMatch(CoreCommand.Abort.class::isInstance);
        core.attemptInterrupted(analyse.task(), now += 10, out);

        assertThat(core.isFinished()).isTrue();
        assertThat(core.status()).isEqualTo(RunStatus.INTERRUPTED);
        assertThat(core.records().get(0).state()).isEqualTo(TaskState.CANCELLED);
        assertThat(core.inserted()).singleElement().satisfies(task ->
                assertThat(task.record().state()).isEqualTo(TaskState.CANCELLED));
    }

    @Test
    void budgetReachedDuringAFixWave_stopsItBeforeTheNextAgentStep() {
        RunCore core = core(plan(), 1, RunLimits.none().withFixAttempts(1).withBudgetUsd(1.0));
        Outbox out = new Outbox();
        core.start(now, out);
        core.attemptEnded(0, CHECK_FAILED.withUsage(Usage.of(1, 1, 0.5)), now += 10, out);
        CoreCommand.StartAttempt analyse = last(out);
        out.clear();
        core.attemptEnded(analyse.task(), OK.withUsage(Usage.of(1, 1, 0.6)), now += 10, out);

        assertThat(started(out)).isEmpty();
        assertThat(out.commands()).anyMatch(command -> command instanceof CoreCommand.ResolveFailure resolve
                && resolve.failure().contains("not started: budget reached: $1.1000 of $1.0000"));
    }

    @Test
    void fixWavesAfterTheSameWave_areNumberedInTurn() {
        Plan plan = Plan.of("test", List.of(agent("a").withVerify("t"), agent("b").withVerify("t")));
        RunCore core = core(plan, 2, RunLimits.none().withFixAttempts(1));
        Outbox out = new Outbox();
        core.start(now, out);
        core.attemptEnded(0, CHECK_FAILED, now += 10, out);
        core.attemptEnded(1, CHECK_FAILED, now += 10, out);
        assertThat(out.events()).filteredOn(RunEvent.FixWaveInserted.class::isInstance)
                .extracting(event -> ((RunEvent.FixWaveInserted) event).wave()).containsExactly("1.1", "1.2");
    }

    private static CoreCommand.StartAttempt last(Outbox out) {
        List<CoreCommand> starts = out.commands().stream().filter(CoreCommand.StartAttempt.class::isInstance).toList();
        return (CoreCommand.StartAttempt) starts.get(starts.size() - 1);
    }
}
