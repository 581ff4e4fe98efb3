package dev.wave.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wave.journal.Checkpoint;
import dev.wave.journal.Json;
import dev.wave.journal.RunJournal;
import dev.wave.journal.RunRow;
import dev.wave.journal.RunState;
import dev.wave.journal.RunStore;
import dev.wave.run.Usage;
import dev.wave.schedule.TaskState;
import dev.wave.testing.Await;
import dev.wave.testing.FakeAgents;
import dev.wave.testing.ScratchRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run whose fake claude is mid-task when wave is killed with SIGKILL, then resumed: first with the agent CLI
 * gone (refused, nothing changed), then to the end.
 */
final class ResumeAgentAfterKillTest {
    @TempDir
    Path directory;

    private Path repo;
    private ScratchRepository repository;
    private Path agent;
    private Path childPid;
    private Process wave;

    @BeforeEach
    void setUp() throws Exception {
        repo = directory.resolve("repo");
        repository = ScratchRepository.empty(repo);
        repository.write("src/shared.txt", "base\n");
        repository.git("add", "-A");
        repository.git("commit", "-q", "-m", "start");
        Path claude = FakeAgents.install(directory.resolve("bin")).executable("claude");
        // The first attempt of a task whose env names WAVE_TEST_MARK gets stuck mid-task; later ones work.
        agent = directory.resolve("bin/agent-once");
        Files.writeString(agent, "#!/bin/sh\nif [ -n \"$WAVE_TEST_MARK\" ] && mkdir \"$WAVE_TEST_MARK\" 2>/dev/null; then\n"
                + "  WAVE_FAKE_AGENT_SCRIPT=stuck; export WAVE_FAKE_AGENT_SCRIPT\nfi\nexec " + claude + " \"$@\"\n");
        Files.setPosixFilePermissions(agent, PosixFilePermissions.fromString("rwxr-xr-x"));
        childPid = directory.resolve("child.pid");
    }

    @AfterEach
    void stopProcesses() throws Exception {
        if (wave != null) {
            wave.destroyForcibly();
            wave.waitFor(30, TimeUnit.SECONDS);
        }
        killStuckAgent();
    }

    @Test
    @Timeout(120)
    void killedWhileAnAgentWorks_resumeRefusesWithoutItsCli_thenFinishesEveryTaskOnce_countingWhatTheKilledAgentSpent()
            throws Exception {
        ScratchRepository.State before = repository.state();
        Path plan = Files.writeString(directory.resolve("plan.yaml"), """
                name: agents killed and resumed
                tasks:
                  - id: first
                    prompt: from first
                    env: {WAVE_FAKE_AGENT_FILES: "src/first.txt"}
                  - id: stuck
                    prompt: from stuck
                    depends_on: [first]
                    env: {WAVE_FAKE_AGENT_FILES: "src/shared.txt", WAVE_TEST_MARK: "%s", WAVE_FAKE_AGENT_PID_FILE: "%s"}
                  - id: after
                    run: "cat src/shared.txt > after.txt"
                    depends_on: [stuck]
                """.formatted(directory.resolve("mark"), childPid));
        wave = waveProcess("run", "--plan", plan.toString(), "--repo", repo.toString(), "--yes", "--verify", "none",
                "--progress", "quiet", "--agent", agent + " -p {prompt}");
        Await.until("the stuck agent to have reported what it spent", Duration.ofSeconds(60),
                () -> Files.exists(childPid) && !Files.readString(childPid).isBlank() && journaledUsage("stuck"));
        wave.destroyForcibly();
        assertThat(wave.waitFor(30, TimeUnit.SECONDS)).isTrue();
        killStuckAgent();
        String runId = onlyRun().runId();
        Path worktree = repo.resolve(".wave/worktrees/" + runId + "/stuck");
        assertThat(worktree).as("the dead attempt's worktree").isDirectory();
        assertThat(repository.git("branch", "--list", "wave/*")).contains("wave/" + runId + "/stuck");

        Files.setPosixFilePermissions(agent, PosixFilePermissions.fromString("rw-r--r--"));
        ScratchRepository.State killed = repository.state();
        int events = events(runId).size();
        Cli.Result refused = Cli.run("resume", "--repo", repo.toString(), "--progress", "quiet");

        assertThat(refused.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(refused.out()).isEmpty();
        assertThat(refused.err().strip()).doesNotContain("\n").contains("is not an executable file")
                .contains("then run 'wave resume " + runId + "' again, or give the run up with 'wave abandon " + runId + "'")
                .endsWith("Nothing was changed.");
        assertThat(repository.state()).isEqualTo(killed);
        assertThat(events(runId)).hasSize(events);
        assertThat(onlyRun().canResume()).isTrue();

        Files.setPosixFilePermissions(agent, PosixFilePermissions.fromString("rwxr-xr-x"));
        Cli.Result resumed = Cli.run("resume", "--repo", repo.toString(), "--progress", "quiet");

        assertThat(resumed.exitCode()).as(resumed.out() + resumed.err()).isZero();
        Map<String, Integer> succeeded = new HashMap<>();
        Map<String, Integer> starts = new HashMap<>();
        for (RunStore.EventRow event : events(runId)) {
            String task = event.task().orElse("");
            if (event.kind().equals("task_ended")) {
                assertThat(succeeded).as("a task started or ended after it succeeded").doesNotContainKey(task);
                assertThat(Checkpoint.parse(event.detail().orElseThrow()).state()).isEqualTo(TaskState.SUCCEEDED);
                succeeded.merge(task, 1, Integer::sum);
            } else if (event.kind().equals("attempt_started")) {
                assertThat(succeeded).as("a task started again after it succeeded").doesNotContainKey(task);
                starts.merge(task, 1, Integer::sum);
            }
        }
        assertThat(succeeded).isEqualTo(Map.of("first", 1, "stuck", 1, "after", 1));
        assertThat(starts).isEqualTo(Map.of("first", 1, "stuck", 2, "after", 1));
        assertThat(repository.read("src/shared.txt")).as("the killed attempt's edit is gone").isEqualTo("base\nfrom stuck\n");
        assertThat(repository.read("after.txt")).isEqualTo("base\nfrom stuck\n");
        assertThat(repository.git("rev-list", "--count", "HEAD").strip()).as("one commit on top of the start").isEqualTo("2");
        assertThat(repository.git("status", "--porcelain")).isEmpty();
        assertThat(repository.git("branch", "--list", "wave/*")).as("no task branch left").isBlank();
        assertThat(worktree).doesNotExist();
        Path run = repo.resolve(".wave/runs/" + runId);
        assertThat(run.resolve("logs/stuck.log.partial-1")).content().contains("works on stuck");

        // The killed attempt streamed one turn (150 tokens in, 20 out) before it was killed; the next one ran to the end
        // (300 in, 40 out, $0.0125). The task's checkpoint, the journal and the summary count both.
        try (RunStore store = RunStore.open(repo)) {
            RunState state = RunState.read(store, runId).orElseThrow();
            for (String task : List.of("first", "stuck", "after")) {
                assertThat(Checkpoint.read(run.resolve("checkpoints/" + task + ".json"))).as(task)
                        .isEqualTo(state.ended().get(task));
            }
            Checkpoint stuck = state.ended().get("stuck");
            assertThat(stuck.usage()).isEqualTo(Usage.of(450, 60, 0.0125));
            assertThat(stuck.agent()).isEqualTo(new Checkpoint.Agent("template", null, 2, 300, 40, 0.0125));
            assertThat(state.ended().get("first").agent()).isEqualTo(new Checkpoint.Agent("template", null, 2, 300, 40,
                    0.0125));
            assertThat(state.spent()).containsEntry("stuck", Usage.of(450, 60, 0.0125));
        }
        JsonNode usage = Json.MAPPER.readTree(run.resolve("execution_summary.json").toFile()).get("usage");
        assertThat(usage.get("input_tokens").asLong()).isEqualTo(750);
        assertThat(usage.get("output_tokens").asLong()).isEqualTo(100);
        assertThat(usage.get("cost_usd").asDouble()).isEqualTo(0.025);

        Cli.Result rollback = Cli.run("rollback", "--repo", repo.toString());

        assertThat(rollback.exitCode()).as(rollback.out() + rollback.err()).isEqualTo(ExitCodes.OK);
        assertThat(repository.state()).isEqualTo(before);
    }

    private Process waveProcess(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(directory.resolve("wave.out").toFile()).start();
    }

    private boolean journaledUsage(String task) {
        if (!RunStore.exists(repo)) {
            return false;
        }
        try (RunStore store = RunStore.openToRead(repo)) {
            return store.runs().stream().flatMap(row -> store.events(row.runId()).stream())
                    .anyMatch(event -> event.kind().equals(RunJournal.AGENT_USAGE) && event.task().equals(Optional.of(task)));
        } catch (RuntimeException e) {
            return false; // the journal is being created
        }
    }

    private RunRow onlyRun() {
        try (RunStore store = RunStore.open(repo)) {
            assertThat(store.runs()).hasSize(1);
            return store.runs().get(0);
        }
    }

    private List<RunStore.EventRow> events(String runId) {
        try (RunStore store = RunStore.open(repo)) {
            return store.events(runId);
        }
    }

    /** The stuck fake agent outlives the wave process killed under it: its shell and its background sleep. */
    private void killStuckAgent() throws Exception {
        if (!Files.exists(childPid) || Files.readString(childPid).isBlank()) {
            return;
        }
        Optional<ProcessHandle> child = ProcessHandle.of(Long.parseLong(Files.readString(childPid).strip()));
        if (child.isPresent()) {
            child.get().parent().filter(shell -> shell.info().command().orElse("").endsWith("sh"))
                    .ifPresent(ProcessHandle::destroyForcibly);
            child.get().destroyForcibly();
            child.get().onExit().get(10, TimeUnit.SECONDS);
        }
        Files.delete(childPid);
    }
}
