package dev.wave.planner;

import static dev.wave.planner.SampleRepository.prompt;
import static dev.wave.planner.SampleRepository.task;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.plan.Action;
import dev.wave.plan.Plan;
import dev.wave.plan.PlanLoader;
import dev.wave.plan.PlanWriter;
import dev.wave.plan.Task;
import dev.wave.scale.DependencyDepth;
import dev.wave.schedule.Waves;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class TemplatePlannerTest {
    @TempDir
    Path directory;

    SampleRepository repo;

    @BeforeEach
    void webApplication() {
        repo = new SampleRepository(directory)
                .file("pytest.ini", "[pytest]\n")
                .file("app/auth/login.py", "def login(): pass\n")
                .file("app/upload/modal_handler.py", "def upload(): pass\n")
                .file("app/models/user.py", "class User: pass\n")
                .file("tests/test_login.py", "def test_login(): pass\n")
                .file("web/components/Button.tsx", "export const Button = () => null\n")
                .file("web/components/Card.tsx", "export const Card = () => null\n")
                .file("web/components/Modal.tsx", "export const Modal = () => null\n");
    }

    @Test
    void bugFix_reproducesTracesAndChecksInParallel_thenFixesThenVerifies() {
        GeneratedPlan generated = repo.plan(
                "The session upload modal is crashing when users try to upload files larger than 10MB. Fix this issue.");
        Plan plan = generated.plan();

        assertThat(generated.pattern()).isEqualTo(Pattern.BUG_FIX);
        assertThat(plan.tasks()).extracting(Task::id).containsExactly("reproduce", "trace-root-cause", "check-history",
                "implement-fix", "record-fix");
        assertThat(Waves.of(plan.graph()).ids(plan.graph())).containsExactly(
                List.of("reproduce", "trace-root-cause", "check-history"), List.of("implement-fix"),
                List.of("record-fix"));
        assertThat(task(plan, "implement-fix").role()).contains("Backend Engineer");
        assertThat(generated.findings()).contains("files the goal points at (names and contents): app/upload/modal_handler.py, web/components/Modal.tsx");
    }

    @Test
    void agentPrompts_carryObjectiveOwnedFilesToolsCriteriaAndCheckpoint() {
        Plan plan = repo.plan("Fix the login bug: login fails for users with a quote in their password").plan();

        String fix = prompt(plan, "implement-fix");
        assertThat(fix).startsWith("Objective: Fix the bug described in the goal");
        assertThat(fix).contains(
                "Context: this is task \"implement-fix\" of a plan wave made for the goal: Fix the login bug: login fails",
                "Inputs: read first what the tasks before you found, in .wave/runs/latest/checkpoints/reproduce.agent.json, "
                        + ".wave/runs/latest/checkpoints/trace-root-cause.agent.json, .wave/runs/latest/checkpoints/check-history.agent.json.",
                "Role: Backend Engineer",
                "Files you own (change only these):\n  - app/auth/login.py\n",
                "Tools: Read, Grep, Glob, Edit, Write, Bash (python3 -m pytest -q, git diff)",
                "Success criteria:\n  - the reproducing test passes\n",
                "Checkpoint: when done, write a JSON object {\"task_id\": \"implement-fix\"",
                "to .wave/runs/latest/checkpoints/implement-fix.agent.json in the repository root.");
        assertThat(prompt(plan, "reproduce")).contains("Files you own (change only these):\n  - tests/test_login.py\n");
        assertThat(prompt(plan, "trace-root-cause")).contains("Files to read first:", "Tools: Read, Grep, Glob, Bash (");
    }

    @Test
    void databaseMigration_isolatesTheCriticalMigrationAfterItsBackup() {
        repo.file("alembic.ini", "[alembic]\n");

        GeneratedPlan generated = repo.plan(
                "add a last_login_at column with an alembic migration and update the login endpoint");
        Plan plan = generated.plan();

        assertThat(generated.pattern()).isEqualTo(Pattern.DATABASE_MIGRATION);
        Task run = task(plan, "run-migration");
        assertThat(run.critical()).isTrue();
        assertThat(run.action()).isEqualTo(new Action.Shell("alembic upgrade head"));
        assertThat(run.dependsOn()).containsExactly("preview-migration", "update-backend", "back-up-data");
        assertThat(plan.tasks()).filteredOn(Task::critical).extracting(Task::id).containsExactly("run-migration");
        Waves waves = Waves.of(plan.graph());
        int wave = waves.waveOf(plan.graph().indexOf("run-migration"));
        assertThat(waves.isCritical(wave)).isTrue();
        assertThat(waves.size(wave)).isEqualTo(1);
        assertThat(generated.findings()).contains("migration tool: Alembic (alembic.ini)");
    }

    @Test
    void databaseMigrationWithoutAKnownTool_isACriticalAgentTask() {
        Plan plan = repo.plan("Add a last_login_at timestamp column to the users table").plan();

        Task run = task(plan, "run-migration");
        assertThat(run.critical()).isTrue();
        assertThat(run.action()).isInstanceOf(Action.Agent.class);
        assertThat(plan.tasks()).extracting(Task::id).doesNotContain("update-backend");
    }

    @Test
    void feature_fansOutOverEveryComponent() {
        GeneratedPlan generated = repo.plan(
                "The frontend needs a dark mode toggle. Add a theme context provider, update all components to support "
                        + "dark mode, add a toggle button in the header, and persist the preference to localStorage.");

        assertThat(generated.pattern()).isEqualTo(Pattern.FULL_STACK_FEATURE);
        List<String> ids = new ArrayList<>();
        generated.plan().tasks().forEach(task -> ids.add(task.id()));
        assertThat(ids).contains("analyse-requirements", "check-dependencies", "integrate", "unit-tests",
                "document-feature");
        assertThat(ids).filteredOn(id -> id.startsWith("update-components-")).isNotEmpty();
        assertThat(generated.findings()).contains("3 component files");
        List<String> owned = new ArrayList<>();
        for (String id : ids) {
            if (id.startsWith("update-components-")) {
                owned.add(prompt(generated.plan(), id));
            }
        }
        assertThat(String.join("", owned)).contains("web/components/Button.tsx", "web/components/Card.tsx",
                "web/components/Modal.tsx");
    }

    @Test
    void feature_withApiAndDatabase_hasEveryLayer() {
        Plan plan = repo.plan("Add a Delete Account endpoint to the API and a button on the settings page, "
                + "storing deletions in a new database table").plan();

        assertThat(plan.tasks()).extracting(Task::id).contains("design-schema", "backend-logic", "backend-api",
                "frontend-components", "frontend-state", "integration-tests", "e2e-tests");
        assertThat(task(plan, "backend-api").dependsOn()).containsExactly("design-schema");
    }

    @Test
    void testingSuite_writesOneTaskPerListedArea() {
        GeneratedPlan generated = repo.plan("Write comprehensive integration tests for the authentication system "
                + "including signup, login, logout, token refresh, and password reset.");

        assertThat(generated.pattern()).isEqualTo(Pattern.TESTING_SUITE);
        assertThat(generated.plan().tasks()).extracting(Task::id).contains("write-tests-signup", "write-tests-login",
                "write-tests-logout", "write-tests-token-refresh", "write-tests-password-reset");
    }

    @Test
    void refactoring_splitsTheNamedFilesBetweenAgents() {
        GeneratedPlan generated = repo.plan("Refactor the login and upload handler code to use async/await");

        assertThat(generated.pattern()).isEqualTo(Pattern.REFACTORING);
        assertThat(generated.plan().tasks()).extracting(Task::id).contains("analyse-structure", "map-usages",
                "plan-refactor", "update-references", "update-tests");
        assertThat(generated.plan().tasks()).extracting(Task::id).anyMatch(id -> id.startsWith("refactor"));
    }

    @Test
    void codeGeneration_countedTargets_getAGeneratorAndATestEach() {
        GeneratedPlan generated = repo.plan("Generate API client libraries for our REST API in 50 different programming "
                + "languages with comprehensive documentation");
        Plan plan = generated.plan();

        assertThat(plan.tasks()).filteredOn(task -> task.id().startsWith("generate-")).hasSize(50);
        assertThat(plan.tasks()).filteredOn(task -> task.id().startsWith("test-")).hasSize(50);
        assertThat(prompt(plan, "analyse-spec")).contains("the checkpoint lists the programming languages numbered 1 to 50");
        assertThat(prompt(plan, "generate-7")).contains("for number 7 of analyse-spec's list only");
        assertThat(Waves.of(plan.graph()).peakWidth()).isEqualTo(50);
    }

    @Test
    void unrecognisedGoal_isOneHonestAgentTask() {
        GeneratedPlan generated = repo.plan("Ponder the meaning of life");

        assertThat(generated.pattern()).isEqualTo(Pattern.UNRECOGNISED);
        assertThat(generated.plan().tasks()).extracting(Task::id).containsExactly("do-goal");
        assertThat(generated.notes()).anySatisfy(note -> assertThat(note).startsWith("No pattern recognised"));
        assertThat(prompt(generated.plan(), "do-goal")).startsWith("Objective: Ponder the meaning of life\n");
    }

    @Test
    void withoutTests_verificationIsAnAgentCheck(@TempDir Path bare) {
        GeneratedPlan generated = new SampleRepository(bare).file("main.go.txt", "x").plan("Fix the crash on startup");

        Task verify = task(generated.plan(), "verify");
        assertThat(verify.action()).isInstanceOf(Action.Agent.class);
        assertThat(generated.findings()).contains("no test command (Maven, Gradle, npm, pytest, go, cargo, make)");
    }

    @Test
    void everyTemplate_writesAndReadsBackIdentically_withDepthClassAndRoles() {
        for (String goal : List.of("Fix the login bug", "Add a settings page with an API endpoint",
                "add a last_login_at column with an alembic migration", "Add unit tests for the parser",
                "Refactor the login code", "Scaffold clients for Python, Go and Rust", "Ponder the meaning of life")) {
            GeneratedPlan generated = repo.plan(goal);

            String yaml = PlanWriter.toYaml(generated.plan(), goal, generated.comments(goal));

            assertThat(PlanLoader.parse("plan.yaml", yaml, false).tasks()).as(goal).isEqualTo(generated.plan().tasks());
            assertThat(generated.plan().tasks()).as(goal).allSatisfy(task -> assertThat(task.role()).isPresent());
            assertThat(DependencyDepth.of(generated.plan().graph())).as(goal).isNotNull();
        }
    }

    @Test
    void missingRepository_isRefusedInOneLine() {
        Path missing = directory.resolve("nope");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SampleRepository(missing).plan("Fix the login bug"))
                .isInstanceOf(dev.wave.WaveException.class)
                .hasMessageStartingWith(missing + ": cannot read the repository (")
                .hasMessageEndingWith("). Check the path.");
    }
}
