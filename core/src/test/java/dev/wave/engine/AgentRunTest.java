package dev.wave.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wave.journal.Checkpoint;
import dev.wave.journal.Json;
import dev.wave.scale.Machine;
import dev.wave.testing.Await;
import dev.wave.testing.FakeAgents;
import dev.wave.testing.ScratchRepository;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prompt tasks in whole runs through the engine, with the fake claude of {@link FakeAgents} started by
 * a command template: worktrees, merges in dependency order, evidence, the final commit or the rollback.
 */
@Timeout(120)
final class AgentRunTest {
    private static final Machine MACHINE = new Machine(2, 8L << 30, Optional.empty());

    @TempDir
    Path directory;

    private Path repo;
    private ScratchRepository git;
    private String agent;
    private final StringWriter printed = new StringWriter();
    private final Orchestrator orchestrator = Orchestrator.create(() -> MACHINE);

    @BeforeEach
    void setUp() {
        repo = directory.resolve("repo");
        git = ScratchRepository.empty(repo);
        git.write("src/shared.txt", "base\n");
        git.write("README.md", "# app\n");
        git.git("add", "-A");
        git.git("commit", "-q", "-m", "start");
        agent = FakeAgents.install(directory.resolve("bin")).executable("claude") + " -p {prompt}";
    }

    private RunOutcome run(String tasks) throws Exception {
        return run(tasks, new RunControl());
    }

    private RunOutcome run(String tasks, RunControl control) throws Exception {
        Path plan = Files.writeString(directory.resolve("plan.yaml"), "name: agents at work\ntasks:\n" + tasks);
        PreparedRun prepared = orchestrator.prepare(RunRequest.planFile(repo, plan).withFlag("agent", agent)
                .withFlag("verify", "none"));
        return orchestrator.execute(prepared, RunEnvironment.of(new PrintWriter(printed, true), Approver.all())
                .withControl(control));
    }

    private static String task(String id, String prompt, String files, String more) {
        return "  - id: " + id + "\n    prompt: " + prompt + "\n    env: {WAVE_FAKE_AGENT_FILES: \"" + files + "\"}\n" + more;
    }

    private JsonNode summaryTask(RunOutcome outcome, String id) throws Exception {
        JsonNode summary = Json.MAPPER.readTree(repo.resolve(".wave/runs/" + outcome.runId().orElseThrow()
                + "/execution_summary.json").toFile());
        for (JsonNode task : summary.get("tasks")) {
            if (task.get("id").asText().equals(id)) {
                return task;
            }
        }
        throw new AssertionError("no task " + id + " in " + summary);
    }

    @Test
    void agentsOnTheSameFile_mergeInDependencyOrder_andTheRunCommitsTheResult() throws Exception {
        RunOutcome outcome = run(task("first", "from first", "src/shared.txt", "")
                + task("second", "from second", "src/shared.txt", "    depends_on: [first]\n")
                + task("docs", "from docs", "docs/notes.txt", "    scope: [docs/]\n")
                + task("review", "review only", " ", "    type: analysis\n"));

        assertThat(outcome.verdict()).as(printed.toString()).isEqualTo(RunOutcome.Verdict.SUCCEEDED);
        assertThat(git.read("src/shared.txt")).isEqualTo("base\nfrom first\nfrom second\n");
        assertThat(git.read("docs/notes.txt")).isEqualTo("from docs\n");
        assertThat(git.git("log", "-1", "--format=%s")).contains("wave: agents at work");
        assertThat(git.git("status", "--porcelain")).as("all committed").isEmpty();
        assertThat(git.git("show", "--name-only", "--format=", "HEAD").lines())
                .containsExactlyInAnyOrder("src/shared.txt", "docs/notes.txt");
        assertThat(git.git("branch", "--list", "wave/*")).as("merged branches are removed").isBlank();
        assertThat(repo.resolve(".wave/worktrees")).as("no empty directory left").doesNotExist();
        assertThat(summaryTask(outcome, "review").get("summary").asText()).startsWith("analysis only");
        Checkpoint checkpoint = Checkpoint.read(repo.resolve(".wave/runs/" + outcome.runId().orElseThrow()
                + "/checkpoints/first.json"));
        assertThat(checkpoint.agent()).isEqualTo(new Checkpoint.Agent("template", null, 2, 300, 40, 0.0125));
    }

    @Test
    void aCancel_killsTheAgentsWholeProcessTree_andTheRunEndsInterrupted() throws Exception {
        Path pidFile = directory.resolve("child.pid");
        RunControl control = new RunControl();
        CompletableFuture<RunOutcome> running = CompletableFuture.supplyAsync(() -> {
            try {
                return run(task("slow", "from slow", "src/shared.txt", "").replace("}\n", ", WAVE_FAKE_AGENT_SCRIPT: slow, "
                        + "WAVE_FAKE_AGENT_PID_FILE: \"" + pidFile + "\"}\n"), control);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Await.until("the agent's background child", Duration.ofSeconds(30),
                () -> Files.exists(pidFile) && !Files.readString(pidFile).isBlank());
        long child = Long.parseLong(Files.readString(pidFile).strip());

        control.cancel();
        RunOutcome outcome = running.get(60, TimeUnit.SECONDS);

        assertThat(outcome.verdict()).as(printed.toString()).isEqualTo(RunOutcome.Verdict.INTERRUPTED);
        Optional<ProcessHandle> process = ProcessHandle.of(child);
        if (process.isPresent()) {
            process.get().onExit().get(10, TimeUnit.SECONDS); // killing is asynchronous: bounded wait for the reaping
        }
        assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
        assertThat(git.read("src/shared.txt")).isEqualTo("base\n");
    }

    @Test
    void aSuccessWithPermissionDenials_failsTheTask_namingIt_andTheRunRollsBack_keepingTheWorktree() throws Exception {
        RunOutcome outcome = run(task("ok", "from ok", "src/shared.txt", "")
                + task("denied", "from denied", "src/other.txt", "    depends_on: [ok]\n").replace("}\n",
                        ", WAVE_FAKE_AGENT_SCRIPT: denied}\n"));

        assertThat(outcome.verdict()).isEqualTo(RunOutcome.Verdict.FAILED);
        String summary = summaryTask(outcome, "denied").get("summary").asText();
        assertThat(summary).contains("permission denied 1 time: Bash git push --force")
                .contains("worktree kept at ").contains("(branch wave/" + outcome.runId().orElseThrow() + "/denied)");
        assertThat(git.read("src/shared.txt")).as("rolled back").isEqualTo("base\n");
        assertThat(repo.resolve("src/other.txt")).doesNotExist();
        assertThat(git.git("status", "--porcelain")).isEmpty();
        assertThat(printed.toString()).contains("Worktree:    denied kept for inspection at ");
        Path kept = repo.resolve(".wave/worktrees/" + outcome.runId().orElseThrow() + "/denied");
        JsonNode listed = Json.MAPPER.readTree(repo.resolve(".wave/runs/" + outcome.runId().orElseThrow()
                + "/execution_summary.json").toFile()).get("kept_worktrees");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("task").asText()).isEqualTo("denied");
        assertThat(Path.of(listed.get(0).get("path").asText())).isEqualTo(kept.toRealPath());
        assertThat(listed.get(0).get("branch").asText()).isEqualTo("wave/" + outcome.runId().orElseThrow() + "/denied");
        assertThat(git.git("for-each-ref", "--format=%(refname:short)", "refs/heads/wave/").strip()).isEqualTo("wave/" + outcome.runId().orElseThrow()
                + "/denied");
        assertThat(Files.readString(kept.resolve("src/other.txt"))).isEqualTo("from denied\n");
    }

    @Test
    void aBudgetReached_startsNoFurtherAgent_andTheTasksNotStartedSaySo() throws Exception {
        // Each fake attempt costs $0.0125: after two, $0.025 is over the $0.02 budget.
        Path plan = Files.writeString(directory.resolve("plan.yaml"), "name: agents at work\ntasks:\n"
                + task("one", "from one", "src/one.txt", "")
                + task("two", "from two", "src/two.txt", "    depends_on: [one]\n")
                + task("three", "from three", "src/three.txt", "    depends_on: [two]\n"));
        PreparedRun prepared = orchestrator.prepare(RunRequest.planFile(repo, plan).withFlag("agent", agent)
                .withFlag("verify", "none").withFlag("budget_usd", "0.02"));
        RunOutcome outcome = orchestrator.execute(prepared, RunEnvironment.of(new PrintWriter(printed, true), Approver.all()));

        assertThat(outcome.verdict()).as(printed.toString()).isEqualTo(RunOutcome.Verdict.FAILED);
        assertThat(summaryTask(outcome, "two").get("status").asText()).isEqualTo("succeeded");
        assertThat(summaryTask(outcome, "three").get("status").asText()).isEqualTo("skipped");
        assertThat(summaryTask(outcome, "three").get("summary").asText()).contains("budget reached: $0.0250 of $0.0200");
        assertThat(printed.toString()).contains("Budget:").contains("budget reached");
        assertThat(repo.resolve("src/three.txt")).doesNotExist();
    }

    @Test
    void anAgentWhoseCheckFails_getsAFixWave_onItsAgent_andTheRunCommitsTheFix() throws Exception {
        RunOutcome outcome = run(task("first", "from first", "src/shared.txt",
                "    verify: grep -q 'Fix the failing check' src/shared.txt\n"));

        assertThat(outcome.verdict()).as(printed.toString()).isEqualTo(RunOutcome.Verdict.SUCCEEDED);
        assertThat(summaryTask(outcome, "first").get("summary").asText()).startsWith("fixed by fix wave 1.1");
        assertThat(git.read("src/shared.txt")).as("the fix built on the task's work")
                .isEqualTo("base\nfrom first\nFix the failing check of task \"first\" (fix wave 1.1).\n");
        assertThat(git.git("status", "--porcelain")).as("all committed").isEmpty();
        String runDirectory = ".wave/runs/" + outcome.runId().orElseThrow();
        assertThat(repo.resolve(runDirectory + "/checkpoints/first.fix1.analyse.json")).exists();
        assertThat(Checkpoint.read(repo.resolve(runDirectory + "/checkpoints/first.fix1.fix.json")).fixWave())
                .isEqualTo("1.1");
    }

    @Test
    void anAgentWithAPassingVerify_succeeds_theVerifyRanInItsWorktreeBeforeTheMerge() throws Exception {
        RunOutcome outcome = run(task("first", "from first", "src/shared.txt", "    verify: grep -q 'from first' src/shared.txt\n"));

        assertThat(outcome.verdict()).as(printed.toString()).isEqualTo(RunOutcome.Verdict.SUCCEEDED);
        assertThat(git.read("src/shared.txt")).isEqualTo("base\nfrom first\n");
        assertThat(printed.toString()).contains("first: passed in the task's worktree, before its merge");
    }

    @Test
    void worktreesGetWhatTheSettingsCopyIn_andTheSetupSeesIt_butTheCopyIsNeverCommitted() throws Exception {
        git.write(".gitignore", ".env\n");
        git.git("add", "-A");
        git.git("commit", "-q", "-m", "ignore .env");
        Files.writeString(repo.resolve(".env"), "TOKEN=local\n");
        Path plan = Files.writeString(directory.resolve("plan.yaml"), "name: agents at work\ntasks:\n"
                + task("first", "from first", "src/shared.txt", ""));
        PreparedRun prepared = orchestrator.prepare(RunRequest.planFile(repo, plan).withFlag("agent", agent)
                .withFlag("verify", "none").withFlag("worktree_copy", ".env").withFlag("worktree_setup", "test -f .env"));
        RunOutcome outcome = orchestrator.execute(prepared, RunEnvironment.of(new PrintWriter(printed, true), Approver.all()));

        assertThat(outcome.verdict()).as(printed.toString()).isEqualTo(RunOutcome.Verdict.SUCCEEDED);
        assertThat(git.read("src/shared.txt")).isEqualTo("base\nfrom first\n");
        assertThat(git.git("show", "--name-only", "--format=", "HEAD").lines()).containsExactly("src/shared.txt");
        assertThat(Files.readString(repo.resolve(".env"))).isEqualTo("TOKEN=local\n");
    }

    @Test
    void aWorktreeCopyOutsideTheRepository_isRefusedBeforeWave0_andNothingIsWritten() throws Exception {
        Path plan = Files.writeString(directory.resolve("plan.yaml"), "name: agents at work\ntasks:\n"
                + task("first", "from first", "src/shared.txt", ""));
        PreparedRun prepared = orchestrator.prepare(RunRequest.planFile(repo, plan).withFlag("agent", agent)
                .withFlag("verify", "none").withFlag("worktree_link", "node_modules"));
        Files.createDirectories(directory.resolve("outside"));
        Files.createSymbolicLink(repo.resolve("node_modules"), directory.resolve("outside"));

        assertThatThrownBy(() -> orchestrator.execute(prepared, RunEnvironment.of(new PrintWriter(printed, true),
                Approver.all()))).isInstanceOf(dev.wave.WaveException.class).hasMessageContaining("node_modules");
        assertThat(repo.resolve(".wave")).doesNotExist();
    }

    @Test
    void anotherEngine_refusesAPlanWithAgentTasks_beforeAnythingChanges() throws Exception {
        Engine remote = new Engine() {
            @Override
            public String name() {
                return "remote";
            }

            @Override
            public Driver driver(TaskRun run) {
                throw new AssertionError("no task may start");
            }
        };
        Path plan = Files.writeString(directory.resolve("plan.yaml"), "name: agents at work\ntasks:\n"
                + task("first", "from first", "src/shared.txt", ""));
        PreparedRun prepared = orchestrator.prepare(RunRequest.planFile(repo, plan).withFlag("agent", agent)
                .withFlag("verify", "none"));

        assertThatThrownBy(() -> orchestrator.withEngine(remote).execute(prepared, RunEnvironment.of(
                new PrintWriter(printed, true), Approver.all())))
                .isInstanceOf(dev.wave.WaveException.class)
                .hasMessage("the plan has 1 agent (prompt) task, and the remote engine's workers run shell and built-in "
                        + "tasks only. Run it on the local engine (without --engine). Nothing was changed.");
        assertThat(repo.resolve(".wave")).doesNotExist();
    }

    @Test
    void withTheCheckBetweenMerges_aMergeThatBreaksTheCheck_andItsFixWaveCannotRepair_failsItsTask_andItsDependentsDoNotStart()
            throws Exception {
        Path plan = Files.writeString(directory.resolve("plan.yaml"), "name: agents at work\ntasks:\n"
                + task("fine", "from fine", "src/fine.txt", "")
                + task("bad", "from bad", "src/bad.txt", "    depends_on: [fine]\n")
                + task("next", "from next", "src/next.txt", "    depends_on: [bad]\n"));
        PreparedRun prepared = orchestrator.prepare(RunRequest.planFile(repo, plan).withFlag("agent", agent)
                .withFlag("verify", "test ! -e src/bad.txt").withFlag("check_between_merges", "yes"));
        RunOutcome outcome = orchestrator.execute(prepared, RunEnvironment.of(new PrintWriter(printed, true), Approver.all()));

        assertThat(outcome.verdict()).as(printed.toString()).isEqualTo(RunOutcome.Verdict.FAILED);
        assertThat(summaryTask(outcome, "fine").get("status").asText()).isEqualTo("succeeded");
        assertThat(summaryTask(outcome, "bad").get("status").asText()).isEqualTo("failed");
        assertThat(summaryTask(outcome, "bad").get("summary").asText())
                .startsWith("the run's check after its merge failed and 1 fix wave did not fix it (2.1: ")
                .contains("first failure: integration failed: the check after its merge failed");
        assertThat(summaryTask(outcome, "next").get("status").asText()).isEqualTo("skipped");
        assertThat(repo.resolve("src/bad.txt")).as("rolled back").doesNotExist();
    }

    private RunOutcome runWithCheck(String tasks, String check, String... flags) throws Exception {
        Path plan = Files.writeString(directory.resolve("plan.yaml"), "name: agents at work\ntasks:\n" + tasks);
        RunRequest request = RunRequest.planFile(repo, plan).withFlag("agent", agent).withFlag("verify", check);
        for (int i = 0; i < flags.length; i += 2) {
            request = request.withFlag(flags[i], flags[i + 1]);
        }
        return orchestrator.execute(orchestrator.prepare(request), RunEnvironment.of(new PrintWriter(printed, true),
                Approver.all()));
    }

    private JsonNode summary(RunOutcome outcome) throws Exception {
        return Json.MAPPER.readTree(repo.resolve(".wave/runs/" + outcome.runId().orElseThrow()
                + "/execution_summary.json").toFile());
    }

    @Test
    void withTheCheckBetweenMerges_aMergeThatBreaksTheCheck_getsAFixWaveOnItsAgent_thatRepairsIt_andTheRunCommits()
            throws Exception {
        RunOutcome outcome = runWithCheck(task("fine", "from fine", "src/fine.txt", "")
                + task("bad", "from bad", "src/bad.txt", "    depends_on: [fine]\n")
                + task("next", "from next", "src/next.txt", "    depends_on: [bad]\n"),
                "! grep -q 'from bad' src/bad.txt 2>/dev/null || grep -q 'Fix the failing check' src/bad.txt",
                "check_between_merges", "yes");

        assertThat(outcome.verdict()).as(printed.toString()).isEqualTo(RunOutcome.Verdict.SUCCEEDED);
        assertThat(summaryTask(outcome, "bad").get("summary").asText())
                .startsWith("fixed by fix wave 2.1 after the run's check after its merge failed");
        assertThat(summaryTask(outcome, "next").get("status").asText()).as("its dependent ran on the fixed work")
                .isEqualTo("succeeded");
        assertThat(git.read("src/bad.txt")).as("the fix built on the merged work")
                .isEqualTo("from bad\nFix the failing check of task \"bad\" (fix wave 2.1).\n");
        assertThat(git.git("status", "--porcelain")).as("all committed").isEmpty();
        JsonNode wave = summary(outcome).get("fix_waves").get(0);
        assertThat(wave.get("wave").asText()).isEqualTo("2.1");
        assertThat(wave.get("task").asText()).isEqualTo("bad");
        assertThat(wave.get("outcome").asText()).isEqualTo("fixed");
        assertThat(wave.get("steps").findValuesAsText("step")).containsExactly("analyse", "fix");
        assertThat(wave.get("steps").get(1).get("summary").asText())
                .endsWith("merged, and the run's check after its merge found no new failures");
        assertThat(printed.toString()).contains("Fix wave:    2.1 for bad: fixed");
    }

    @Test
    void aCheckAfterTheTasksWithNewFailures_getsAFixWaveOnTheRunsAgent_andTheRunCommitsTheFix() throws Exception {
        String head = git.git("rev-parse", "HEAD").strip();
        RunOutcome outcome = runWithCheck(task("bad", "from bad", "src/bad.txt", ""),
                "test ! -e src/bad.txt || test -e agent-claude.txt");

        assertThat(outcome.verdict()).as(printed.toString()).isEqualTo(RunOutcome.Verdict.SUCCEEDED);
        assertThat(git.read("agent-claude.txt")).as("the run's agent fixed it")
                .isEqualTo("Fix the run's check after its tasks (fix wave 1.1).\n");
        assertThat(git.git("show", "--name-only", "--format=", "HEAD").lines())
                .containsExactlyInAnyOrder("src/bad.txt", "agent-claude.txt");
        assertThat(git.git("rev-parse", "HEAD~1").strip()).isEqualTo(head);
        JsonNode wave = summary(outcome).get("fix_waves").get(0);
        assertThat(wave.get("task").asText()).isEqualTo("wave check");
        assertThat(wave.get("outcome").asText()).isEqualTo("fixed");
        assertThat(wave.get("steps").findValuesAsText("id"))
                .containsExactly("wave-check.fix1.analyse", "wave-check.fix1.fix", "wave-check.fix1.recheck");
        assertThat(printed.toString()).contains("Fix wave:    1.1 for wave check: fixed")
                .contains("Check after the tasks (test ! -e src/bad.txt || test -e agent-claude.txt): passed");
    }

    @Test
    void whenEveryFixWaveFails_theRunFailsOnItsCheck_andTheRollbackIsExact() throws Exception {
        Files.writeString(repo.resolve("notes.txt"), "untracked, kept\n");
        ScratchRepository.State before = git.state();
        RunOutcome outcome = runWithCheck(task("bad", "from bad", "src/bad.txt", ""), "test ! -e src/bad.txt",
                "fix_attempts", "2");

        assertThat(outcome.verdict()).as(printed.toString()).isEqualTo(RunOutcome.Verdict.FAILED);
        JsonNode summary = summary(outcome);
        assertThat(summary.get("fix_waves")).extracting(wave -> wave.get("wave").asText()).containsExactly("1.1", "1.2");
        assertThat(summary.get("fix_waves")).extracting(wave -> wave.get("outcome").asText())
                .containsOnly("not fixed (recheck failed)");
        assertThat(summary.get("failure_decisions").findValuesAsText("task")).contains("wave check");
        ScratchRepository.State after = git.state();
        assertThat(after.status()).as("the tree as it was").isEqualTo(before.status());
        assertThat(after.index()).isEqualTo(before.index());
        assertThat(after.head()).as("no commit").isEqualTo(before.head());
        assertThat(after.files()).as("every file as it was").isEqualTo(before.files());
        assertThat(git.git("branch", "--list", "wave/*").lines().map(String::strip))
                .as("only failed attempts' branches are kept, for inspection")
                .allMatch(branch -> branch.contains("wave-check.fix"));
    }

    @Test
    void theCheckBetweenMerges_withoutACheck_isRefusedBeforeAnythingChanges() throws Exception {
        Path plan = Files.writeString(directory.resolve("plan.yaml"), "name: agents at work\ntasks:\n"
                + task("first", "from first", "src/shared.txt", ""));
        PreparedRun prepared = orchestrator.prepare(RunRequest.planFile(repo, plan).withFlag("agent", agent)
                .withFlag("verify", "none").withFlag("check_between_merges", "yes"));

        assertThatThrownBy(() -> orchestrator.execute(prepared, RunEnvironment.of(new PrintWriter(printed, true),
                Approver.all()))).isInstanceOf(dev.wave.WaveException.class)
                .hasMessageStartingWith("check_between_merges needs the run's check, and this run has none");
        assertThat(repo.resolve(".wave")).doesNotExist();
    }
}
