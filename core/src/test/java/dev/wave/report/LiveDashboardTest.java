package dev.wave.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.plan.Durations;
import dev.wave.plan.Plan;
import dev.wave.run.TaskProgress;
import dev.wave.run.TaskRecord;
import dev.wave.run.TaskStart;
import dev.wave.schedule.Mode;
import dev.wave.schedule.Simulator;
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
import java.util.Random;
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
                Wave 1 of 2   elapsed 1.0s   ETA ~2.0s (estimate)
                Overall  [######--------------]  33%  1/3 tasks
                  Wave 1   [##########----------]  50%  1/2
                  Wave 2   [--------------------]   0%  0/1
                  I1   idle
                  I2   b  1.0s
                """);
        assertThat(screen.toString()).contains("\033[6F\033[J"); // each drawing replaces the one before
    }

    @Test
    void anAgentsCurrentTool_turns_tokensAndCost_showOnItsRow_untilItEnds() {
        Plan plan = Dags.parse("""
                a 1000
                b 1000
                """);
        LiveDashboard dashboard = new LiveDashboard(new PrintWriter(screen), clock, plan, Waves.of(plan.graph()), 2);
        Instant t0 = clock.instant();
        dashboard.taskStarted(new TaskStart(0, "a", 1, "I1", t0, 1));
        dashboard.taskStarted(new TaskStart(1, "b", 1, "I2", t0, 2));

        dashboard.taskProgressed("a", new TaskProgress("claude", Optional.of("Edit src/app.py"), 3, 1000, 200, 0.0125));
        clock.advance(Duration.ofSeconds(2));
        dashboard.render();
        String drawn = screen.toString().substring(screen.toString().lastIndexOf("\033[J") + 3);

        assertThat(drawn).contains("  I1   a  2.0s  claude: Edit src/app.py, 3 turns, 1200 tokens, $0.0125\n")
                .contains("  I2   b  2.0s\n");
        dashboard.taskEnded(new TaskRecord(0, "a", 1, Optional.of("I1"), TaskState.SUCCEEDED, Optional.of(t0),
                Optional.of(clock.instant()), 2000, Optional.of(0), 1, "ok", List.of()));
        dashboard.taskStarted(new TaskStart(0, "a", 1, "I1", clock.instant(), 2));
        assertThat(screen.toString().substring(screen.toString().lastIndexOf("\033[J") + 3)).contains("  I1   a  0ms\n");
    }

    @Test
    void cancelledAndFailedTasks_areDrawnAsSuch_notAsComplete() {
        Plan plan = Dags.parse("""
                a 1000
                b 1000
                c 1000
                d 1000
                """);
        LiveDashboard dashboard = new LiveDashboard(new PrintWriter(screen), clock, plan, Waves.of(plan.graph()), 2);
        Instant t0 = clock.instant();

        dashboard.taskEnded(ran(0, "a", TaskState.SUCCEEDED, t0));
        dashboard.taskEnded(ran(1, "b", TaskState.FAILED, t0));
        dashboard.taskEnded(notRun(2, "c", TaskState.CANCELLED));
        dashboard.taskEnded(notRun(3, "d", TaskState.CANCELLED));

        assertThat(lastDrawing())
                .contains("Overall  [#####xxxxxcccccccccc]  25%  1/4 tasks  (1 failed or skipped, 2 cancelled)");
    }

    @Test
    void eta_startsAtThePlansSimulatedEstimate_andNeverRises_evenWhenTasksOverrun() {
        Plan plan = Dags.random(7, 60, 0.3, 0.0, 5_000);
        Waves waves = Waves.of(plan.graph());
        LiveDashboard dashboard = new LiveDashboard(new PrintWriter(screen), clock, plan, waves, 3);
        long makespan = Simulator.simulate(plan.graph(), Mode.FLOW, 3).makespanMillis();
        dashboard.render();
        assertThat(lastDrawing()).contains("ETA ~" + Durations.formatMillis(makespan) + " (estimate)");

        Random random = new Random(7);
        long previous = dashboard.etaMillis();
        for (int i = 0; i < plan.size(); i++) {
            for (int tick = 0; tick < 3; tick++) {
                clock.advance(Duration.ofMillis(random.nextInt(4_000))); // up to twice the estimates, in plan order
                long eta = dashboard.etaMillis();
                assertThat(eta).as("ETA after %d tasks ended (seed 7)", i).isLessThanOrEqualTo(previous);
                previous = eta;
            }
            dashboard.taskEnded(new TaskRecord(i, plan.graph().id(i), waves.waveOf(i), Optional.of("I1"), TaskState.SUCCEEDED,
                    Optional.of(clock.instant()), Optional.of(clock.instant()), 0, Optional.of(0), 1, "", List.of()));
            assertThat(dashboard.etaMillis()).as("ETA when task %d ended (seed 7)", i).isLessThanOrEqualTo(previous);
            previous = dashboard.etaMillis();
        }
        assertThat(lastDrawing()).contains("ETA -");
    }

    private String lastDrawing() {
        String all = screen.toString();
        return all.substring(all.lastIndexOf("\033[J") + 3);
    }

    private TaskRecord ran(int index, String id, TaskState state, Instant started) {
        return new TaskRecord(index, id, 1, Optional.of("I1"), state, Optional.of(started), Optional.of(clock.instant()),
                clock.instant().toEpochMilli() - started.toEpochMilli(), Optional.of(state == TaskState.FAILED ? 1 : 0), 1,
                "", List.of());
    }

    private static TaskRecord notRun(int index, String id, TaskState state) {
        return new TaskRecord(index, id, 1, Optional.empty(), state, Optional.empty(), Optional.empty(), 0,
                Optional.empty(), 0, "cancelled", List.of());
    }
}
