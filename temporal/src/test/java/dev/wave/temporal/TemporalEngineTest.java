package dev.wave.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wave.engine.Approver;
import dev.wave.engine.Orchestrator;
import dev.wave.engine.PreparedRun;
import dev.wave.engine.RunControl;
import dev.wave.engine.RunEnvironment;
import dev.wave.engine.RunOutcome;
import dev.wave.engine.RunRequest;
import dev.wave.journal.Json;
import dev.wave.scale.Machine;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole run through the library API on the Temporal engine: Wave 0 and the final commit on the submitting
 * side, shell tasks on a worker in its own clone, their changes applied back as patches, the journal,
 * checkpoints and summary as in a local run.
 */
final class TemporalEngineTest {
    private static final Machine MACHINE = new Machine(2, 8L << 30, Optional.empty());

    @TempDir
    Path directory;

    private TestWorkflowEnvironment environment;
    private TemporalWorker worker;
    private final StringWriter printed = new StringWriter();
    private final PrintWriter out = new PrintWriter(printed, true);

    @BeforeEach
    void start() {
        environment = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder().setUseTimeskipping(false)
                .build());
        environment.start();
    }

    @AfterEach
    void stop() {
        if (worker != null) {
            worker.close();
        }
        environment.close();
    }

    @Test
    @Timeout(60)
    void planRunsOnAWorker_andItsChangesAreCommittedInTheSubmittingRepository() throws Exception {
        Path repo = Repositories.withOneCommit(directory.resolve("repo"));
        Path clone = Repositories.cloneOf(repo, directory.resolve("clone"));
        worker = new TemporalWorker(Connection.of(environment.getWorkflowClient()), "wave", clone, 4,
                Duration.ofMillis(250), line -> { });
        worker.start();
        Path plan = Files.writeString(directory.resolve("plan.yaml"), """
                name: make files on a worker
                tasks:
                  - {id: one, run: "echo 1 > one.txt"}
                  - {id: two, run: "cat one.txt > two.txt && echo 2 >> two.txt && echo said two", depends_on: [one]}
                  - {id: check, run: "test -f README.md", depends_on: [one]}
                """);
        TemporalSettings settings = TemporalSettings.of(java.util.Map.of("heartbeat_ms", "2000"));
        Orchestrator orchestrator = Orchestrator.create(() -> MACHINE)
                .withEngine(new TemporalEngine(settings, () -> Connection.of(environment.getWorkflowClient())));

        PreparedRun prepared = orchestrator.prepare(RunRequest.planFile(repo, plan).withFlag("progress_display", "summary"));
        RunOutcome outcome = orchestrator.execute(prepared, RunEnvironment.of(out, Approver.all()));

        assertThat(outcome.verdict()).as(printed.toString()).isEqualTo(RunOutcome.Verdict.SUCCEEDED);
        assertThat(Files.readString(repo.resolve("one.txt"))).isEqualTo("1\n");
        assertThat(Files.readString(repo.resolve("two.txt"))).as("two saw one's work").isEqualTo("1\n2\n");
        assertThat(Repositories.git(repo, "log", "-1", "--format=%s")).contains("wave: make files on a worker");
        assertThat(Repositories.git(repo, "status", "--porcelain")).doesNotContain("one.txt", "two.txt");
        assertThat(printed.toString()).contains("Temporal: workflow wave-", "Wave 0: backup");
        String runId = outcome.runId().orElseThrow();
        Path run = repo.resolve(".wave/runs/" + runId);
        JsonNode summary = Json.MAPPER.readTree(run.resolve("execution_summary.json").toFile());
        assertThat(summary.get("status").asText()).isEqualTo("succeeded");
        assertThat(run.resolve("checkpoints/two.json")).exists();
        assertThat(Files.readString(run.resolve("logs/two.log"))).contains("said two");
        assertThat(Repositories.git(clone, "status", "--porcelain")).isEmpty();
    }

    @Test
    @Timeout(60)
    void cancel_asWaveCancelDoes_stopsTheWorkersTasks_andTheRunEndsInterrupted() throws Exception {
        Path repo = Repositories.withOneCommit(directory.resolve("repo"));
        Path clone = Repositories.cloneOf(repo, directory.resolve("clone"));
        CountDownLatch started = new CountDownLatch(1);
        worker = new TemporalWorker(Connection.of(environment.getWorkflowClient()), "wave", clone, 4,
                Duration.ofMillis(250), line -> {
                    if (line.startsWith("started ")) {
                        started.countDown();
                    }
                });
        worker.start();
        Path plan = Files.writeString(directory.resolve("plan.yaml"), """
                name: too slow
                tasks:
                  - {id: slow, run: "sleep 60"}
                  - {id: after, run: "true", depends_on: [slow]}
                """);
        TemporalSettings settings = TemporalSettings.of(java.util.Map.of("heartbeat_ms", "2000"));
        Orchestrator orchestrator = Orchestrator.create(() -> MACHINE)
                .withEngine(new TemporalEngine(settings, () -> Connection.of(environment.getWorkflowClient())));
        PreparedRun prepared = orchestrator.prepare(RunRequest.planFile(repo, plan).withFlag("progress_display", "summary"));
        RunControl control = new RunControl();
        CompletableFuture<RunOutcome> running = CompletableFuture.supplyAsync(() -> orchestrator.execute(prepared,
                RunEnvironment.of(out, Approver.all()).withControl(control)));
        assertThat(started.await(30, TimeUnit.SECONDS)).as(printed.toString()).isTrue();

        control.cancel();

        RunOutcome outcome = running.get(40, TimeUnit.SECONDS);
        assertThat(outcome.verdict()).as(printed.toString()).isEqualTo(RunOutcome.Verdict.INTERRUPTED);
        Path run = repo.resolve(".wave/runs/" + outcome.runId().orElseThrow());
        assertThat(Files.readString(run.resolve("checkpoints/slow.json"))).contains("\"status\" : \"cancelled\"");
        assertThat(ProcessHandle.current().descendants()).noneMatch(process -> process.info().commandLine()
                .orElse("").contains("sleep 60"));
    }
}
