package dev.wave.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wave.agent.ConflictResolution;
import dev.wave.journal.Json;
import dev.wave.journal.RunDirectory;
import dev.wave.plan.Action;
import dev.wave.plan.Task;
import dev.wave.run.InsertedTask;
import dev.wave.run.RunResult;
import dev.wave.run.RunStatus;
import dev.wave.run.TaskRecord;
import dev.wave.run.Usage;
import dev.wave.schedule.Mode;
import dev.wave.schedule.TaskState;
import dev.wave.testing.Chromium;
import dev.wave.testing.ScratchRepository;
import dev.wave.worktree.MergeConflict;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report of a run with agent tasks: what the agents used per task, wave and run, the budget that stopped
 * them, a fix wave, a worktree kept for inspection (and one removed since), and a merge conflict; in the HTML
 * report's data, on the rendered page and in {@code wave report}'s text. The run's files are written by the
 * code a real run uses ({@link RunReport}, {@link ConflictResolution#prompt}), from records built here.
 */
final class AgentRunReportTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final String RUN = "20261201-100000-0002";
    private static final String BUDGET = "budget reached: $1.1000 of $1.0000";

    @TempDir
    Path temporary;

    private ScratchRepository repository;
    private Path run;

    private static TaskRecord record(int index, String id, int wave, long start, TaskState state, String summary, Usage usage) {
        boolean ran = state != TaskState.SKIPPED;
        return new TaskRecord(index, id, wave, ran ? Optional.of("I" + (index % 2 + 1)) : Optional.empty(), state,
                ran ? Optional.of(T0.plusMillis(start)) : Optional.empty(),
                ran ? Optional.of(T0.plusMillis(start + 100)) : Optional.empty(), ran ? 100 : 0,
                Optional.of(state == TaskState.FAILED ? 1 : 0), ran ? 1 : 0, summary, List.of(), usage);
    }

    @BeforeEach
    void writeTheRun() throws Exception {
        repository = ScratchRepository.empty(Files.createDirectory(temporary.resolve("repo")));
        repository.write("README.md", "hello\n");
        repository.git("add", "-A");
        repository.git("commit", "-q", "-m", "initial");
        RunDirectory directory = RunDirectory.create(repository.root(), RUN);
        run = directory.root();
        Json.write(directory.executionPlan(), plan());

        List<TaskRecord> tasks = List.of(
                record(0, "api", 1, 0, TaskState.SUCCEEDED, "fixed by fix wave 1.1", Usage.of(1000, 200, 0.50)),
                record(1, "ui", 2, 700, TaskState.FAILED, "conflict integrating ui: src/users.py; nothing was written",
                        Usage.tokens(2000, 400)),
                record(2, "docs", 2, 0, TaskState.SKIPPED, "not started: " + BUDGET, Usage.NONE),
                record(3, "site", 3, 0, TaskState.SKIPPED, "skipped: it depends on \"docs\"", Usage.NONE));
        List<InsertedTask> inserted = List.of(
                new InsertedTask("1.1", "api", "analyse", record(4, "api.fix1.analyse", 1, 100, TaskState.SUCCEEDED,
                        "the test expects a list", Usage.of(100, 10, 0.10))),
                new InsertedTask("1.1", "api", "fix", record(5, "api.fix1.fix", 1, 300, TaskState.SUCCEEDED, "fixed",
                        Usage.of(100, 10, 0.10))),
                new InsertedTask("1.1", "api", "recheck", record(6, "api.fix1.recheck", 1, 500, TaskState.SUCCEEDED, "ok",
                        Usage.NONE)));
        RunResult result = new RunResult(RunStatus.FAILED, Mode.FLOW, 2, T0, T0.plusMillis(1000), 3, 2, tasks, List.of(),
                inserted, Optional.of(BUDGET));
        ObjectNode summary = new RunReport(RUN, directory, result).json();
        // What a run adds beside the report: the worktrees it kept, and fields a newer fix wave records.
        ObjectNode fixWave = (ObjectNode) summary.withArray("fix_waves").get(0);
        fixWave.put("trigger", "verify failed: 1 test failed").put("round", 1);
        repository.git("worktree", "add", "-q", "-b", "wave/" + RUN + "/ui", ".wave/worktrees/" + RUN + "/ui");
        var kept = summary.putArray("kept_worktrees");
        kept.addObject().put("task", "ui").put("path", repository.path(".wave/worktrees/" + RUN + "/ui").toString())
                .put("branch", "wave/" + RUN + "/ui");
        kept.addObject().put("task", "api").put("path", repository.path(".wave/worktrees/" + RUN + "/api").toString())
                .put("branch", "wave/" + RUN + "/api");
        Json.write(directory.summary(), summary);

        Task ui = new Task("ui", "Users page", new Action.Agent("Show the users.\n## Not a conflicting file\n"), List.of("api"),
                Optional.empty(), Optional.empty(), false, Optional.empty(), 0, Map.of(), Optional.empty(), false);
        MergeConflict conflict = new MergeConflict("ui", "wave/" + RUN + "/ui", "0123abcd", List.of("src/users.py"),
                List.of(new MergeConflict.File("src/users.py", "the task and the run changed the same lines",
                        Optional.of(new MergeConflict.Side("return []\n## inside a side\n", false, false, false)),
                        Optional.of(new MergeConflict.Side("return ['run']\n", false, false, false)),
                        Optional.of(new MergeConflict.Side("return ['task']\n", false, false, false)), List.of())));
        Files.writeString(directory.logs().resolve("ui.conflict.md"), ConflictResolution.prompt(ui, conflict));
    }

    private static ObjectNode plan() {
        ObjectNode root = Json.object().put("task", "Add a users page").put("pattern", "feature").put("source", "goal");
        ObjectNode settings = root.putObject("settings");
        settings.putObject("budget_usd").put("value", 1.0).put("source", "flag").put("origin", "--budget-usd");
        settings.putObject("budget_tokens").putNull("value").put("source", "default").put("origin", "");
        var tasks = root.putArray("tasks");
        tasks.addObject().put("id", "api").put("kind", "prompt").put("prompt", "Add the users API").put("wave", 1)
                .put("estimate_seconds", 60);
        tasks.addObject().put("id", "ui").put("kind", "prompt").put("prompt", "Add the users page").put("wave", 2)
                .put("estimate_seconds", 60).putArray("depends_on").add("api");
        tasks.addObject().put("id", "docs").put("kind", "prompt").put("prompt", "Document it").put("wave", 2)
                .put("estimate_seconds", 60);
        tasks.addObject().put("id", "site").put("kind", "run").put("run", "make site").put("wave", 3)
                .put("estimate_seconds", 5).putArray("depends_on").add("docs");
        return root;
    }

    @Test
    void pageData_hasUsagePerTaskWaveAndRun_theBudget_theFixWave_theKeptWorktrees_andTheConflict() {
        JsonNode data = HtmlReport.data(PastRun.read(run));

        assertThat(data.at("/agents").asInt()).as("the agent count stays a number").isEqualTo(2);
        assertThat(data.at("/agent_use/usage/input_tokens").asLong()).isEqualTo(3200);
        assertThat(data.at("/agent_use/usage/cost_usd").asDouble()).isEqualTo(0.70);
        assertThat(data.at("/agent_use/tasks").asInt()).as("api, ui and the two agent steps of the fix wave").isEqualTo(4);
        assertThat(data.at("/agent_use/without_cost").asInt()).as("ui reported tokens only").isEqualTo(1);
        assertThat(data.at("/agent_use/budget/usd").asDouble()).isEqualTo(1.0);
        assertThat(data.at("/agent_use/budget/usd_source").asText()).isEqualTo("flag");
        assertThat(data.at("/agent_use/budget/tokens").isMissingNode()).as("no token budget was set").isTrue();
        assertThat(data.at("/agent_use/budget/reached").asText()).isEqualTo(BUDGET);
        assertThat(data.at("/agent_use/budget/not_started").asInt()).isEqualTo(1);
        assertThat(data.at("/agent_use/waves/0/cost_usd").asDouble()).as("wave 1 with its fix wave").isEqualTo(0.70);
        assertThat(data.at("/agent_use/costliest/0/id").asText()).isEqualTo("api");

        assertThat(data.at("/tasks/planned").asInt()).isEqualTo(4);
        assertThat(data.at("/tasks/id/6").asText()).isEqualTo("api.fix1.recheck");
        assertThat(data.at("/tasks/fix/0").asText()).isEqualTo("1.1");
        assertThat(data.at("/tasks/cost/0").asDouble()).isEqualTo(0.50);
        assertThat(data.at("/tasks/cost/1").isNull()).as("ui reported no cost").isTrue();
        assertThat(data.at("/tasks/tokens/1").asLong()).isEqualTo(2400);
        assertThat(data.at("/fix_waves/0/wave").asText()).isEqualTo("1.1");
        assertThat(data.at("/fix_waves/0/trigger").asText()).isEqualTo("verify failed: 1 test failed");
        assertThat(data.at("/fix_waves/0/other/round").asText()).as("a field this wave does not know").isEqualTo("1");
        assertThat(data.at("/fix_waves/0/outcome").asText()).isEqualTo("fixed");
        assertThat(data.at("/fix_waves/0/steps/1/step").asText()).isEqualTo("fix");
        assertThat(data.at("/fix_waves/0/steps/1/start").asLong()).isEqualTo(300);

        assertThat(data.at("/kept/worktrees/0/state").asText()).isEqualTo("kept");
        assertThat(data.at("/kept/worktrees/0/path").asText()).isEqualTo(".wave/worktrees/" + RUN + "/ui");
        assertThat(data.at("/kept/worktrees/1/state").asText()).as("neither its directory nor its branch exists")
                .isEqualTo("removed");
        assertThat(data.at("/kept/conflicts/0/task").asText()).isEqualTo("ui");
        assertThat(data.at("/kept/conflicts/0/files").toString())
                .isEqualTo("[\"src/users.py: the task and the run changed the same lines\"]");
        assertThat(data.at("/kept/conflicts/0/outcome").asText()).isEqualTo("not resolved: the task failed");
        assertThat(data.at("/kept/conflicts/0/record").asText()).isEqualTo(".wave/runs/" + RUN + "/logs/ui.conflict.md");
    }

    @Test
    void textReport_saysTheSameFacts() {
        StringWriter text = new StringWriter();
        PastRun.read(run).print(new PrintWriter(text), repository.root());

        assertThat(text.toString()).contains(
                "  Spent:       3,820 tokens, $0.7000 by the run's agents\n"
                        + "  Budget:      " + BUDGET + ": 1 agent task not started\n"
                        + "  Fix wave:    1.1 for api: fixed\n"
                        + "  Per wave:    wave 1: 1,420 tokens, $0.7000; wave 2: 2,400 tokens (as the agents reported it)\n"
                        + "  Costliest:   api 1,200 tokens, $0.5000; api.fix1.analyse 110 tokens, $0.1000; "
                        + "api.fix1.fix 110 tokens, $0.1000 (of 4 agent tasks; 1 reported no cost)\n"
                        + "  Fix steps:   1.1 (verify failed: 1 test failed): analyse succeeded, fix succeeded, "
                        + "recheck succeeded\n")
                .contains("  Worktree:    ui kept for inspection at .wave/worktrees/" + RUN + "/ui (branch wave/" + RUN + "/ui)\n"
                        + "  Worktree:    api removed since the run (was at .wave/worktrees/" + RUN + "/api, branch wave/"
                        + RUN + "/api)\n"
                        + "  Conflict:    ui in src/users.py: the task and the run changed the same lines; not resolved: "
                        + "the task failed; both sides in .wave/runs/" + RUN + "/logs/ui.conflict.md\n");
    }

    @Test
    void budgetNotReached_saysTheLimitAndWhatWasSpent() throws Exception {
        JsonNode summary = RunFiles.MAPPER.readTree(run.resolve("execution_summary.json").toFile());
        ((ObjectNode) summary).putNull("budget_reached").put("budget_not_started", 0);
        Json.write(run.resolve("execution_summary.json"), (ObjectNode) summary);
        StringWriter text = new StringWriter();

        PastRun.read(run).print(new PrintWriter(text), repository.root());

        assertThat(text.toString()).contains("  Budget:      $1.0000 (flag), 70% spent: not reached, no agent task was held back\n");
    }

    @Test
    void aFixWaveOfTheWholeRunsCheck_withFieldsThisWaveDoesNotKnow_isShownAsRecorded() throws Exception {
        ObjectNode summary = (ObjectNode) RunFiles.MAPPER.readTree(run.resolve("execution_summary.json").toFile());
        ObjectNode wave = summary.withArray("fix_waves").addObject().put("wave", "3.1")
                .put("trigger", "the final check failed").put("outcome", "not fixed (fix failed)");
        wave.putObject("check").put("command", "pytest -q");
        wave.withArray("steps").addObject().put("id", "check.fix1.fix").put("step", "fix").put("status", "failed")
                .put("wave", "3.1").put("instance", "agent-7").putNull("started_at").put("attempts", 1);
        Json.write(run.resolve("execution_summary.json"), summary);
        PastRun past = PastRun.read(run);

        JsonNode data = HtmlReport.data(past);
        StringWriter text = new StringWriter();
        past.print(new PrintWriter(text), repository.root());

        assertThat(data.at("/fix_waves/1/task").asText()).isEmpty();
        assertThat(data.at("/fix_waves/1/other").toString()).as("only plain values are shown").isEqualTo("{}");
        assertThat(data.at("/tasks/id/7").asText()).isEqualTo("check.fix1.fix");
        assertThat(data.at("/tasks/wave/7").asInt()).isEqualTo(3);
        assertThat(data.at("/tasks/lane/7").asInt()).as("not an agent lane wave knows").isZero();
        assertThat(text.toString()).contains("  Fix wave:    3.1 for the run's check: not fixed (fix failed)\n")
                .contains("  Fix steps:   3.1 (the final check failed): fix failed\n");
    }

    @Test
    @Timeout(120)
    void page_rendersTheAgentSections_inChromium() throws Exception {
        Path page = HtmlReport.write(run);
        Assumptions.assumeTrue(Chromium.installed(), "no " + Chromium.BINARY + " on this machine (.ci/run installs it)");

        Chromium.Page rendered = Chromium.load(page, Files.createDirectory(temporary.resolve("profile")));

        assertThat(rendered.consoleErrors()).isEmpty();
        assertThat(rendered.attribute("rendered", "data-errors")).isEqualTo("0");
        assertThat(rendered.dom()).as("the sections are shown").doesNotContain("id=\"agents-panel\" hidden")
                .doesNotContain("id=\"fix-panel\" hidden").doesNotContain("id=\"kept-panel\" hidden");
        assertThat(rendered.dom()).contains("Wave 1.1 for api: fixed", "verify failed: 1 test failed", "api.fix1.recheck",
                "$0.7000 of $1.0000 (flag)", "1 agent task not started",
                "src/users.py: the task and the run changed the same lines", "removed", "wave/" + RUN + "/ui",
                "1 succeeded", "and 3 fix-wave tasks");
    }
}
