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
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Fix waves after the run's check (SPEC F17), in the run core on a virtual clock: the check after an
 * agent task's merge ({@code check_between_merges}) and the check after the tasks.
 */
final class RunCoreCheckFixWaveTest {
    private static final ExecutionResult OK = ExecutionResult.exited(0, "ok");
    private static final Optional<String> NEW_FAILURES = Optional.of("1 new failure: tests.test_app.test_greet\n"
            + "FAILED tests/test_app.py::test_greet - AssertionError: 'hi' != 'hello'");
    private static final ExecutionResult CHECK_FAILED = ExecutionResult.exited(1, "1 new failure: tests.test_app.test_greet")
            .withFailedCheck(NEW_FAILURES.get());
    private static final RunLimits LIMITS = RunLimits.none().withFixAttempts(1).withRecheck("pytest -q");

    private long now = 1_000_000;

    /** api (an agent), then docs after it. */
    private static Plan plan() {
        return Plan.of("test", List.of(agent("api"), Task.shell("docs", "x", List.of("api"))));
    }

    private static CoreCommand.StartAttempt last(Outbox out) {
        List<CoreCommand> starts = out.commands().stream().filter(CoreCommand.StartAttempt.class::isInstance).toList();
        assertThat(starts).as("a start in " + out.commands()).isNotEmpty();
        return (CoreCommand.StartAttempt) starts.get(starts.size() - 1);
    }

    /** Starts the core and runs api to its integration. */
    private RunCore apiIntegrating(RunLimits limits, Outbox out) {
        RunCore core = core(plan(), 1, limits);
        core.start(now, out);
        core.attemptEnded(0, OK, now += 10, out);
        out.clear();
        return core;
    }

    /** Starts a core whose check after the tasks is armed, and runs api (ending with {@code api}) and docs to their merge. */
    private RunCore tasksDone(RunLimits limits, ExecutionResult api, Outbox out) {
        RunCore core = core(plan(), 1, limits);
        core.checkAfterTasks();
        core.start(now, out);
        core.attemptEnded(0, api, now += 10, out);
        core.taskIntegrated(0, now, out);
        core.attemptEnded(1, OK, now += 10, out);
        core.taskIntegrated(1, now, out);
        return core;
    }

    @Test
    void aCheckAfterTheMergeWithNewFailures_insertsAnalyseAndFix_andTheCheckAfterTheFixsMergeIsTheRecheck() {
        Outbox out = new Outbox();
        RunCore core = apiIntegrating(LIMITS, out);
        core.integrationFailed(0, "the check after its merge failed: 1 new failure", NEW_FAILURES, now += 10, out);

        assertThat(out.events()).anyMatch(event -> event instanceof RunEvent.FixWaveInserted inserted
                && inserted.wave().equals("1.1") && inserted.taskId().equals("api"));
        CoreCommand.StartAttempt analyse = last(out);
        assertThat(((Action.Agent) core.task(analyse.task()).action()).prompt())
                .contains("was merged into the run, and then the run's check found failures")
                .contains("'hi' != 'hello'").contains("pytest -q (only failures that were not there before the run count)");
        assertThat(core.runsCheck(analyse.task())).isFalse();

        out.clear();
        core.attemptEnded(analyse.task(), ExecutionResult.succeeded("greet returns hi", List.of()), now += 10, out);
        CoreCommand.StartAttempt fix = last(out);
        Task fixer = core.task(fix.task());
        assertThat(fixer.id()).isEqualTo("api.fix1.fix");
        assertThat(fixer.verify()).as("the run's check runs after the fix's merge, not in its worktree").isEmpty();
        out.clear();
        core.attemptEnded(fix.task(), ExecutionResult.succeeded("fixed", List.of("app.py")), now += 10, out);
        assertThat(out.commands()).containsExactly(new CoreCommand.Integrate(fix.task()));
        out.clear();
        core.taskIntegrated(fix.task(), now += 10, out);

        assertThat(started(out)).as("fixed: its dependent starts").containsExactly("docs");
        core.attemptEnded(1, OK, now += 10, out);
        core.taskIntegrated(1, now, out);
        assertThat(core.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(core.records().get(0).summary()).startsWith("fixed by fix wave 1.1 after the run's check after its "
                + "merge failed (integration failed: the check after its merge failed");
        assertThat(core.inserted()).extracting(InsertedTask::step).containsExactly("analyse", "fix");
        assertThat(core.inserted().get(1).record().summary())
                .endsWith("merged, and the run's check after its merge found no new failures");
    }

    @Test
    void aFixWhoseMergeStillFailsTheCheck_isFollowedByTheNextWave_andAfterTheLastTheTaskFailsAsWithoutWaves() {
        Outbox out = new Outbox();
        RunCore core = apiIntegrating(LIMITS.withFixAttempts(2), out);
        core.integrationFailed(0, "the check after its merge failed", NEW_FAILURES, now += 10, out);
        List<String> waves = new java.util.ArrayList<>();
        for (int round = 1; round <= 2; round++) {
            CoreCommand.StartAttempt analyse = last(out);
            out.clear();
            core.attemptEnded(analyse.task(), OK, now += 10, out);
            CoreCommand.StartAttempt fix = last(out);
            out.clear();
            core.attemptEnded(fix.task(), OK, now += 10, out);
            core.integrationFailed(fix.task(), "the check after its merge failed: still", Optional.of("still 'hi'"),
                    now += 10, out);
            out.events().stream().filter(RunEvent.FixWaveInserted.class::isInstance)
                    .forEach(event -> waves.add(((RunEvent.FixWaveInserted) event).wave()));
        }

        assertThat(waves).containsExactly("1.2");
        assertThat(out.commands()).as("no failure handler: a failed merge check fails its task")
                .noneMatch(CoreCommand.ResolveFailure.class::isInstance);
        assertThat(core.isFinished()).isTrue();
        assertThat(core.records().get(0).state()).isEqualTo(TaskState.FAILED);
        assertThat(core.records().get(0).summary())
                .startsWith("the run's check after its merge failed and 2 fix waves did not fix it (1.2: still 'hi')");
        assertThat(core.records().get(1).state()).isEqualTo(TaskState.SKIPPED);
    }

    @Test
    void aConflict_orNoFixWavesLeft_failsTheMergedTaskAsBefore() {
        Outbox out = new Outbox();
        RunCore conflicted = apiIntegrating(LIMITS, out);
        conflicted.integrationFailed(0, "merge conflict in app.py", Optional.empty(), now += 10, out);
        assertThat(conflicted.inserted()).isEmpty();
        assertThat(conflicted.records().get(0).summary()).isEqualTo("integration failed: merge conflict in app.py");

        Outbox none = new Outbox();
        RunCore off = apiIntegrating(RunLimits.none(), none);
        off.integrationFailed(0, "the check after its merge failed", NEW_FAILURES, now += 10, none);
        assertThat(started(none)).isEmpty();
        assertThat(off.records().get(0).state()).isEqualTo(TaskState.FAILED);
    }

    @Test
    void theCheckAfterTheTasks_runsOnAnAgentSlotOnceEveryTaskSucceeded_andThenTheRunHasFinished() {
        RunCore core = core(plan(), 2, LIMITS);
        core.checkAfterTasks();
        Outbox out = new Outbox();
        core.start(now, out);
        core.attemptEnded(0, OK, now += 10, out);
        core.taskIntegrated(0, now, out);
        out.clear();
        core.attemptEnded(1, OK, now += 10, out);
        core.taskIntegrated(1, now, out);

        CoreCommand.StartAttempt check = last(out);
        assertThat(check.start().id()).isEqualTo("wave-check");
        assertThat(core.runsCheck(check.task())).isTrue();
        assertThat(core.isFinished()).as("the check is still running").isFalse();
        out.clear();
        core.attemptEnded(check.task(), OK, now += 10, out);

        assertThat(core.isFinished()).isTrue();
        assertThat(core.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(core.inserted()).as("the check is no inserted wave").isEmpty();
        assertThat(out.events()).as("nor a task of the journal's").isEmpty();
    }

    @Test
    void aCheckAfterTheTasksWithNewFailures_getsAFixWaveOnTheRunsAgent_andTheRunSucceedsOnceTheRecheckPasses() {
        Plan plan = Plan.of("test", List.of(new Task("api", "api", new Action.Agent("do api", Optional.of("codex"), false),
                List.of(), Optional.empty(), Optional.empty(), false, Optional.empty(), 0, java.util.Map.of())));
        RunCore core = core(plan, 1, LIMITS);
        core.checkAfterTasks();
        Outbox out = new Outbox();
        core.start(now, out);
        core.attemptEnded(0, OK, now += 10, out);
        core.taskIntegrated(0, now, out);
        CoreCommand.StartAttempt check = last(out);
        out.clear();
        core.attemptEnded(check.task(), CHECK_FAILED, now += 10, out);

        assertThat(out.events()).anyMatch(event -> event instanceof RunEvent.FixWaveInserted inserted
                && inserted.wave().equals("1.1") && inserted.taskId().equals("wave check"));
        CoreCommand.StartAttempt analyse = last(out);
        Action.Agent analyst = (Action.Agent) core.task(analyse.task()).action();
        assertThat(analyse.start().id()).isEqualTo("wave-check.fix1.analyse");
        assertThat(analyst.agent()).as("the run's agent, not a task's").isEmpty();
        assertThat(analyst.prompt()).contains("Every task of the run is done, but the run's check after them finds failures")
                .contains("'hi' != 'hello'");
        out.clear();
        core.attemptEnded(analyse.task(), OK, now += 10, out);
        CoreCommand.StartAttempt fix = last(out);
        assertThat(core.task(fix.task()).verify()).isEmpty();
        out.clear();
        core.attemptEnded(fix.task(), OK, now += 10, out);
        core.taskIntegrated(fix.task(), now += 10, out);
        CoreCommand.StartAttempt recheck = last(out);
        assertThat(core.task(recheck.task()).id()).isEqualTo("wave-check.fix1.recheck");
        assertThat(core.runsCheck(recheck.task())).as("the run's check against its baseline").isTrue();
        assertThat(core.isFinished()).isFalse();
        core.attemptEnded(recheck.task(), OK, now += 10, out);

        assertThat(core.isFinished()).isTrue();
        assertThat(core.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(core.inserted()).extracting(InsertedTask::parent).containsOnly("wave check");
        assertThat(core.inserted()).extracting(InsertedTask::step).containsExactly("analyse", "fix", "recheck");
        assertThat(core.inserted()).extracting(task -> task.record().instance()).containsOnly(Optional.of("I1"));
    }

    @Test
    void whenEveryWaveFailsTheCheckAfterTheTasks_theRunFails_withTheChecksFailureDecision() {
        Outbox out = new Outbox();
        RunCore core = tasksDone(LIMITS, OK, out);
        core.attemptEnded(last(out).task(), CHECK_FAILED, now += 10, out);
        core.attemptEnded(last(out).task(), OK, now += 10, out); // analyse
        int fix = last(out).task();
        core.attemptEnded(fix, OK, now += 10, out);
        core.taskIntegrated(fix, now += 10, out);
        int recheck = last(out).task();
        out.clear();
        core.attemptEnded(recheck, CHECK_FAILED, now += 10, out);

        assertThat(core.isFinished()).isTrue();
        assertThat(core.status()).isEqualTo(RunStatus.FAILED);
        assertThat(core.records()).extracting(TaskRecord::state).containsOnly(TaskState.SUCCEEDED);
        assertThat(core.decisions()).singleElement().satisfies(decision -> {
            assertThat(decision.taskId()).isEqualTo("wave check");
            assertThat(decision.action()).isEqualTo(FailureDecision.Action.ABORT);
            assertThat(decision.failure()).isEqualTo("1 new failure: tests.test_app.test_greet");
            assertThat(decision.reason()).isEqualTo(
                    "the check after the tasks found failures the run introduced, and 1 fix wave did not fix them");
        });
    }

    @Test
    void theCheckAfterTheTasks_isNotTheCoresWithoutAgentTasks_orFixWaves_orWhenATaskFailed() {
        Plan shellOnly = Plan.of("test", List.of(Task.shell("build", "make", List.of())));
        for (RunCore core : List.of(core(shellOnly, 1, LIMITS), core(plan(), 1, LIMITS.withFixAttempts(0)),
                core(plan(), 1, RunLimits.none().withFixAttempts(1)))) {
            core.checkAfterTasks();
            Outbox out = new Outbox();
            core.start(now, out);
            for (int task = 0; task < core.plan().size(); task++) {
                core.attemptEnded(task, OK, now += 10, out);
                core.taskIntegrated(task, now, out);
            }
            assertThat(core.isFinished()).isTrue();
            assertThat(core.status()).isEqualTo(RunStatus.SUCCEEDED);
        }

        RunCore failing = core(plan(), 1, LIMITS);
        failing.checkAfterTasks();
        Outbox out = new Outbox();
        failing.start(now, out);
        failing.attemptEnded(0, ExecutionResult.exited(1, "broke"), now += 10, out);
        failing.failureResolved(0, new FailureHandler.Resolution(FailureHandler.Choice.SKIP, "on_failure"), now, out);
        assertThat(started(out)).doesNotContain("wave-check");
        assertThat(failing.isFinished()).isTrue();
        assertThat(failing.status()).isEqualTo(RunStatus.FAILED);
    }

    @Test
    void aCancelWhileTheCheckAfterTheTasksRuns_endsTheRunInterrupted() {
        Outbox out = new Outbox();
        RunCore core = tasksDone(LIMITS, OK, out);
        int check = last(out).task();
        out.clear();
        core.cancelRequested(now += 10, out);
        assertThat(out.commands()).anyMatch(CoreCommand.Abort.class::isInstance);
        assertThat(core.isFinished()).isFalse();
        core.attemptInterrupted(check, now += 10, out);

        assertThat(core.isFinished()).isTrue();
        assertThat(core.status()).isEqualTo(RunStatus.INTERRUPTED);
    }

    @Test
    void aBudgetSpentBeforeTheCheckFails_leavesNoFixWave_andTheDecisionSaysWhy() {
        Outbox out = new Outbox();
        RunCore core = tasksDone(LIMITS.withBudgetUsd(1.0), OK.withUsage(Usage.of(1, 1, 1.5)), out);
        int check = last(out).task();
        out.clear();
        core.attemptEnded(check, CHECK_FAILED, now += 10, out);

        assertThat(started(out)).isEmpty();
        assertThat(core.status()).isEqualTo(RunStatus.FAILED);
        assertThat(core.decisions()).singleElement().extracting(FailureDecision::reason).isEqualTo(
                "the check after the tasks found failures the run introduced; no further fix wave: budget reached: "
                        + "$1.5000 of $1.0000");
    }
}
