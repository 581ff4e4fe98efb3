package dev.wave.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wave.WaveException;
import dev.wave.journal.Checkpoint;
import dev.wave.journal.Json;
import dev.wave.journal.RunRow;
import dev.wave.journal.RunState;
import dev.wave.journal.RunStore;
import dev.wave.scale.Machine;
import dev.wave.schedule.TaskState;
import dev.wave.testing.Await;
import dev.wave.testing.ScratchRepository;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** wave as a library: whole runs through the API, with no command line and nothing on System.out. */
final class OrchestratorTest {
    private static final Machine MACHINE = new Machine(2, 8L << 30, Optional.empty());

    @TempDir
    Path repo;

    private final StringWriter printed = new StringWriter();
    private final PrintWriter out = new PrintWriter(printed, true);
    private final Orchestrator orchestrator = Orchestrator.create(() -> MACHINE);

    private Path plan(String yaml) throws Exception {
        Path plan = repo.resolve("plan.yaml");
        Files.writeString(plan, yaml);
        return plan;
    }

    @Test
    @Timeout(120)
    void aPlanRunsEndToEnd_throughTheApi_andTheJournalAndCheckpointsAgree() throws Exception {
        ScratchRepository git = ScratchRepository.empty(repo);
        git.write("README.md", "hello\n");
        git.git("add", "-A");
        git.git("commit", "-q", "-m", "start");
        Path plan = Files.writeString(Files.createTempFile("plan", ".yaml"), """
                name: make two files
                tasks:
                  - {id: one, run: "echo 1 > one.txt"}
                  - {id: two, run: "echo 2 > two.txt", depends_on: [one]}
                """);

        PreparedRun prepared = orchestrator.prepare(RunRequest.planFile(repo, plan));
        RunOutcome outcome = orchestrator.execute(prepared, RunEnvironment.of(out, Approver.all()));

        assertThat(outcome.verdict()).as(printed.toString()).isEqualTo(RunOutcome.Verdict.SUCCEEDED);
        assertThat(Files.readString(repo.resolve("two.txt"))).isEqualTo("2\n");
        assertThat(git.git("log", "-1", "--format=%s")).contains("wave: make two files");
        String runId = outcome.runId().orElseThrow();
        JsonNode summary = Json.MAPPER.readTree(repo.resolve(".wave/runs/" + runId + "/execution_summary.json").toFile());
        assertThat(summary.get("status").asText()).isEqualTo("succeeded");
        Path directory = repo.resolve(".wave/runs/" + runId);
        String written = Files.readString(directory.resolve("report.html"));
        assertThat(written).as("the report made from the run's records in memory is the one its files give")
                .isEqualTo(Files.readString(dev.wave.report.HtmlReport.write(directory)));
        try (RunStore store = RunStore.open(repo)) {
            RunRow row = store.run(runId).orElseThrow();
            assertThat(row.status()).isEqualTo("succeeded");
            assertThat(row.resumable()).isFalse();
            RunState state = RunState.read(store, runId).orElseThrow();
            assertThat(state.ended()).containsOnlyKeys("one", "two");
            for (String task : new String[] {"one", "two"}) {
                Checkpoint file = Checkpoint.read(repo.resolve(".wave/runs/" + runId + "/checkpoints/" + task + ".json"));
                assertThat(file).isEqualTo(state.ended().get(task));
                assertThat(file.state()).isEqualTo(TaskState.SUCCEEDED);
            }
        }
    }

    @Test
    @Timeout(120)
    void measuredDurations_becomeLaterPlansEstimates_andThePlanSaysWhich() throws Exception {
        Path plan = plan("""
                tasks:
                  - {id: learns, run: "sleep 0.2"}
                  - {id: told, run: "true", estimate: 5m}
                """);
        RunRequest request = RunRequest.planFile(repo, plan).withFlag("always_backup", "no");
        assertThat(orchestrator.prepare(request).estimatesFromHistory()).isEmpty();

        RunOutcome outcome = orchestrator.execute(orchestrator.prepare(request), RunEnvironment.of(out, Approver.all()));
        assertThat(outcome.verdict()).as(printed.toString()).isEqualTo(RunOutcome.Verdict.SUCCEEDED);
        long measured = outcome.report().orElseThrow().result().tasks().get(0).durationMillis();

        PreparedRun next = orchestrator.prepare(request);

        assertThat(next.estimatesFromHistory()).containsExactly("learns");
        assertThat(next.plan().task(0).estimate()).contains(java.time.Duration.ofMillis(measured));
        assertThat(next.plan().task(1).estimate()).contains(java.time.Duration.ofMinutes(5));
        assertThat(next.analysis().notes()).anyMatch(note -> note.startsWith("1 of 2 estimates come from durations "
                + "measured in earlier runs"));
        assertThat(next.json().get("estimates_from_history").get(0).asText()).isEqualTo("learns");
    }

    @Test
    void notApproved_changesNothing() throws Exception {
        ScratchRepository.empty(repo);
        Path plan = plan("tasks:\n  - {id: one, run: \"echo 1 > one.txt\"}\n");
        Approver no = new Approver() {
            @Override
            public boolean approvePlan(PreparedRun run) {
                return false;
            }

            @Override
            public boolean approveCritical(PreparedRun run) {
                return false;
            }
        };

        RunOutcome outcome = orchestrator.execute(orchestrator.prepare(RunRequest.planFile(repo, plan)),
                RunEnvironment.of(out, no));

        assertThat(outcome.verdict()).isEqualTo(RunOutcome.Verdict.NOT_APPROVED);
        assertThat(repo.resolve("one.txt")).doesNotExist();
        assertThat(repo.resolve(".wave/runs")).doesNotExist();
    }

    @Test
    @Timeout(120)
    void cancelledRun_refusesANewRun_thenResumes_withoutRunningFinishedTasksAgain() throws Exception {
        ScratchRepository git = ScratchRepository.empty(repo);
        git.write("README.md", "hello\n");
        git.git("add", "-A");
        git.git("commit", "-q", "-m", "start");
        Path gate = repo.resolve("../gate-" + repo.getFileName()).normalize();
        Path plan = Files.writeString(Files.createTempFile("plan", ".yaml"), """
                name: gated
                tasks:
                  - {id: first, run: "echo once >> first.txt"}
                  - {id: waits, run: "while [ ! -e %s ]; do sleep 0.02; done; echo done > waits.txt", depends_on: [first]}
                  - {id: last, run: "echo last > last.txt", depends_on: [waits]}
                """.formatted(gate));
        RunControl control = new RunControl();
        RunEnvironment environment = RunEnvironment.of(out, Approver.all()).withControl(control);
        // The gate is outside the repository, in the temporary directory, which the sandbox makes private to the task.
        PreparedRun prepared = orchestrator.prepare(RunRequest.planFile(repo, plan).withFlag("sandbox", "off")
                .withFlag("verify", "true"));

        CompletableFuture<RunOutcome> first = CompletableFuture.supplyAsync(() -> orchestrator.execute(prepared, environment));
        Await.until("task \"waits\" to start", Duration.ofSeconds(60), () -> {
            assertThat(first).as("the run ended before \"waits\" started: " + printed).isNotDone();
            return startedWaits();
        });
        control.cancel();
        RunOutcome interrupted = first.get(60, TimeUnit.SECONDS);

        assertThat(interrupted.verdict()).isEqualTo(RunOutcome.Verdict.INTERRUPTED);
        String runId = interrupted.runId().orElseThrow();
        assertThatThrownBy(() -> orchestrator.execute(orchestrator.prepare(RunRequest.planFile(repo, plan)),
                RunEnvironment.of(out, Approver.all())))
                .isInstanceOf(WaveException.class)
                .hasMessageContaining("wave resume " + runId)
                .hasMessageContaining("wave abandon " + runId);

        Files.writeString(gate, "go");
        try {
            RunOutcome resumed = orchestrator.resume(repo, Optional.empty(), RunEnvironment.of(out, Approver.all()));

            assertThat(resumed.verdict()).as(printed.toString()).isEqualTo(RunOutcome.Verdict.SUCCEEDED);
            assertThat(resumed.runId()).contains(runId);
            assertThat(printed.toString()).contains("Wave 0: check baseline (true)")
                    .contains("Wave 0: check baseline (true) from before the run's first task, read back")
                    .contains("Check after the tasks (true): passed");
            assertThat(Files.readString(repo.resolve("first.txt"))).isEqualTo("once\n");
            assertThat(git.git("show", "--stat", "--format=%s", "HEAD")).contains("first.txt", "waits.txt", "last.txt");
            try (RunStore store = RunStore.open(repo)) {
                RunState state = RunState.read(store, runId).orElseThrow();
                assertThat(state.starts()).containsEntry("first", 1).containsEntry("last", 1);
                assertThat(state.starts().get("waits")).isEqualTo(2);
                assertThat(state.sessions()).isEqualTo(2);
                assertThat(store.run(runId).orElseThrow().status()).isEqualTo("succeeded");
                assertThat(Json.MAPPER.readTree(store.run(runId).orElseThrow().request()).get("repository_in_root").asText())
                        .as("where the run was, relative to the journal's top level, for a resume in a moved copy").isEmpty();
            }
            JsonNode summary = Json.MAPPER.readTree(repo.resolve(".wave/runs/" + runId + "/execution_summary.json").toFile());
            assertThat(summary.get("tasks").findValuesAsText("status")).containsOnly("succeeded");
            Runs.HistoryEntry history = Runs.history(repo).get(0);
            assertThat(history.resumes()).isEqualTo(1);
            // its wall time spans the pause between its processes: its efficiency is over its sessions' active times
            assertThat(history.overSessions()).isTrue();
            assertThat(history.sessions()).hasSize(2);
            assertThat(history.measuredMillis()).isLessThan(history.run().wallMillis().orElseThrow());
            assertThat(history.efficiency()).as("as its summary measures it").hasValueSatisfying(value -> assertThat(value)
                    .isCloseTo(summary.get("efficiency").asDouble(), org.assertj.core.data.Offset.offset(0.0001)));
            assertThat(history.noEfficiency()).isEmpty();
        } finally {
            Files.deleteIfExists(gate);
        }
    }

    private boolean startedWaits() {
        if (!RunStore.exists(repo)) {
            return false;
        }
        try (RunStore store = RunStore.openToRead(repo)) {
            return store.runs().stream().findFirst()
                    .flatMap(row -> RunState.read(store, row.runId()))
                    .map(state -> state.running().contains("waits"))
                    .orElse(false);
        } catch (WaveException e) {
            return false; // the journal is being created
        }
    }
}
