package dev.wave.run;

import static dev.wave.run.RunCoreBudgetTest.agent;
import static dev.wave.run.RunCoreBudgetTest.core;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.plan.Plan;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The run's spending as the core books it: running attempts' reports, replaced by their ends. */
final class LimiterTest {
    private long now = 1_000_000;

    @Test
    void usageReportedByAFixWaveStep_countsTowardsTheBudget_untilItsEndReplacesIt() {
        Plan plan = Plan.of("test", List.of(agent("api").withVerify("make test")));
        RunCore core = core(plan, 1, RunLimits.none().withFixAttempts(1).withBudgetUsd(5.00));
        Outbox out = new Outbox();
        core.start(now, out);
        core.attemptEnded(0, ExecutionResult.exited(2, "make test: exit 2").withFailedCheck("FAILED test_x")
                .withUsage(Usage.of(1, 1, 1.00)), now += 10, out);
        int analyse = core.indexOf("api.fix1.analyse");
        assertThat(analyse).isGreaterThanOrEqualTo(plan.size());

        core.usageReported(analyse, Usage.of(1, 1, 0.50), now += 10, out);
        core.usageReported(analyse, Usage.of(2, 2, 0.75), now += 10, out);
        assertThat(core.spent().dollars()).isCloseTo(1.75, org.assertj.core.data.Offset.offset(1e-9));

        core.attemptEnded(analyse, ExecutionResult.succeeded("the cause", List.of()).withUsage(Usage.of(3, 3, 0.80)),
                now += 10, out);
        assertThat(core.spent().dollars()).isCloseTo(1.80, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void reportsOfTwoRunningAttempts_addUp_andEachEndReplacesItsOwn() {
        Limiter limiter = new Limiter(Plan.of("test", List.of(agent("a"), agent("b"))), RunLimits.none());
        limiter.report(0, Usage.of(1, 1, 0.25));
        limiter.report(1, Usage.of(1, 1, 0.50));
        limiter.report(0, Usage.of(1, 1, 0.30));
        assertThat(limiter.spent().dollars()).isCloseTo(0.80, org.assertj.core.data.Offset.offset(1e-9));

        limiter.spend(1, Usage.of(1, 1, 0.60));
        assertThat(limiter.spent().dollars()).isCloseTo(0.90, org.assertj.core.data.Offset.offset(1e-9));
        limiter.spend(0, Usage.of(1, 1, 0.35));
        assertThat(limiter.spent().dollars()).isCloseTo(0.95, org.assertj.core.data.Offset.offset(1e-9));
    }
}
