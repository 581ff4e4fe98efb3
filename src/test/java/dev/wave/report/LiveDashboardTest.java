package dev.wave.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.plan.Plan;
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

final class LiveDashboardTest {
    private final FakeClock clock = new FakeClock(Instant.parse("2026-11-21T10:00:00Z"));
    private final StringWriter screen = new StringWriter();

    @Test
    void showsTheCurrentWave_progress_eta_andWhatEachAgentRuns() {
        Plan plan = Dags.parse("""
                a 1000
                b 1000
                c 2000 <- a
                """);
        LiveDashboard dashboard = new LiveDashboard(new PrintWriter(screen), clock, plan, Waves.of(plan.graph()), 2);
        Instant t0 = clock.instant();

        dashboard.taskStarted(new TaskStart(0, "a", 1, "I1", t0, 1));
        dashboard.taskStarted(new TaskStart(1, "b", 1, "I2", t0, 2));
        clock.advance(Duration.ofSeconds(1));
        dashboard.taskEnded(new TaskRecord(0, "a", 1, Optional.of("I1"), TaskState.SUCCEEDED, Optional.of(t0),
                Optional.of(clock.instant()), 1000, Optional.of(0), 1, "ok", List.of()));
        String last = screen.toString().substring(screen.toString().lastIndexOf("\033[J") + 3);

        assertThat(last).isEqualTo("""
                Wave 1 of 2   elapsed 1.0s   ETA ~3.0s (estimate)
                Overall  [######--------------]  33%  1/3 tasks
                  Wave 1   [##########----------]  50%  1/2
                  Wave 2   [--------------------]   0%  0/1
                  I1   idle
                  I2   b  1.0s
                """);
        assertThat(screen.toString()).contains("\033[6F\033[J"); // each drawing replaces the one before
    }
}
