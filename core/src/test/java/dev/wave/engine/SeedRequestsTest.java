package dev.wave.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wave.journal.Json;
import dev.wave.plan.Action;
import dev.wave.plan.Task;
import dev.wave.safety.RollbackResult;
import dev.wave.safety.SafetyNet;
import dev.wave.safety.SafetyOptions;
import dev.wave.scale.Machine;
import dev.wave.testing.ScratchRepository;
import dev.wave.testing.SeedProject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seeds' requests, end to end through the engine, as goals on the sample project of
 * {@link SeedProject} with its seed agent (a fake Claude Code making each task's edit): the
 * mechanical parts as built-in actions, the judgement parts as agent tasks in worktrees merged in
 * dependency order, the project's tests run before and after, one final commit, an exact rollback.
 */
@Timeout(180)
final class SeedRequestsTest {
    private static final Machine MACHINE = new Machine(2, 8L << 30, Optional.empty());
    static final String CLEANUP = "Clean up the entire repository. Remove all checkpoint files, Python cache directories, "
            + ".pyc files, old migration backups, unused imports in all Python files, redundant test outputs, and organize "
            + "remaining files properly.";
    static final String FEATURE = "Fix the database schema mismatch, add authentication endpoints, write tests and update "
            + "the documentation";

    @TempDir
    Path directory;

    private Path repo;
    private ScratchRepository git;
    private String agent;
    private Path agentLog;
    private final StringWriter printed = new StringWriter();
    private PreparedRun prepared;

    @BeforeEach
    void setUp() {
        repo = directory.resolve("repo");
        git = SeedProject.create(repo);
        agent = SeedProject.installAgent(directory.resolve("bin")) + " -p {prompt}";
        agentLog = directory.resolve("agent.log");
    }

    private RunOutcome run(String goal) throws Exception {
        Orchestrator orchestrator = Orchestrator.create(() -> MACHINE);
        prepared = orchestrator.prepare(RunRequest.goal(repo, goal).withFlag("agent", agent).withFlag("planner", "heuristic"));
        return orchestrator.execute(prepared, RunEnvironment.of(new PrintWriter(printed, true), Approver.all()));
    }

    /** The tasks of the run's plan by how they run: {@code prompt} (an agent) or the built-in action's name. */
    private Map<String, List<String>> byKind() {
        Map<String, List<String>> kinds = new TreeMap<>();
        for (Task task : prepared.plan().tasks()) {
            String kind = task.action() instanceof Action.Builtin builtin ? builtin.fileAction().name() : task.action().kind();
            kinds.computeIfAbsent(kind, k -> new ArrayList<>()).add(task.id());
        }
        return kinds;
    }

    private Map<String, JsonNode> summaries(RunOutcome outcome) throws Exception {
        Map<String, JsonNode> tasks = new TreeMap<>();
        JsonNode summary = Json.MAPPER.readTree(repo.resolve(".wave/runs/" + outcome.runId().orElseThrow()
                + "/execution_summary.json").toFile());
        summary.get("tasks").forEach(task -> tasks.put(task.get("id").asText(), task));
        return tasks;
    }

    /** Each dependency of each task ended before the task started (its change merged before its dependents run). */
    private void assertDependencyOrder(Map<String, JsonNode> tasks) {
        for (Task task : prepared.plan().tasks()) {
            Instant started = Instant.parse(tasks.get(task.id()).get("started_at").asText());
            for (String dependency : task.dependsOn()) {
                assertThat(Instant.parse(tasks.get(dependency).get("finished_at").asText())).as(task.id() + " after " + dependency)
                        .isBeforeOrEqualTo(started);
            }
        }
    }

    /** The run's check ran the project's tests before the tasks and after them, and both passed. */
    private void assertCheckedBeforeAndAfter(int before, int after) {
        assertThat(printed.toString()).contains("Wave 0: check baseline (python3 -m pytest -q): " + before + " passed, 0 failed")
                .contains("Check after the tasks (python3 -m pytest -q): passed (exit 0: " + after + " passed, 0 failed");
    }

    /** One final commit on top of the start holds every change; the tree is clean; rollback restores the start exactly. */
    private void assertOneCommit_andAnExactRollback(RunOutcome outcome, String start, ScratchRepository.State before) {
        assertThat(git.git("rev-list", "--count", start + "..HEAD").strip()).isEqualTo("1");
        assertThat(git.git("log", "-1", "--format=%s")).startsWith("wave: ");
        assertThat(git.git("status", "--porcelain", "--untracked-files=all")).as("everything committed").isEmpty();
        assertThat(git.git("for-each-ref", "refs/heads/wave/")).as("merged branches removed").isBlank();

        RollbackResult rollback = SafetyNet.open(repo, SafetyOptions.defaults(), Clock.systemUTC())
                .rollback(outcome.backup().orElseThrow());

        assertThat(rollback.verified()).isTrue();
        assertThat(git.state()).isEqualTo(before);
    }

    @Test
    void theCleanupRequest_deletesJunkWithBuiltIns_andLeavesJudgementToAgents_checkedCommittedAndRevertible()
            throws Exception {
        ScratchRepository.State before = git.state();
        String start = git.git("rev-parse", "HEAD").strip();

        RunOutcome outcome = run(CLEANUP);

        assertThat(outcome.verdict()).as(printed.toString()).isEqualTo(RunOutcome.Verdict.SUCCEEDED);
        assertThat(byKind()).containsOnlyKeys("delete", "prompt");
        assertThat(byKind().get("prompt")).containsExactly("cleanup-old-migration-backups", "unused-imports-1",
                "unused-imports-2", "cleanup-redundant-test-outputs", "cleanup-organize-remaining-files-properly");
        assertThat(prepared.plan().tasks()).filteredOn(task -> byKind().get("delete").contains(task.id()))
                .allSatisfy(task -> assertThat(task.dependsOn()).isEmpty());
        Map<String, JsonNode> tasks = summaries(outcome);
        assertThat(tasks.values()).allSatisfy(task -> assertThat(task.get("status").asText()).isEqualTo("succeeded"));
        assertDependencyOrder(tasks);
        assertCheckedBeforeAndAfter(2, 2);
        for (String gone : List.of(SeedProject.CHECKPOINT, "app/__pycache__", "app/old.pyc", "migrations/0001_init.sql.bak",
                "tests/output.log", "notes.txt")) {
            assertThat(repo.resolve(gone)).as(gone).doesNotExist();
        }
        assertThat(git.read("docs/notes.txt")).isEqualTo("todo: login\n");
        assertThat(git.read("app/schema.py")).doesNotContain("import os").contains("SCHEMA_VERSION = 1");
        assertThat(git.read("app/db.py")).doesNotContain("import json").startsWith("import sqlite3\n");
        assertThat(git.read("app/server.py")).doesNotContain("import re\n").startsWith("import json\n");
        assertThat(git.read("tests/test_server.py")).startsWith("import unittest\n");
        assertThat(git.git("show", "--no-renames", "--name-only", "--format=", "HEAD").lines()).containsExactlyInAnyOrder(
                SeedProject.CHECKPOINT, "app/__pycache__/db.cpython-311.pyc", "app/old.pyc", "migrations/0001_init.sql.bak",
                "tests/output.log", "notes.txt", "docs/notes.txt", "app/schema.py", "app/db.py", "app/server.py",
                "tests/test_server.py");
        assertOneCommit_andAnExactRollback(outcome, start, before);
    }

    @Test
    void theFeatureRequest_isAPartPerConcern_runByAgentsInDependencyOrder_checkedCommittedAndRevertible() throws Exception {
        ScratchRepository.State before = git.state();
        String start = git.git("rev-parse", "HEAD").strip();

        RunOutcome outcome = run(FEATURE);

        assertThat(outcome.verdict()).as(printed.toString()).isEqualTo(RunOutcome.Verdict.SUCCEEDED);
        assertThat(byKind()).containsOnlyKeys("prompt");
        assertThat(prepared.plan().tasks()).extracting(task -> task.id().substring(0, task.id().indexOf('.'))).containsOnly(
                "fix-database", "add-authentication", "write-tests", "update-documentation");
        Map<String, JsonNode> tasks = summaries(outcome);
        assertThat(tasks).hasSize(17); // tests and docs are written by their own parts only, not again by each part
        assertThat(tasks).doesNotContainKeys("fix-database.update-tests", "add-authentication.unit-tests",
                "add-authentication.document-feature", "write-tests.document-tests");
        assertThat(tasks.values()).allSatisfy(task -> assertThat(task.get("status").asText()).isEqualTo("succeeded"));
        assertDependencyOrder(tasks);
        for (String analysis : List.of("fix-database.analyse-schema", "add-authentication.analyse-requirements",
                "fix-database.run-migration", "write-tests.analyse-code")) {
            assertThat(tasks.get(analysis).get("summary").asText()).as(analysis).startsWith("analysis only: Findings of ");
        }
        assertThat(tasks.get("fix-database.write-migration").get("summary").asText()).as("the analysis reached the writer")
                .contains("Read fix-database.analyse-schema.agent.json.");
        JsonNode critical = tasks.get("fix-database.run-migration");
        Instant from = Instant.parse(critical.get("started_at").asText());
        Instant to = Instant.parse(critical.get("finished_at").asText());
        assertThat(tasks.values()).filteredOn(task -> task != critical).as("the migration ran alone").allSatisfy(task ->
                assertThat(Instant.parse(task.get("finished_at").asText()).isAfter(from)
                        && Instant.parse(task.get("started_at").asText()).isBefore(to)).isFalse());
        assertCheckedBeforeAndAfter(2, 5);
        assertThat(git.read("app/schema.py")).contains("email TEXT").doesNotContain(" mail TEXT");
        assertThat(git.read("app/server.py")).contains("@route(\"/login\")");
        assertThat(git.read("README.md")).startsWith("# sample\n").contains("## do-goal").doesNotContain("## document-feature");
        assertThat(git.git("show", "--no-renames", "--name-only", "--format=", "HEAD").lines()).contains(
                "app/schema.py", "migrations/0002_rename_mail.sql", "app/auth.py", "app/server.py",
                "tests/test_write_unit_tests.py", "README.md").noneMatch(path -> path.startsWith(".wave/") || path.contains("__pycache__"));
        assertOneCommit_andAnExactRollback(outcome, start, before);
    }
}
