package dev.wave.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wave.WaveException;
import dev.wave.journal.Json;
import dev.wave.journal.RunDirectory;
import dev.wave.journal.RunJournal;
import dev.wave.journal.RunRow;
import dev.wave.journal.RunStore;
import dev.wave.plan.Plan;
import dev.wave.run.RunEvent;
import dev.wave.run.TaskRecord;
import dev.wave.run.TaskStart;
import dev.wave.schedule.TaskState;
import dev.wave.schedule.Waves;
import dev.wave.testing.Chromium;
import dev.wave.testing.Dags;
import dev.wave.testing.FakeClock;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code wave report} of a run that has not ended: a journal and a run directory written by hand, as a run that is
 * running, one whose process died, and one resumed and running again, reported so far.
 */
final class RunSoFarTest {
    private static final String RUN = "20261201-100000-0001";
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    /** A pid no process has: Linux hands out pids up to 2^22. */
    private static final long DEAD_PID = 999_999_999L;

    @TempDir
    Path repository;

    private final Plan plan = Dags.parse("""
            a 1000
            b 2000 <- a
            c 500 <- a
            d 100 <- b c
            """);
    private final FakeClock clock = new FakeClock(T0);

    /**
     * Run {@code RUN} so far: {@code a} ended at +2 s, {@code c} at +2.5 s, {@code b} running on I1 since +2 s,
     * {@code d} not started. Its row's owner is {@code pid} (this process: a live run).
     */
    private Path runSoFar(RunRow row) {
        RunDirectory directory = RunDirectory.create(repository, RUN);
        Json.write(directory.executionPlan(), SyntheticRun.planJson(plan, Waves.of(plan.graph()), 2));
        try (RunStore store = RunStore.open(repository)) {
            RunJournal journal = RunJournal.start(store, row, plan.graph(), clock, Map.of());
            clock.advance(Duration.ofSeconds(1));
            journal.append(started(0, "a", 1, "I1"));
            clock.advance(Duration.ofSeconds(1));
            journal.append(new RunEvent.TaskEnded(ended(0, "a", 1, "I1", 1000, 1000)));
            journal.append(started(1, "b", 2, "I1"));
            journal.append(started(2, "c", 2, "I2"));
            clock.advance(Duration.ofMillis(500));
            journal.append(new RunEvent.TaskEnded(ended(2, "c", 2, "I2", 2000, 500)));
            journal.sync();
        }
        return directory.root();
    }

    private RunEvent.AttemptStarted started(int index, String id, int wave, String instance) {
        return new RunEvent.AttemptStarted(new TaskStart(index, id, wave, instance, clock.instant(), 1), 1);
    }

    private static TaskRecord ended(int index, String id, int wave, String instance, long startMillis, long took) {
        return new TaskRecord(index, id, wave, Optional.of(instance), TaskState.SUCCEEDED,
                Optional.of(T0.plusMillis(startMillis)), Optional.of(T0.plusMillis(startMillis + took)), took,
                Optional.of(0), 1, "ok", List.of());
    }

    private static RunRow row(String status, long pid) {
        return new RunRow(RUN, "tidy up", "plan.yaml", status, true, T0.toEpochMilli(), Optional.empty(), 4, 2, "flow",
                Optional.empty(), pid, 0, "{}", Optional.empty(), Optional.empty(), false);
    }

    private String text(PastRun run) {
        StringWriter text = new StringWriter();
        run.print(new PrintWriter(text), repository);
        return text.toString();
    }

    @Test
    void aRunningRun_isReportedSoFar_withItsRunningTask_andNoFigureThatNeedsTheEnd() throws Exception {
        Path directory = runSoFar(row("running", ProcessHandle.current().pid()));
        InstantSource now = InstantSource.fixed(T0.plusSeconds(5));

        PastRun run = PastRun.read(directory, repository, now);

        assertThat(run.ended()).isFalse();
        assertThat(text(run))
                .contains("Run " + RUN + " in progress: its process " + ProcessHandle.current().pid()
                        + " is running it; the report so far, as of 2026-12-01T10:00:05.000Z")
                .contains("Tasks:       2 succeeded, 0 failed, 0 skipped, 0 cancelled so far; 1 running, 1 not started")
                .contains("Running:     b since 2026-12-01T10:00:02.000Z, attempt 1 on I1: 3.0s so far (estimate 2.0s)")
                .contains("Wall time:   4.0s so far, measured from the first task's start to now; not the run's: the run "
                        + "has not ended")
                .contains("Task time:   1.5s, the sum of the measured durations of the tasks ended so far")
                .contains("Efficiency:  not given: the run has not ended")
                .contains("Critical path: 1.5s so far, measured over the tasks ended so far (a -> c)")
                .contains("peak 2 running so far")
                .contains("Report:      so far, from the journal")
                .doesNotContain("(measured)").doesNotContain("no schedule of these durations is shorter");

        Path page = HtmlReport.write(run);

        assertThat(page).isEqualTo(directory.resolve("report-so-far.html"));
        assertThat(directory.resolve("report.html")).as("the run writes that one at its end").doesNotExist();
        assertThat(Files.list(directory).map(file -> file.getFileName().toString()))
                .noneMatch(name -> name.endsWith(".tmp"));
        JsonNode data = HtmlReport.data(run);
        assertThat(data.get("status").asText()).isEqualTo("running");
        assertThat(data.get("efficiency").isNull()).isTrue();
        assertThat(data.path("so_far").path("as_of_ms").asLong()).as("from the first task's start").isEqualTo(4000);
        assertThat(data.path("so_far").path("running").get(0).get("id").asText()).isEqualTo("b");
        assertThat(data.path("so_far").path("running").get(0).get("for_ms").asLong()).isEqualTo(3000);
        assertThat(data.path("tasks").path("id")).extracting(JsonNode::asText).containsExactly("a", "b", "c", "d");
        assertThat(data.path("files").path("source").asText()).as("checkpoints/ is written in batches").isEqualTo("the journal");
        assertThat(data.path("tasks").path("state")).extracting(node -> data.path("tasks").path("states")
                .get(node.asInt()).asText()).containsExactly("succeeded", "running", "succeeded", "not-started");
        String html = Files.readString(page);
        assertThat(html.split("</script>", -1)).hasSize(3);
        assertThat(html).doesNotContainPattern("(src|href)=\"?(https?:)?//").doesNotContain("<link").doesNotContain("/*WAVE_");
    }

    @Test
    void aRunWhoseProcessDied_saysSo_andHowToContinueIt_andItsRunningTaskWasCutShort() {
        Path directory = runSoFar(row("running", DEAD_PID));

        PastRun run = PastRun.read(directory, repository, InstantSource.fixed(T0.plusSeconds(60)));

        assertThat(run.ended()).isFalse();
        assertThat(text(run))
                .contains("Run " + RUN + " died: its process " + DEAD_PID + " died (its last record at "
                        + "2026-12-01T10:00:02.500Z); 'wave resume " + RUN + "' continues it")
                .contains("1 cut short (running when its process died), 1 not started")
                .contains("Cut short:   b since 2026-12-01T10:00:02.000Z, attempt 1 on I1: 500ms at least; 'wave resume' "
                        + "runs it again")
                .contains("Wall time:   1.5s so far, measured from the first task's start to its last record")
                .contains("Efficiency:  not given: its process died before the end");
        assertThat(HtmlReport.data(run).get("status").asText()).isEqualTo("died");

        try (RunStore store = RunStore.open(repository)) {
            store.abandoned(RUN, T0.plusSeconds(70).toEpochMilli());
        }
        assertThat(text(PastRun.read(directory, repository, InstantSource.fixed(T0.plusSeconds(80)))))
                .contains("Run " + RUN + " abandoned: its process died before the end and the run was given up");
    }

    @Test
    void aResumedRunRunningAgain_isReportedSoFar_notByItsEarlierSessionsSummary() throws Exception {
        Path directory = runSoFar(row("running", DEAD_PID));
        Path summary = directory.resolve("execution_summary.json");
        Files.writeString(summary, """
                {"run_id": "%s", "status": "interrupted", "sessions": 1, "tasks": []}""".formatted(RUN));
        try (RunStore store = RunStore.open(repository)) {
            RunJournal.resume(store, dev.wave.journal.RunState.read(store, RUN).orElseThrow(), plan.graph(), clock, Map.of()).sync();
        }

        PastRun resumed = PastRun.read(directory, repository, InstantSource.fixed(T0.plusSeconds(5)));

        assertThat(resumed.ended()).isFalse();
        assertThat(text(resumed)).contains("in progress").contains("2 succeeded").contains("2 not started")
                .doesNotContain("interrupted");

        Files.writeString(summary, """
                {"run_id": "%s", "status": "succeeded", "sessions": 2, "tasks": []}""".formatted(RUN));
        assertThat(PastRun.read(directory, repository, InstantSource.fixed(T0.plusSeconds(5))).ended())
                .as("the summary of its last session: it is ending").isTrue();
    }

    @Test
    void aRunWithNoSummary_andNoRecordInTheJournal_isRefusedInOneLine() throws Exception {
        Path directory = RunDirectory.create(repository, RUN).root();
        Json.write(directory.resolve("execution_plan.json"), SyntheticRun.planJson(plan, Waves.of(plan.graph()), 2));

        assertThatThrownBy(() -> PastRun.read(directory, repository, InstantSource.fixed(T0)))
                .isInstanceOf(WaveException.class)
                .hasMessage("run " + RUN + " has no execution_summary.json, and the journal (" + RunStore.file(repository)
                        + ") has no record of it: it is just starting (try again in a moment), or its journal was removed. "
                        + "'wave history' lists the runs the journal holds.");
        assertThat(Files.list(directory).map(file -> file.getFileName().toString()))
                .containsExactlyInAnyOrder("execution_plan.json", "logs", "checkpoints");
    }

    @Test
    @Timeout(120)
    void thePageSoFar_rendersInChromium_withItsRunningTaskOnTheTimeline() throws Exception {
        Path directory = runSoFar(row("running", ProcessHandle.current().pid()));
        Path page = HtmlReport.write(PastRun.read(directory, repository, InstantSource.fixed(T0.plusSeconds(5))));

        Assumptions.assumeTrue(Chromium.installed(), "no " + Chromium.BINARY + " on this machine (.ci/run installs it)");
        Chromium.Page rendered = Chromium.load(page, Files.createDirectory(repository.resolve("profile")));
        assertThat(rendered.consoleErrors()).isEmpty();
        assertThat(rendered.attribute("rendered", "data-errors")).isEqualTo("0");
        assertThat(rendered.attribute("rendered", "data-drawn")).as("a, b (running) and c have bars").isEqualTo("3");
        assertThat(rendered.dom()).contains("Running now").contains("in progress: its process")
                .contains("report so far, as of 2026-12-01 10:00:05.000 UTC").contains("not started")
                .contains("Utilisation so far: time the agents spent on the wave's tasks ended so far");
    }
}
