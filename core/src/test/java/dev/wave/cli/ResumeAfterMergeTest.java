package dev.wave.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wave.engine.Approver;
import dev.wave.engine.Orchestrator;
import dev.wave.engine.RunEnvironment;
import dev.wave.engine.RunOutcome;
import dev.wave.engine.RunRequest;
import dev.wave.engine.RunStep;
import dev.wave.journal.RunStore;
import dev.wave.scale.Machine;
import dev.wave.testing.FakeAgents;
import dev.wave.testing.ScratchRepository;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wave process dies while an agent task is being integrated: after the journal's intent to merge and either
 * after the merge wrote the working tree or before it touched anything, with nothing of the session journaled after
 * the intent. The run's first session is stopped after its tasks (an exception from a {@link RunStep}, as a crash),
 * then its journal is cut back to the intent and the working tree put back as it was at that moment: that is what
 * a kill at that point leaves on disk. The resume must neither merge the change twice nor lose it.
 */
@Timeout(120)
final class ResumeAfterMergeTest {
    private static final Machine MACHINE = new Machine(2, 8L << 30, Optional.empty());
    private static final String PLAN = """
            name: merge then die
            tasks:
              - id: edit
                prompt: from edit
                env: {WAVE_FAKE_AGENT_FILES: "src/shared.txt"}
              - id: after
                run: "cat src/shared.txt > after.txt"
                depends_on: [edit]
            """;

    @TempDir
    Path directory;

    private Path repo;
    private ScratchRepository repository;
    private ScratchRepository.State before;
    private String agent;
    private final StringWriter printed = new StringWriter();

    @BeforeEach
    void setUp() {
        repo = directory.resolve("repo");
        repository = ScratchRepository.empty(repo);
        repository.write("src/shared.txt", "base\n");
        repository.write("src/other.txt", "base\n");
        repository.git("add", "-A");
        repository.git("commit", "-q", "-m", "start");
        before = repository.state();
        agent = FakeAgents.install(directory.resolve("bin")).executable("claude") + " -p {prompt}";
    }

    /** What a crash of the wave process looks like to the engine. */
    private static final class Crash extends RuntimeException {
        Crash() {
            super("crash after the tasks");
        }
    }

    /** Runs the plan in a first session that dies once its tasks ended, before the final commit; returns the run id. */
    private String runAndCrashAfterTheTasks() throws Exception {
        return runAndCrashAfterTheTasks(Files.writeString(directory.resolve("plan.yaml"), PLAN));
    }

    private String runAndCrashAfterTheTasks(Path plan) throws Exception {
        AtomicBoolean crashed = new AtomicBoolean();
        Orchestrator orchestrator = Orchestrator.create(() -> MACHINE).withStep(new RunStep() {
            @Override
            public void stageEnded(Stage stage, String runId) {
                if (stage == Stage.TASKS && crashed.compareAndSet(false, true)) {
                    throw new Crash();
                }
            }
        });
        RunRequest request = RunRequest.planFile(repo, plan).withFlag("agent", agent).withFlag("verify", "none");
        assertThatThrownBy(() -> orchestrator.execute(orchestrator.prepare(request), environment()))
                .isInstanceOf(Crash.class);
        assertThat(repository.read("src/shared.txt")).isEqualTo("base\nfrom edit\n");
        try (RunStore store = RunStore.open(repo)) {
            String runId = store.runs().get(0).runId();
            store.owner(runId, ProcessHandle.current().pid(), 1); // its process is gone, as after a kill
            return runId;
        }
    }

    private RunEnvironment environment() {
        return RunEnvironment.of(new PrintWriter(printed, true), Approver.all());
    }

    /**
     * Cuts the journal of run {@code runId} back to the intent to merge task edit, and drops what the tasks wrote
     * after it (the dependent's output, the checkpoints): the state of a process killed right after that intent.
     */
    private void cutBackToTheIntent(String runId) throws Exception {
        Path database;
        try (RunStore store = RunStore.open(repo)) {
            database = store.file();
        }
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
                PreparedStatement cut = connection.prepareStatement("DELETE FROM events WHERE run_id = ? AND abs(seq) > "
                        + "(SELECT seq FROM events WHERE run_id = ? AND kind = 'integration_intent' AND task = 'edit')")) {
            cut.setString(1, runId); // a task's measured duration goes under its end's seq, negated
            cut.setString(2, runId);
            assertThat(cut.executeUpdate()).as("events after the intent").isPositive();
        }
        Files.delete(repo.resolve("after.txt"));
        Path checkpoints = repo.resolve(".wave/runs/" + runId + "/checkpoints");
        Files.deleteIfExists(checkpoints.resolve("edit.json"));
        Files.deleteIfExists(checkpoints.resolve("after.json"));
    }

    private Map<String, Integer> count(String runId, String kind) {
        Map<String, Integer> counts = new TreeMap<>();
        try (RunStore store = RunStore.open(repo)) {
            store.events(runId).stream().filter(event -> event.kind().equals(kind))
                    .forEach(event -> counts.merge(event.task().orElse(""), 1, Integer::sum));
        }
        return counts;
    }

    private void assertCommittedOnce_andRollsBackExactly(String runId) {
        assertThat(repository.read("src/shared.txt")).as("the change is there once").isEqualTo("base\nfrom edit\n");
        assertThat(repository.read("after.txt")).isEqualTo("base\nfrom edit\n");
        assertThat(repository.git("rev-list", "--count", "HEAD").strip()).as("one commit on top of the start").isEqualTo("2");
        assertThat(repository.git("status", "--porcelain")).isEmpty();
        assertThat(repository.git("branch", "--list", "wave/*")).as("no task branch left").isBlank();
        assertThat(count(runId, "task_ended")).isEqualTo(Map.of("edit", 1, "after", 1));

        Cli.Result rollback = Cli.run("rollback", "--repo", repo.toString());

        assertThat(rollback.exitCode()).as(rollback.out() + rollback.err()).isEqualTo(ExitCodes.OK);
        assertThat(repository.state()).isEqualTo(before);
    }

    @Test
    void diedAfterTheMergeWroteTheWorkingTree_resumeRecordsTheTaskIntegrated_andDoesNotRunItAgain() throws Exception {
        String runId = runAndCrashAfterTheTasks();
        cutBackToTheIntent(runId);
        assertThat(count(runId, "integration_done")).as("the merge's end never reached the journal").isEmpty();

        RunOutcome resumed = Orchestrator.create(() -> MACHINE).resume(repo, Optional.empty(), environment());

        assertThat(resumed.verdict()).as(printed.toString()).isEqualTo(RunOutcome.Verdict.SUCCEEDED);
        assertThat(count(runId, "attempt_started")).as("edit is not run again").isEqualTo(Map.of("edit", 1, "after", 1));
        assertThat(Files.readString(repo.resolve(".wave/runs/" + runId + "/orchestrator.log")))
                .contains("task edit integrated: branch wave/" + runId + "/edit at ")
                .contains("was merged before the process died; recorded as succeeded, not run again");
        assertCommittedOnce_andRollsBackExactly(runId);
    }

    @Test
    void diedHalfwayThroughTheMerge_resumeFinishesTheMerge_andDoesNotRunTheTaskAgainOnAHalfMergedTree() throws Exception {
        Path plan = directory.resolve("two-files.yaml");
        Files.writeString(plan, PLAN.replace("WAVE_FAKE_AGENT_FILES: \"src/shared.txt\"",
                "WAVE_FAKE_AGENT_FILES: \"src/shared.txt src/other.txt\""));
        String runId = runAndCrashAfterTheTasks(plan);
        cutBackToTheIntent(runId);
        // a kill after the merge's first write (src/other.txt) and before its second: src/shared.txt is as it was and
        // its new content waits where the merge staged it
        com.fasterxml.jackson.databind.JsonNode writes;
        try (RunStore store = RunStore.open(repo)) {
            writes = dev.wave.journal.Json.MAPPER.readTree(store.events(runId).stream()
                    .filter(event -> event.kind().equals("integration_intent")).findFirst().orElseThrow().detail().orElseThrow())
                    .path("writes");
        }
        assertThat(writes).extracting(write -> write.path("path").asText()).containsExactly("src/other.txt", "src/shared.txt");
        Path staged = Path.of(writes.get(1).path("staged").asText());
        Files.createDirectories(staged.getParent());
        Files.writeString(staged, "base\nfrom edit\n");
        repository.write("src/shared.txt", "base\n");

        RunOutcome resumed = Orchestrator.create(() -> MACHINE).resume(repo, Optional.empty(), environment());

        assertThat(resumed.verdict()).as(printed.toString()).isEqualTo(RunOutcome.Verdict.SUCCEEDED);
        assertThat(count(runId, "attempt_started")).as("edit is not run again").isEqualTo(Map.of("edit", 1, "after", 1));
        assertThat(Files.readString(repo.resolve(".wave/runs/" + runId + "/orchestrator.log")))
                .contains("was cut short by the process's death after 1 of 2 files and finished on resume");
        assertThat(repository.read("src/other.txt")).as("the change is there once").isEqualTo("base\nfrom edit\n");
        assertCommittedOnce_andRollsBackExactly(runId);
    }

    @Test
    void diedAfterTheIntentBeforeTheMergeWroteAnything_resumeRunsTheTaskAgain_andTheRunCommits() throws Exception {
        String runId = runAndCrashAfterTheTasks();
        cutBackToTheIntent(runId);
        repository.write("src/shared.txt", "base\n"); // the merge had not written yet

        RunOutcome resumed = Orchestrator.create(() -> MACHINE).resume(repo, Optional.empty(), environment());

        assertThat(resumed.verdict()).as(printed.toString()).isEqualTo(RunOutcome.Verdict.SUCCEEDED);
        assertThat(count(runId, "attempt_started")).as("edit runs again").isEqualTo(Map.of("edit", 2, "after", 1));
        assertThat(count(runId, "integration_intent")).isEqualTo(Map.of("edit", 2));
        assertThat(count(runId, "integration_done")).isEqualTo(Map.of("edit", 1));
        assertCommittedOnce_andRollsBackExactly(runId);
    }
}
