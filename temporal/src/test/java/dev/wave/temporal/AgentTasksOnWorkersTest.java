package dev.wave.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wave.engine.Approver;
import dev.wave.engine.Orchestrator;
import dev.wave.engine.PreparedRun;
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
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prompt (agent) tasks on the Temporal engine, through the library API: a real worker in its own clone runs a fake
 * {@code claude} speaking Claude Code's stream-json in the attempt's scratch worktree; the agent's change comes
 * back as a patch applied on the submitting side, its usage counted in the run's summary.
 */
final class AgentTasksOnWorkersTest {
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
    void planMixingShellAndPromptTasks_runsTheAgentOnTheWorker_itsEditAndUsageReachTheSubmittingSide() throws Exception {
        Path repo = Repositories.withOneCommit(directory.resolve("repo"));
        startWorker(repo, FakeClaude.installIn(directory.resolve("bin")));
        Path plan = Files.writeString(directory.resolve("plan.yaml"), """
                name: agents on a worker
                tasks:
                  - {id: prepare, run: "echo base > base.txt"}
                  - {id: write, prompt: "Write the notes", depends_on: [prepare], env: {FAKE_CLAUDE_FILES: notes.txt}}
                  - {id: review, prompt: "Review the notes", depends_on: [write],
                     env: {FAKE_CLAUDE_FILES: review.txt, FAKE_CLAUDE_SEEN: seen.txt}}
                  - {id: copy, run: "cat notes.txt base.txt > copy.txt", depends_on: [write]}
                """);

        RunOutcome outcome = execute(repo, plan);

        assertThat(outcome.verdict()).as(printed.toString()).isEqualTo(RunOutcome.Verdict.SUCCEEDED);
        assertThat(Files.readString(repo.resolve("notes.txt"))).as("the agent's edit").isEqualTo("claude was here\n");
        assertThat(Files.readString(repo.resolve("copy.txt"))).as("the shell task after it saw the agent's edit")
                .isEqualTo("claude was here\nbase\n");
        assertThat(Files.readString(repo.resolve("seen.txt"))).as("review read write's checkpoint")
                .contains("\"task_id\" : \"write\"", "Edited the files.");
        assertThat(Repositories.git(repo, "show", "--stat", "HEAD")).contains("notes.txt", "copy.txt", "base.txt",
                "review.txt").doesNotContain(".agent.json");
        Path run = repo.resolve(".wave/runs/" + outcome.runId().orElseThrow());
        JsonNode summary = Json.MAPPER.readTree(run.resolve("execution_summary.json").toFile());
        assertThat(summary.get("status").asText()).isEqualTo("succeeded");
        JsonNode usage = summary.get("usage");
        assertThat(usage.get("input_tokens").asLong()).as(summary.toString()).isEqualTo(2 * FakeClaude.INPUT_TOKENS);
        assertThat(usage.get("output_tokens").asLong()).isEqualTo(2 * FakeClaude.OUTPUT_TOKENS);
        assertThat(usage.get("cost_usd").asDouble()).isEqualTo(2 * FakeClaude.COST_USD);
        JsonNode checkpoint = Json.MAPPER.readTree(run.resolve("checkpoints/write.json").toFile());
        assertThat(checkpoint.get("input_tokens").asLong()).isEqualTo(FakeClaude.INPUT_TOKENS);
        assertThat(checkpoint.get("output_summary").asText()).contains("claude");
        assertThat(Files.readString(run.resolve("logs/write.log"))).contains("\"type\":\"result\"");
        assertThat(Files.readString(run.resolve("logs/write.agent.json"))).contains("Edited the files.");
    }

    @Test
    @Timeout(60)
    void workerWithoutTheAgentCli_failsTheAttempt_sayingHowToInstallIt() throws Exception {
        Path repo = Repositories.withOneCommit(directory.resolve("repo"));
        startWorker(repo, FakeClaude.absent(directory.resolve("empty-bin")));
        Path plan = Files.writeString(directory.resolve("plan.yaml"), """
                name: no agent here
                tasks:
                  - {id: write, prompt: "Write the notes", retries: 0}
                """);

        RunOutcome outcome = execute(repo, plan);

        assertThat(outcome.verdict()).as(printed.toString()).isNotEqualTo(RunOutcome.Verdict.SUCCEEDED);
        Path run = repo.resolve(".wave/runs/" + outcome.runId().orElseThrow());
        String reason = Json.MAPPER.readTree(run.resolve("checkpoints/write.json").toFile()).get("output_summary").asText();
        assertThat(reason).contains("cannot run agent task write: claude is not on PATH",
                "install Claude Code (npm install -g @anthropic-ai/claude-code)", "restart the worker");
        assertThat(reason).doesNotContain("\n");
        assertThat(repo.resolve("agent.txt")).doesNotExist();
    }

    @Test
    @Timeout(60)
    void agentChangeThatConflictsWithTheSubmittingRepository_failsTheTask_sayingWhyAndKeepingThePatch() throws Exception {
        Path repo = Repositories.withOneCommit(directory.resolve("repo"));
        startWorker(repo, FakeClaude.installIn(directory.resolve("bin")));
        Path plan = Files.writeString(directory.resolve("plan.yaml"), """
                name: conflicting agent
                tasks:
                  - {id: write, prompt: "Extend the readme", retries: 0, env: {FAKE_CLAUDE_FILES: README.md}}
                """);
        // Workers start from the committed HEAD; the submitting side changed the line the agent's patch extends.
        Files.writeString(repo.resolve("README.md"), "changed here\n");

        RunOutcome outcome = execute(repo, plan);

        assertThat(outcome.verdict()).as(printed.toString()).isNotEqualTo(RunOutcome.Verdict.SUCCEEDED);
        Path run = repo.resolve(".wave/runs/" + outcome.runId().orElseThrow());
        String reason = Json.MAPPER.readTree(run.resolve("checkpoints/write.json").toFile()).get("output_summary").asText();
        assertThat(reason).contains("integration failed: its changes conflict with the submitting repository",
                "README.md", "does not resolve an agent's conflicts", "write.patch");
        assertThat(Files.readString(run.resolve("logs/write.patch"))).contains("+claude was here");
    }

    @Test
    @Timeout(60)
    void budget_countsTheUsageWorkersReport_andSkipsTheAgentTasksNotStarted() throws Exception {
        Path repo = Repositories.withOneCommit(directory.resolve("repo"));
        startWorker(repo, FakeClaude.installIn(directory.resolve("bin")));
        Path plan = Files.writeString(directory.resolve("plan.yaml"), """
                name: over budget
                tasks:
                  - {id: first, prompt: "Write one", env: {FAKE_CLAUDE_FILES: one.txt}}
                  - {id: second, prompt: "Write two", depends_on: [first], env: {FAKE_CLAUDE_FILES: two.txt}}
                """);

        RunOutcome outcome = execute(repo, plan, Map.of("budget_usd", "0.01"));

        Path run = repo.resolve(".wave/runs/" + outcome.runId().orElseThrow());
        JsonNode second = Json.MAPPER.readTree(run.resolve("checkpoints/second.json").toFile());
        assertThat(second.get("status").asText()).as(printed.toString()).isEqualTo("skipped");
        assertThat(second.get("output_summary").asText()).contains("budget reached: $0.0125 of $0.0100");
        assertThat(repo.resolve("two.txt")).doesNotExist();
        JsonNode summary = Json.MAPPER.readTree(run.resolve("execution_summary.json").toFile());
        assertThat(summary.toString()).contains("budget reached");
    }

    private void startWorker(Path repo, Map<String, String> agentEnvironment) throws Exception {
        Path clone = Repositories.cloneOf(repo, directory.resolve("clone"));
        worker = new TemporalWorker(Connection.of(environment.getWorkflowClient()), "wave", clone, 4,
                Duration.ofMillis(250), agentEnvironment, line -> { });
        worker.start();
    }

    private RunOutcome execute(Path repo, Path plan) {
        return execute(repo, plan, Map.of());
    }

    private RunOutcome execute(Path repo, Path plan, Map<String, String> flags) {
        TemporalSettings settings = TemporalSettings.of(Map.of("heartbeat_ms", "2000"));
        Orchestrator orchestrator = Orchestrator.create(() -> MACHINE)
                .withEngine(new TemporalEngine(settings, () -> Connection.of(environment.getWorkflowClient())));
        RunRequest request = RunRequest.planFile(repo, plan).withFlag("progress_display", "summary");
        for (Map.Entry<String, String> flag : flags.entrySet()) {
            request = request.withFlag(flag.getKey(), flag.getValue());
        }
        PreparedRun prepared = orchestrator.prepare(request);
        return orchestrator.execute(prepared, RunEnvironment.of(out, Approver.all()));
    }
}
