package dev.wave.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wave.WaveException;
import dev.wave.journal.Json;
import dev.wave.journal.RunRow;
import dev.wave.journal.RunStore;
import dev.wave.scale.Machine;
import dev.wave.testing.ScratchRepository;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run stopped at the boundaries of its own stages through {@link RunStep}: a cancel (Ctrl-C, {@code wave
 * cancel}) lets the stage finish and writes the summary; a crash (an exception, as the death of the process)
 * leaves the run resumable, and the resumed run ends as an uninterrupted one would.
 */
@Timeout(120)
final class RunStagesTest {
    private static final Machine MACHINE = new Machine(2, 8L << 30, Optional.empty());

    @TempDir
    Path repo;

    private final StringWriter printed = new StringWriter();
    private final PrintWriter out = new PrintWriter(printed, true);
    private ScratchRepository git;

    /** What a crash of the wave process at a stage boundary looks like to the engine. */
    private static final class Crash extends RuntimeException {
        Crash(String where) {
            super("crash " + where);
        }
    }

    /** Cancels the run as {@code stage} starts, as a signal arriving then would. */
    private static RunStep cancelAt(RunStep.Stage stage, RunControl control) {
        return new RunStep() {
            @Override
            public void stageStarting(Stage starting, String runId) {
                if (starting == stage) {
                    control.cancel();
                }
            }
        };
    }

    /** Crashes the first session once {@code stage} has done its work, before the journal records it. */
    private static RunStep crashAfter(RunStep.Stage stage) {
        AtomicBoolean crashed = new AtomicBoolean();
        return new RunStep() {
            @Override
            public void stageEnded(Stage ended, String runId) {
                if (ended == stage && crashed.compareAndSet(false, true)) {
                    throw new Crash("after " + stage);
                }
            }
        };
    }

    @BeforeEach
    void repository() {
        git = ScratchRepository.empty(repo);
        git.write("README.md", "hello\n");
        git.git("add", "-A");
        git.git("commit", "-q", "-m", "start");
    }

    private RunRequest request(String tasks) throws Exception {
        Path plan = Files.writeString(Files.createTempFile("plan", ".yaml"), "name: staged\ntasks:\n" + tasks);
        return RunRequest.planFile(repo, plan).withFlag("sandbox", "off");
    }

    private static final String TWO_TASKS = """
              - {id: one, run: "echo 1 > one.txt"}
              - {id: two, run: "echo 2 > two.txt", depends_on: [one]}
            """;

    private RunOutcome cancelledAt(RunStep.Stage stage, RunRequest request) {
        RunControl control = new RunControl();
        Orchestrator orchestrator = Orchestrator.create(() -> MACHINE).withStep(cancelAt(stage, control));
        return orchestrator.execute(orchestrator.prepare(request), RunEnvironment.of(out, Approver.all()).withControl(control));
    }

    private JsonNode summary(RunOutcome outcome) throws Exception {
        return Json.MAPPER.readTree(repo.resolve(".wave/runs/" + outcome.runId().orElseThrow() + "/execution_summary.json")
                .toFile());
    }

    /** Makes the journal say the run's process is gone, as it is after a crash (its start time no longer matches). */
    private void processDied(String runId) {
        try (RunStore store = RunStore.open(repo)) {
            store.owner(runId, ProcessHandle.current().pid(), 1);
        }
    }

    private String onlyRun() {
        try (RunStore store = RunStore.open(repo)) {
            return store.runs().get(0).runId();
        }
    }

    @Test
    void cancelDuringWaveZero_finishesTheBackup_runsNoTask_writesTheSummary_andIsResumable() throws Exception {
        RunOutcome outcome = cancelledAt(RunStep.Stage.WAVE_ZERO, request(TWO_TASKS));

        assertThat(outcome.verdict()).as(printed.toString()).isEqualTo(RunOutcome.Verdict.INTERRUPTED);
        assertThat(outcome.backup()).isPresent();
        assertThat(git.git("for-each-ref", "refs/wave/backups/")).contains(outcome.backup().get());
        assertThat(repo.resolve("one.txt")).doesNotExist();
        assertThat(summary(outcome).get("status").asText()).isEqualTo("interrupted");
        try (RunStore store = RunStore.open(repo)) {
            assertThat(store.run(outcome.runId().orElseThrow()).orElseThrow().canResume()).isTrue();
        }
    }

    @Test
    void cancelAsTheTasksStart_startsNoTask_writesTheSummary_andIsResumable() throws Exception {
        RunOutcome outcome = cancelledAt(RunStep.Stage.TASKS, request(TWO_TASKS));

        assertThat(outcome.verdict()).as(printed.toString()).isEqualTo(RunOutcome.Verdict.INTERRUPTED);
        assertThat(repo.resolve("one.txt")).doesNotExist();
        assertThat(summary(outcome).get("tasks").findValuesAsText("status")).containsOnly("cancelled");
        try (RunStore store = RunStore.open(repo)) {
            assertThat(store.run(outcome.runId().orElseThrow()).orElseThrow().canResume()).isTrue();
        }
    }

    @Test
    void cancelDuringTheFinalCommit_finishesTheCommit_andWritesTheSummary() throws Exception {
        RunOutcome outcome = cancelledAt(RunStep.Stage.FINAL_COMMIT, request(TWO_TASKS));

        assertThat(outcome.verdict()).as(printed.toString()).isEqualTo(RunOutcome.Verdict.INTERRUPTED);
        assertThat(git.git("log", "-1", "--format=%s")).contains("wave: staged");
        assertThat(git.git("status", "--porcelain")).isEmpty();
        assertThat(summary(outcome).get("status").asText()).isEqualTo("succeeded");
        try (RunStore store = RunStore.open(repo)) {
            RunRow row = store.run(outcome.runId().orElseThrow()).orElseThrow();
            assertThat(row.status()).isEqualTo("succeeded");
            assertThat(row.canResume()).isFalse();
        }
    }

    @Test
    void cancelDuringTheRollback_finishesAndVerifiesIt_andWritesTheSummary() throws Exception {
        RunOutcome outcome = cancelledAt(RunStep.Stage.ROLLBACK, request("""
                  - {id: one, run: "echo 1 > one.txt"}
                  - {id: two, run: "exit 1", depends_on: [one], retries: 0}
                """));

        assertThat(outcome.verdict()).as(printed.toString()).isEqualTo(RunOutcome.Verdict.INTERRUPTED);
        assertThat(repo.resolve("one.txt")).as("rolled back").doesNotExist();
        assertThat(outcome.report().orElseThrow().safety().orElseThrow().rollback().orElseThrow().verified()).isTrue();
        assertThat(summary(outcome).get("status").asText()).isEqualTo("failed");
    }

    @Test
    void crashBetweenTheFinalCommitAndItsRecord_resumeKeepsThatCommit_andMakesNoSecond() throws Exception {
        RunRequest request = request(TWO_TASKS);
        Orchestrator orchestrator = Orchestrator.create(() -> MACHINE).withStep(crashAfter(RunStep.Stage.FINAL_COMMIT));
        assertThatThrownBy(() -> orchestrator.execute(orchestrator.prepare(request), RunEnvironment.of(out, Approver.all())))
                .isInstanceOf(Crash.class);
        String made = git.git("rev-parse", "HEAD").strip();
        String runId = onlyRun();
        processDied(runId);

        RunOutcome resumed = orchestrator.resume(repo, Optional.empty(), RunEnvironment.of(out, Approver.all()));

        assertThat(resumed.verdict()).as(printed.toString()).isEqualTo(RunOutcome.Verdict.SUCCEEDED);
        assertThat(git.git("rev-parse", "HEAD").strip()).isEqualTo(made);
        assertThat(git.git("rev-list", "--count", "HEAD").strip()).isEqualTo("2");
        assertThat(git.git("status", "--porcelain")).isEmpty();
        assertThat(resumed.report().orElseThrow().safety().orElseThrow().commit().commit()).contains(made);
        try (RunStore store = RunStore.open(repo)) {
            assertThat(store.run(runId).orElseThrow().status()).isEqualTo("succeeded");
        }
    }

    @Test
    void crashAfterTheFinalCommitOnANewBranch_resumeAcceptsTheBranchItMade() throws Exception {
        RunRequest request = request(TWO_TASKS).withBranch(Optional.of("wave-result"));
        Orchestrator orchestrator = Orchestrator.create(() -> MACHINE).withStep(crashAfter(RunStep.Stage.FINAL_COMMIT));
        assertThatThrownBy(() -> orchestrator.execute(orchestrator.prepare(request), RunEnvironment.of(out, Approver.all())))
                .isInstanceOf(Crash.class);
        String made = git.git("rev-parse", "refs/heads/wave-result").strip();
        processDied(onlyRun());

        RunOutcome resumed = orchestrator.resume(repo, Optional.empty(), RunEnvironment.of(out, Approver.all()));

        assertThat(resumed.verdict()).as(printed.toString()).isEqualTo(RunOutcome.Verdict.SUCCEEDED);
        assertThat(git.git("rev-parse", "refs/heads/wave-result").strip()).isEqualTo(made);
        assertThat(git.git("symbolic-ref", "HEAD").strip()).isEqualTo("refs/heads/wave-result");
        assertThat(git.git("rev-list", "--count", "HEAD").strip()).isEqualTo("2");
        assertThat(git.git("status", "--porcelain")).isEmpty();
    }

    @Test
    void crashAfterTheTasks_resumeRunsTheCheckAgainstTheFirstSessionsBaseline_andRollsBackWhatItBroke() throws Exception {
        RunRequest request = request("""
                  - {id: breaks, run: "echo broken > broken.txt"}
                """).withFlag("verify", "test ! -e broken.txt");
        Orchestrator orchestrator = Orchestrator.create(() -> MACHINE).withStep(crashAfter(RunStep.Stage.TASKS));
        assertThatThrownBy(() -> orchestrator.execute(orchestrator.prepare(request), RunEnvironment.of(out, Approver.all())))
                .isInstanceOf(Crash.class);
        processDied(onlyRun());

        RunOutcome resumed = orchestrator.resume(repo, Optional.empty(), RunEnvironment.of(out, Approver.all()));

        assertThat(resumed.verdict()).as(printed.toString()).isEqualTo(RunOutcome.Verdict.FAILED);
        assertThat(printed.toString()).contains("check baseline (test ! -e broken.txt) from before the run's first task, "
                + "read back").contains("Check after the tasks (test ! -e broken.txt): exit 1 after the tasks, 0 before them");
        assertThat(repo.resolve("broken.txt")).as("rolled back").doesNotExist();
        assertThat(git.git("rev-list", "--count", "HEAD").strip()).isEqualTo("1");
        try (RunStore store = RunStore.open(repo)) {
            assertThat(dev.wave.journal.RunState.read(store, onlyRun()).orElseThrow().starts())
                    .as("the task that ended before the crash is not run again").containsEntry("breaks", 1);
        }
    }

    /** Crashes the first session as {@code stage} starts. */
    private static RunStep crashAsItStarts(RunStep.Stage stage) {
        AtomicBoolean crashed = new AtomicBoolean();
        return new RunStep() {
            @Override
            public void stageStarting(Stage starting, String runId) {
                if (starting == stage && crashed.compareAndSet(false, true)) {
                    throw new Crash("as " + stage + " starts");
                }
            }
        };
    }

    @Test
    void crashBeforeTheBaseline_resumeTakesTheBaselineThen_asNoTaskHadStarted() throws Exception {
        RunRequest request = request(TWO_TASKS).withFlag("verify", "true");
        Orchestrator orchestrator = Orchestrator.create(() -> MACHINE).withStep(crashAsItStarts(RunStep.Stage.WAVE_ZERO));
        assertThatThrownBy(() -> orchestrator.execute(orchestrator.prepare(request), RunEnvironment.of(out, Approver.all())))
                .isInstanceOf(Crash.class);
        processDied(onlyRun());

        RunOutcome resumed = orchestrator.resume(repo, Optional.empty(), RunEnvironment.of(out, Approver.all()));

        assertThat(resumed.verdict()).as(printed.toString()).isEqualTo(RunOutcome.Verdict.SUCCEEDED);
        assertThat(printed.toString()).contains("Wave 0: check baseline (true): exit 0").contains("Check after the tasks (true): "
                + "passed");
    }

    @Test
    void resumeWithoutTheFirstSessionsBaseline_afterTasksStarted_runsNoCheck_andSaysWhy() throws Exception {
        RunRequest request = request(TWO_TASKS).withFlag("verify", "true");
        Orchestrator orchestrator = Orchestrator.create(() -> MACHINE).withStep(crashAfter(RunStep.Stage.TASKS));
        assertThatThrownBy(() -> orchestrator.execute(orchestrator.prepare(request), RunEnvironment.of(out, Approver.all())))
                .isInstanceOf(Crash.class);
        String runId = onlyRun();
        processDied(runId);
        Files.delete(repo.resolve(".wave/runs/" + runId + "/check/check.json"));

        RunOutcome resumed = orchestrator.resume(repo, Optional.empty(), RunEnvironment.of(out, Approver.all()));

        assertThat(resumed.verdict()).as(printed.toString()).isEqualTo(RunOutcome.Verdict.SUCCEEDED);
        assertThat(printed.toString()).contains("Check: not run (true): the run's first session took no baseline before its "
                + "tasks started, so there is nothing to compare with.").doesNotContain("Check after the tasks");
    }

    @Test
    void aRunRefusedByItsCheck_recordsHowLongItTook() throws Exception {
        RunRequest request = request(TWO_TASKS).withFlag("verify", "sleep 0.3; exit 3");
        Orchestrator orchestrator = Orchestrator.create(() -> MACHINE);

        assertThatThrownBy(() -> orchestrator.execute(orchestrator.prepare(request), RunEnvironment.of(out, Approver.all())))
                .isInstanceOf(WaveException.class).hasMessageContaining("cannot run here");

        try (RunStore store = RunStore.open(repo)) {
            RunRow row = store.runs().get(0);
            assertThat(row.status()).isEqualTo("failed");
            assertThat(row.wallMillis()).hasValueSatisfying(wall -> assertThat(wall).isGreaterThanOrEqualTo(300));
        }
    }
}
