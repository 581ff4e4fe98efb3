package dev.wave.planner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.plan.Action;
import dev.wave.plan.Plan;
import dev.wave.plan.Task;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A goal of several concerns, offline: one plan with a part per concern, ordered, its critical tasks marked. */
final class CompoundGoalTest {
    private static final String GOAL = "fix the schema mismatch, add authentication endpoints, write tests and update the "
            + "documentation";

    @TempDir
    static Path directory;

    static SampleRepository repo;

    @BeforeAll
    static void repository() {
        repo = new SampleRepository(directory)
                .file("app/models.py", "class User: pass\n")
                .file("app/api.py", "def index(): pass\n")
                .file("app/__pycache__/api.cpython-311.pyc", "x")
                .file("README.md", "# app\n");
    }

    @Test
    void split_findsOnePartPerConcern() {
        assertThat(GoalParts.split(GOAL).orElseThrow()).extracting(GoalParts.Part::text).containsExactly(
                "fix the schema mismatch", "add authentication endpoints", "write tests", "update the documentation");
    }

    @Test
    void theSeedsCompoundGoal_isOnePlan_withAPartPerConcern_testsAfterCode_docsLast() {
        GeneratedPlan generated = repo.plan(GOAL);
        Plan plan = generated.plan();

        assertThat(generated.pattern()).isEqualTo(Pattern.COMPOUND);
        assertThat(generated.findings()).containsExactly(
                "part fix-schema (Database migration): fix the schema mismatch",
                "part add-authentication (Full-stack feature): add authentication endpoints",
                "part write-tests (Testing suite): write tests",
                "part update-documentation (Unrecognised (one agent task for the whole goal)): update the documentation");
        assertThat(partsOf(plan)).containsExactly("fix-schema", "add-authentication", "write-tests", "update-documentation");
        assertThat(roots(plan, "fix-schema")).allSatisfy(task -> assertThat(task.dependsOn()).isEmpty());
        assertThat(roots(plan, "add-authentication")).allSatisfy(task -> assertThat(task.dependsOn()).isEmpty());
        assertThat(roots(plan, "write-tests")).allSatisfy(task -> assertThat(task.dependsOn())
                .anyMatch(id -> id.startsWith("fix-schema.")).anyMatch(id -> id.startsWith("add-authentication."))
                .noneMatch(id -> id.startsWith("update-documentation.")));
        assertThat(roots(plan, "update-documentation")).allSatisfy(task -> assertThat(task.dependsOn())
                .anyMatch(id -> id.startsWith("write-tests.")).anyMatch(id -> id.startsWith("add-authentication.")));
        assertThat(plan.tasks()).filteredOn(Task::critical).extracting(Task::id).containsExactly("fix-schema.run-migration");
        assertThat(SampleRepository.task(plan, "update-documentation.do-goal").role()).contains(Roles.TECHNICAL_WRITER);
    }

    @Test
    void agentPrompts_nameTheirRenamedTasksAndInputs() {
        Plan plan = repo.plan(GOAL).plan();

        String prompt = ((Action.Agent) SampleRepository.task(plan, "write-tests.test-fixtures").action()).prompt();
        assertThat(prompt).contains("this is task \"write-tests.test-fixtures\"")
                .contains("checkpoints/write-tests.analyse-code.agent.json")
                .contains("checkpoints/write-tests.test-fixtures.agent.json")
                .doesNotContain("checkpoints/analyse-code.agent.json");
    }

    @Test
    void aPartsAnalysisTasks_andItsDatabaseSteps_changeNoFile_soAnAgentThatChangesNothingSucceeds() {
        Plan plan = repo.plan(GOAL).plan();

        assertThat(plan.tasks()).filteredOn(task -> task.action() instanceof Action.Agent agent && agent.analysisOnly())
                .extracting(Task::id).contains("fix-schema.analyse-schema", "fix-schema.verify-schema",
                        "fix-schema.back-up-data", "fix-schema.run-migration",
                        "add-authentication.analyse-requirements", "write-tests.analyse-code")
                .doesNotContain("fix-schema.write-migration", "add-authentication.backend-api");
    }

    @Test
    void withoutAMigrationTool_theMigrationsDirectory_isInTheWritersScope(@TempDir Path other) {
        SampleRepository sample = new SampleRepository(other).file("app/schema.py", "USERS = 'mail'\n")
                .file("migrations/0001_init.sql", "CREATE TABLE users (mail TEXT);\n").file("README.md", "# app\n");

        Plan plan = sample.plan(GOAL).plan();

        assertThat(SampleRepository.task(plan, "fix-schema.write-migration").scope()).contains("migrations/", "app/schema.py");
    }

    @Test
    void mechanicalParts_areBuiltInActions_thatRunBeforeTheAgents() {
        GeneratedPlan generated = repo.plan("Remove compiled Python files, add a health check endpoint and update the README");
        Plan plan = generated.plan();

        assertThat(partsOf(plan)).containsExactly("remove-compiled", "add-health", "update-readme");
        assertThat(plan.tasks()).filteredOn(task -> task.id().startsWith("remove-compiled."))
                .allSatisfy(task -> assertThat(task.action()).isInstanceOf(Action.Builtin.class));
        assertThat(SampleRepository.paths(plan, "delete")).containsExactly("app/__pycache__");
        assertThat(roots(plan, "add-health")).allSatisfy(task -> assertThat(task.dependsOn())
                .allMatch(id -> id.startsWith("remove-compiled.")).isNotEmpty());
    }

    @Test
    void then_putsAPartAfterEveryPartBeforeIt_evenCodeAfterTests() {
        Plan plan = repo.plan("Write tests for the api module, then refactor the api module").plan();

        assertThat(partsOf(plan)).containsExactly("write-tests", "refactor-api");
        assertThat(roots(plan, "refactor-api")).allSatisfy(task -> assertThat(task.dependsOn())
                .isNotEmpty().allMatch(id -> id.startsWith("write-tests.")));
    }

    @Test
    void aTestPart_isPlannedAsTests_evenWhenItsWordsReadAsABugFix() {
        GeneratedPlan generated = repo.plan("Fix the crash in the parser and add a regression test");

        assertThat(generated.findings()).containsExactly("part fix-crash (Bug fix): Fix the crash in the parser",
                "part add-regression (Testing suite): add a regression test");
    }

    @Test
    void testsAndDocumentation_areWrittenOnlyByTheirOwnParts() {
        Plan plan = repo.plan(GOAL).plan();

        assertThat(plan.tasks()).filteredOn(task -> task.role().filter(Roles.TECHNICAL_WRITER::equals).isPresent())
                .extracting(Task::id).containsExactly("update-documentation.do-goal");
        assertThat(plan.tasks()).extracting(Task::id).filteredOn(id -> id.contains("test"))
                .allMatch(id -> id.startsWith("write-tests."));
        assertThat(plan.tasks()).extracting(Task::id).doesNotContain("add-authentication.unit-tests",
                "add-authentication.integration-tests", "add-authentication.document-feature", "fix-schema.update-tests",
                "write-tests.document-tests");
    }

    @Test
    void withoutATestPart_aCodePartKeepsItsOwnTests() {
        Plan plan = repo.plan("add authentication endpoints and update the documentation").plan();

        assertThat(plan.tasks()).extracting(Task::id).contains("add-authentication.unit-tests")
                .doesNotContain("add-authentication.document-feature");
    }

    @Test
    void aPartsPrompt_namesTheWholeGoal_andItsPart() {
        String prompt = ((Action.Agent) SampleRepository.task(repo.plan(GOAL).plan(), "write-tests.write-unit-tests").action())
                .prompt();

        assertThat(prompt).contains("made for the goal: " + GOAL + ". This task belongs to its part \"write tests\"");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Find and replace deprecated calls", "Run the tests and fix what fails",
            "Replace old_name with new_name in app/ and tests/", "Remove all __pycache__ directories and .pyc files",
            "add a last_login_at column with an alembic migration and update the login endpoint",
            "Clean up the repository: remove junk files, unused imports and dead code, and make sure tests pass",
            "Delete the log files and remove unused imports", "Build user service, order service, and payment service",
            "Build a simple todo list application with add, delete, and mark complete features"})
    void oneConcern_isNotSplit(String goal) {
        assertThat(repo.plan(goal).pattern()).isNotEqualTo(Pattern.COMPOUND);
    }

    private static List<String> partsOf(Plan plan) {
        List<String> parts = new ArrayList<>();
        for (Task task : plan.tasks()) {
            String part = task.id().substring(0, task.id().indexOf('.'));
            if (!parts.contains(part)) {
                parts.add(part);
            }
        }
        return parts;
    }

    /** The part's tasks that depend on no task of their own part. */
    private static List<Task> roots(Plan plan, String part) {
        List<Task> roots = new ArrayList<>();
        for (Task task : plan.tasks()) {
            if (task.id().startsWith(part + ".") && task.dependsOn().stream().noneMatch(id -> id.startsWith(part + "."))) {
                roots.add(task);
            }
        }
        assertThat(roots).as(part).isNotEmpty();
        return roots;
    }
}
