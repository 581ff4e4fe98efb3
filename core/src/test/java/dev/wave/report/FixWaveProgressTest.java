package dev.wave.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.plan.Plan;
import dev.wave.run.InsertedTask;
import dev.wave.run.TaskRecord;
import dev.wave.run.TaskStart;
import dev.wave.schedule.TaskState;
import dev.wave.schedule.Waves;
import dev.wave.testing.Dags;
import dev.wave.testing.FakeClock;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Fix waves and the budget on the live dashboard and in plain progress lines, numbered as inserted waves. */
final class FixWaveProgressTest {
    private final FakeClock clock = new FakeClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final StringWriter screen = new StringWriter();

    private InsertedTask analysed(Instant started) {
        return new InsertedTask("1.1", "a", "analyse", new TaskRecord(2, "a.fix1.analyse", 1, Optional.of("I1"),
                TaskState.SUCCEEDED, Optional.of(started), Optional.of(clock.instant()), 1000, Optional.of(0), 1,
                "the cause", List.of()));
    }

    @Test
    void dashboard_showsTheInsertedWave_andTheAgentWorkingOnIt() {
        Plan plan = Dags.parse("""
                a 1000
                b 1000 <- a
                """);
        LiveDashboard dashboard = new LiveDashboard(new PrintWriter(screen), clock, plan, Waves.of(plan.graph()), 1);
        Instant t0 = clock.instant();
        dashboard.taskStarted(new TaskStart(0, "a", 1, "I1", t0, 1));
        dashboard.fixWaveInserted("a", "1.1", "FAILED test_a");
        dashboard.insertedTaskStarted(new TaskStart(2, "a.fix1.analyse", 1, "I1", t0, 1), "1.1");
        clock.advance(Duration.ofSeconds(1));
        dashboard.budgetReached("budget reached: $1.0000 of $1.0000");
        String last = screen.toString().substring(screen.toString().lastIndexOf("\033[J") + 3);

        assertThat(last).contains("  Wave 1.1   fix for a: analyse\n")
                .contains("  Budget: budget reached: $1.0000 of $1.0000: no agent task starts any more\n")
                .contains("  I1   a.fix1.analyse (wave 1.1)  1.0s\n");

        dashboard.insertedTaskEnded(analysed(t0));
        last = screen.toString().substring(screen.toString().lastIndexOf("\033[J") + 3);
        assertThat(last).contains("  Wave 1.1   fix for a: analyse succeeded\n").contains("  I1   a (fixing, wave 1.1)");
    }

    @Test
    void plainProgress_numbersInsertedTasksByTheirWave() {
        PlainProgress progress = new PlainProgress(new PrintWriter(screen), clock, 2);
        Instant t0 = clock.instant();
        progress.fixWaveInserted("a", "1.1", "FAILED test_a");
        progress.insertedTaskStarted(new TaskStart(2, "a.fix1.analyse", 1, "I1", t0, 1), "1.1");
        clock.advance(Duration.ofSeconds(1));
        progress.insertedTaskEnded(analysed(t0));
        progress.providerPaused("claude", Duration.ofSeconds(10), "a.fix1.fix");

        assertThat(screen.toString()).contains("fix wave  1.1 for a: its check failed; analyse, fix, re-check\n")
                .contains("start     a.fix1.analyse (wave 1.1, I1)\n")
                .contains("done      a.fix1.analyse (wave 1.1, 1.0s, the cause)\n")
                .contains("pause     claude: a.fix1.fix hit a rate limit; its tasks start again in 10.0s\n");
    }
}
