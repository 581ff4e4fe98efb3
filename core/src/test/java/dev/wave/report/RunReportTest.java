package dev.wave.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wave.journal.RunDirectory;
import dev.wave.run.RunResult;
import dev.wave.run.RunStatus;
import dev.wave.run.TaskRecord;
import dev.wave.schedule.Mode;
import dev.wave.schedule.TaskState;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The measured summary says what each figure is measured against, and gives none it cannot measure. */
final class RunReportTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    Path repository;

    private static TaskRecord ran(int index, String id, long startMillis, long millis, TaskState state) {
        return new TaskRecord(index, id, 1, Optional.of("I" + (index + 1)), state, Optional.of(T0.plusMillis(startMillis)),
                Optional.of(T0.plusMillis(startMillis + millis)), millis, Optional.of(state == TaskState.FAILED ? 2 : 0), 1,
                "", List.of());
    }

    private String printed(RunReport report) {
        StringWriter text = new StringWriter();
        report.print(new PrintWriter(text), repository);
        return text.toString();
    }

    @Test
    void efficiency_isMeasuredAgainstTheSumOfTaskDurations_andSaysSo() {
        RunResult result = new RunResult(RunStatus.SUCCEEDED, Mode.FLOW, 2, T0, T0.plusMillis(1_000), 1, 2,
                List.of(ran(0, "a", 0, 1_000, TaskState.SUCCEEDED), ran(1, "b", 0, 1_000, TaskState.SUCCEEDED)));
        RunReport report = new RunReport("r1", RunDirectory.create(repository, "r1"), result);

        assertThat(printed(report))
                .contains("  Task time:   2.0s, the sum of measured task durations (tasks running side by side slow each "
                        + "other, which inflates it)\n")
                .contains("  Efficiency:  50% less wall time than the task time, measured\n")
                .doesNotContain("faster than one agent");
        ObjectNode json = report.json();
        assertThat(json.get("efficiency").asDouble()).isEqualTo(0.5);
        assertThat(json.get("efficiency_basis").asText()).contains("sum of measured task durations");
    }

    @Test
    void manyWaves_summedUpInOneLine_withTheMedianAndTheExtremes_notListedOneByOne() {
        // 20 waves one after the other, a 1 s task each on 2 agents: each wave 50% used; wave 3 has a second task
        // beside its first: 100%.
        java.util.List<TaskRecord> tasks = new java.util.ArrayList<>();
        for (int w = 1; w <= 20; w++) {
            tasks.add(new TaskRecord(w - 1, "t" + w, w, Optional.of("I1"), TaskState.SUCCEEDED,
                    Optional.of(T0.plusMillis((w - 1) * 1_000L)), Optional.of(T0.plusMillis(w * 1_000L)), 1_000,
                    Optional.of(0), 1, "", List.of()));
        }
        tasks.add(new TaskRecord(20, "u", 3, Optional.of("I2"), TaskState.SUCCEEDED, Optional.of(T0.plusMillis(2_000)),
                Optional.of(T0.plusMillis(3_000)), 1_000, Optional.of(0), 1, "", List.of()));
        RunResult result = new RunResult(RunStatus.SUCCEEDED, Mode.WAVES, 2, T0, T0.plusMillis(20_000), 20, 2, tasks);
        RunReport report = new RunReport("r10", RunDirectory.create(repository, "r10"), result);

        assertThat(printed(report)).contains("  Utilisation: 20 waves, median 50%, lowest 50% (wave 1), highest 100% (wave 3), "
                + "of 2 agents; each wave in execution_summary.json and the HTML report\n");
        assertThat(report.json().get("wave_utilisation")).hasSize(20);
    }

    @Test
    void manyWaves_ofAnEvenNumber_haveTheMeanOfTheTwoInTheMiddleForMedian() {
        // 14 waves one after the other, a 1 s task each on 2 agents (50%); waves 1 to 7 have a second task beside
        // their first (100%): the middle two are 50% and 100%.
        java.util.List<TaskRecord> tasks = new java.util.ArrayList<>();
        for (int w = 1; w <= 14; w++) {
            for (int beside = 0; beside < (w <= 7 ? 2 : 1); beside++) {
                tasks.add(new TaskRecord(tasks.size(), "t" + w + "-" + beside, w, Optional.of("I" + (beside + 1)),
                        TaskState.SUCCEEDED, Optional.of(T0.plusMillis((w - 1) * 1_000L)), Optional.of(T0.plusMillis(w * 1_000L)),
                        1_000, Optional.of(0), 1, "", List.of()));
            }
        }
        RunResult result = new RunResult(RunStatus.SUCCEEDED, Mode.WAVES, 2, T0, T0.plusMillis(14_000), 14, 2, tasks);
        RunReport report = new RunReport("r11", RunDirectory.create(repository, "r11"), result);

        assertThat(printed(report)).contains("  Utilisation: 14 waves, median 75%, lowest 50% (wave ");
    }

    @Test
    void peakConcurrency_countsTasksAnEarlierProcessRanSideBySide() {
        // A resumed run: its last process ran c alone (its own peak 1); a and b ran together before it died.
        RunResult result = new RunResult(RunStatus.SUCCEEDED, Mode.FLOW, 2, T0, T0.plusMillis(10_000), 1, 1,
                List.of(ran(0, "a", 0, 2_000, TaskState.SUCCEEDED), ran(1, "b", 500, 2_000, TaskState.SUCCEEDED),
                        ran(2, "c", 8_000, 2_000, TaskState.SUCCEEDED)));
        RunReport report = new RunReport("r9", RunDirectory.create(repository, "r9"), result);

        assertThat(report.json().get("peak_concurrency").asInt()).isEqualTo(2);
        assertThat(printed(report)).contains("peak 2 running");
    }

    @Test
    void retriedTask_waitingForItsRetry_holdsNoAgent_soItDoesNotCountAsRunningBesideAnother() {
        // a: attempt 1 from 0 to 1 s, waits for its retry until 5 s, attempt 2 from 5 to 6 s; b runs from 2 to 4 s,
        // inside a's wait. a's span (0 to 6 s) holds b's; its attempts do not.
        TaskRecord retried = new TaskRecord(0, "a", 1, Optional.of("I1"), TaskState.SUCCEEDED, Optional.of(T0),
                Optional.of(T0.plusMillis(6_000)), 6_000, Optional.of(0), 2, "", List.of(), dev.wave.run.Usage.NONE,
                List.of(new TaskRecord.Span(T0, T0.plusMillis(1_000)),
                        new TaskRecord.Span(T0.plusMillis(5_000), T0.plusMillis(6_000))));
        RunResult result = new RunResult(RunStatus.SUCCEEDED, Mode.FLOW, 2, T0, T0.plusMillis(6_000), 1, 1,
                List.of(retried, ran(1, "b", 2_000, 2_000, TaskState.SUCCEEDED)));
        RunReport report = new RunReport("r7", RunDirectory.create(repository, "r7"), result);

        ObjectNode json = report.json();
        assertThat(json.get("peak_concurrency").asInt()).isEqualTo(1);
        assertThat(printed(report)).contains("peak 1 running");
        assertThat(json.get("tasks").get(0).get("attempt_spans")).hasSize(2);
        assertThat(json.get("tasks").get(0).get("attempt_spans").get(1).get("started_at").asText())
                .isEqualTo("2026-12-01T10:00:05.000Z");
        assertThat(json.get("tasks").get(1).has("attempt_spans")).as("a task that ran once has its one span").isFalse();
        assertThat(json.get("wave_utilisation").get(0).get("busy_seconds").asDouble())
                .as("a's busy time is its two attempts, not its wait").isEqualTo(4.0);
        assertThat(json.get("sequential_seconds").asDouble()).as("so is its task time").isEqualTo(4.0);

        report.write();
        dev.wave.journal.Json.write(report.directory().executionPlan(), dev.wave.journal.Json.object().put("task", "goal"));
        ObjectNode page = HtmlReport.data(PastRun.read(report.directory().root()));
        assertThat(page.get("tasks").get("spans").get("0")).as("the chart's spans of a: [start, duration, ...]")
                .extracting(node -> node.asLong()).containsExactly(0L, 1_000L, 5_000L, 1_000L);
        assertThat(page.get("tasks").get("spans").has("1")).isFalse();
    }

    @Test
    void resumedRun_givesNoEfficiency_sayingItsWallTimeIncludesTheTimeBetweenItsProcesses() {
        RunResult result = new RunResult(RunStatus.SUCCEEDED, Mode.FLOW, 2, T0, T0.plusMillis(25_800), 1, 2,
                List.of(ran(0, "a", 0, 2_000, TaskState.SUCCEEDED), ran(1, "b", 23_800, 2_000, TaskState.SUCCEEDED)));
        RunReport report = new RunReport("r8", RunDirectory.create(repository, "r8"), result, Optional.empty(), 2);

        assertThat(printed(report)).contains("  Efficiency:  not given: resumed: its wall time includes the time between "
                + "its processes\n");
        ObjectNode json = report.json();
        assertThat(json.get("efficiency").isNull()).isTrue();
        assertThat(json.get("sessions").asInt()).isEqualTo(2);
        assertThat(json.get("efficiency_not_given").asText()).startsWith("resumed");
    }

    @Test
    void resumedRun_measuresItsEfficiencyOverItsSessionsActiveTimes_listsThem_andAPastRunReadsThemBack() {
        // session 1 ran a (0-2 s) and died; session 2 ran b (23.8-25.8 s) after 21.8 s with no process
        RunResult result = new RunResult(RunStatus.SUCCEEDED, Mode.FLOW, 2, T0, T0.plusMillis(25_800), 1, 1,
                List.of(ran(0, "a", 0, 2_000, TaskState.SUCCEEDED), ran(1, "b", 23_800, 2_000, TaskState.SUCCEEDED)));
        long t0 = T0.toEpochMilli();
        List<dev.wave.journal.SessionTime> sessions = List.of(
                new dev.wave.journal.SessionTime(1, t0, Optional.of(t0), Optional.of(t0 + 3_000), false),
                new dev.wave.journal.SessionTime(2, t0 + 23_000, Optional.of(t0 + 23_800), Optional.of(t0 + 25_800),
                        true));
        RunReport report = new RunReport("r6", RunDirectory.create(repository, "r6"), result, Optional.empty(), 2,
                sessions);

        String text = printed(report);
        assertThat(text).contains("  Wall time:   25.8s, measured, the time between its sessions included\n")
                .contains("  Sessions:    2 processes, active 5.0s: 1: 3.0s (its process died: at least), 2: 2.0s (each "
                        + "from its first task's start to its tasks' last work)\n")
                .contains("  Efficiency:  none: the active time was not shorter than the task time\n");
        ObjectNode json = report.json();
        assertThat(json.get("efficiency").asDouble()).as("(4 s - 5 s) / 4 s").isEqualTo(-0.25);
        assertThat(json.get("active_seconds").asDouble()).isEqualTo(5.0);
        assertThat(json.get("session_times")).hasSize(2);
        assertThat(json.get("session_times").get(0).get("ended").asBoolean()).isFalse();
        assertThat(json.has("efficiency_not_given")).isFalse();

        report.write();
        dev.wave.journal.Json.write(report.directory().executionPlan(), dev.wave.journal.Json.object().put("task", "goal"));
        StringWriter past = new StringWriter();
        PastRun.read(RunDirectory.open(repository, "r6").root()).print(new PrintWriter(past), repository);
        assertThat(past.toString()).contains("  Sessions:    2 processes, active 5.0s: 1: 3.0s (its process died: at "
                + "least), 2: 2.0s").contains("  Efficiency:  none: the active time was not shorter");
        ObjectNode page = HtmlReport.data(PastRun.read(report.directory().root()));
        assertThat(page.get("active_ms").asLong()).isEqualTo(5_000);
        assertThat(page.get("sessions")).hasSize(2);
        assertThat(page.get("sessions").get(0).get("ended").asBoolean()).isFalse();
    }

    @Test
    void resumedRun_fasterOverItsSessionsThanItsTaskTime_saysHowMuchLessActiveTime() {
        RunResult result = new RunResult(RunStatus.SUCCEEDED, Mode.FLOW, 2, T0, T0.plusMillis(60_000), 1, 2,
                List.of(ran(0, "a", 0, 2_000, TaskState.SUCCEEDED), ran(1, "b", 0, 2_000, TaskState.SUCCEEDED),
                        ran(2, "c", 50_000, 1_000, TaskState.SUCCEEDED), ran(3, "d", 50_000, 1_000, TaskState.SUCCEEDED)));
        long t0 = T0.toEpochMilli();
        RunReport report = new RunReport("r5", RunDirectory.create(repository, "r5"), result, Optional.empty(), 2, List.of(
                new dev.wave.journal.SessionTime(1, t0, Optional.of(t0), Optional.of(t0 + 2_000), true),
                new dev.wave.journal.SessionTime(2, t0 + 49_000, Optional.of(t0 + 50_000), Optional.of(t0 + 51_000), true)));

        assertThat(printed(report)).contains("  Efficiency:  50% less active time than the task time, measured (the sum of "
                + "the sessions' active times)\n");
        assertThat(report.json().get("efficiency").asDouble()).isEqualTo(0.5);
        assertThat(report.json().get("average_concurrency").asDouble()).as("6 s of tasks over 3 s active").isEqualTo(2.0);
    }

    @Test
    void interruptedRun_hasNoEfficiency() {
        RunResult result = new RunResult(RunStatus.INTERRUPTED, Mode.FLOW, 2, T0, T0.plusMillis(1_000), 1, 2,
                List.of(ran(0, "a", 0, 1_000, TaskState.SUCCEEDED), ran(1, "b", 0, 1_000, TaskState.CANCELLED)));
        RunReport report = new RunReport("r2", RunDirectory.create(repository, "r2"), result);

        assertThat(printed(report)).contains("  Efficiency:  not given: the run was interrupted, so its times cover only "
                + "the tasks that ran\n");
        assertThat(report.json().get("efficiency").isNull()).isTrue();
    }

    @Test
    void wallLongerThanTheTasks_saysNone_neverANegativePercentage() {
        RunResult result = new RunResult(RunStatus.FAILED, Mode.FLOW, 1, T0, T0.plusMillis(1_050), 1, 1,
                List.of(ran(0, "a", 0, 500, TaskState.SUCCEEDED), ran(1, "b", 550, 500, TaskState.FAILED)));
        RunReport report = new RunReport("r3", RunDirectory.create(repository, "r3"), result);

        String text = printed(report);
        assertThat(text).contains("  Efficiency:  none: the wall time was not shorter than the task time\n")
                .doesNotContainPattern("-\\d+%").contains("  Failed:      b (exit 2, no output) log: ");
    }
}
