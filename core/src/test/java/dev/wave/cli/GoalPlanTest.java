package dev.wave.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wave.journal.Json;
import dev.wave.plan.PlanLoader;
import dev.wave.testing.Trees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code wave plan "GOAL"}: the request forms, the analysis box, the settings and their sources, {@code --out}. */
final class GoalPlanTest {
    @TempDir
    Path base;

    MessyRepo messy;

    @BeforeEach
    void repository() {
        messy = MessyRepo.create(base);
    }

    private Cli.Result plan(String goal, String... extra) {
        List<String> args = new ArrayList<>(List.of("plan", goal, "--repo", messy.repo.toString()));
        args.addAll(List.of(extra));
        return Cli.run(args.toArray(String[]::new));
    }

    private JsonNode json(String goal, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of(extra));
        args.add("--json");
        Cli.Result result = plan(goal, args.toArray(String[]::new));
        assertThat(result.exitCode()).as(result.err()).isEqualTo(0);
        return Json.MAPPER.readTree(result.out());
    }

    @Test
    void plainText_isAutoScaled_andTheBoxExplainsIt() {
        Cli.Result result = plan("Clean up the repository");

        assertThat(result.exitCode()).as(result.err()).isEqualTo(0);
        assertThat(result.out())
                .contains("Task: Clean up the repository")
                .contains("Pattern detected: Mass file operations (cleanup)")
                .contains("*.log files: 2")
                .contains("Mode: automatic scaling")
                .contains("Maximum parallelism: ")
                .contains("Decision: use 1 agent")
                .contains("Wave 0: Safety backup (1 agent)")
                .contains("delete-1: Delete 7 cleanup targets")
                .contains("Wave 3: Final commit (1 agent)")
                .contains("Estimated time: ").contains("(estimate: the flow scheduler simulated on 1 agent;")
                .contains("Sequential time: ").contains("Efficiency: ")
                .doesNotContain("Ready to execute");
    }

    @Test
    void autoScaledForm_isTheSameAsPlainText() throws Exception {
        JsonNode json = json("Execute this task dynamically with auto-scaled parallel instances: Clean up the repository");

        assertThat(json.get("task").asText()).isEqualTo("Clean up the repository");
        assertThat(json.get("scaling").get("mode").asText()).isEqualTo("automatic");
        assertThat(json.get("settings").get("agents").get("source").asText()).isEqualTo("default");
    }

    @Test
    void nAgentsBeforeOrAfterTheTask_isAnOverride_withNBatches() throws Exception {
        for (String goal : List.of("Execute this task using 3 parallel agents: Clean up the repository",
                "Clean up the repository using 3 parallel agents")) {
            JsonNode json = json(goal);

            assertThat(json.get("scaling").get("agents").asInt()).as(goal).isEqualTo(3);
            assertThat(json.get("scaling").get("mode").asText()).isEqualTo("override");
            assertThat(json.get("scaling").get("reasons").toString())
                    .contains("User override: 3 agents (request text); automatic scaling would pick 2");
            assertThat(json.get("wave_structure").get("waves").get(0).get("tasks")).hasSize(3);
            assertThat(json.get("settings").get("agents").get("origin").asText()).isEqualTo("request text");
        }
        assertThat(plan("Clean up the repository using 3 parallel agents").out())
                .contains("Mode: user override (explicit agent count)")
                .contains("Decision: use 3 agents as asked")
                .contains("Wave 1: 3 tasks (3 agents, parallel)");
    }

    @Test
    void instanceBudget_capsAutomaticScaling() throws Exception {
        JsonNode json = json("Execute this task dynamically with 2 parallel instances: Fix the login bug");

        assertThat(json.get("pattern").asText()).isEqualTo("Bug fix");
        assertThat(json.get("scaling").get("mode").asText()).isEqualTo("automatic");
        assertThat(json.get("scaling").get("agents").asInt()).isLessThanOrEqualTo(2);
        assertThat(json.get("scaling").get("reasons").toString()).contains("max_instances (request text) = 2");
        assertThat(json.get("settings").get("max_instances").get("value").asInt()).isEqualTo(2);
    }

    @Test
    void overrideBeyondTheMachine_warnsWithTheCapacityAndTheAutomaticChoice() {
        Cli.Result result = plan("Fix the login bug using 40 parallel agents");

        assertThat(result.exitCode()).isEqualTo(0);
        assertThat(result.out()).contains("Warning: using 40 agents as asked, but this machine can sustain about 8, by ")
                .contains("automatic scaling would pick");
    }

    @Test
    void migrationGoal_yieldsOneIsolatedCriticalWave() throws Exception {
        messy.write("repo/alembic.ini", "[alembic]\n");
        String goal = "add a last_login_at column with an alembic migration and update the login endpoint";

        JsonNode json = json(goal);
        Cli.Result box = plan(goal);

        assertThat(json.get("pattern").asText()).isEqualTo("Database migration");
        assertThat(json.get("wave_structure").get("critical_waves").asInt()).isEqualTo(1);
        List<String> critical = new ArrayList<>();
        for (JsonNode wave : json.get("wave_structure").get("waves")) {
            if (wave.get("critical").asBoolean()) {
                wave.get("tasks").forEach(task -> critical.add(task.asText()));
            }
        }
        assertThat(critical).containsExactly("run-migration");
        assertThat(json.get("critical_tasks").get(0).get("reasons").toString()).contains("declared critical: true");
        assertThat(box.out()).contains("CRITICAL (1 agent, runs alone)")
                .contains("run-migration: Apply the database migration (alembic upgrade head)")
                .contains("Critical tasks (1): each runs alone, after a backup, followed by its verify command");
    }

    @Test
    void optionsBlock_flagsAndConfig_resolveInOrder_withTheirSources() throws Exception {
        messy.write("repo/.wave/config.yaml", "max_instances: 3\npriority: safety\non_failure: continue\nmax_waves: 2\n");
        String goal = """
                Clean up the repository
                OPTIONS:
                - priority: speed (alternatives: safety, balanced)
                - max_waves: 20
                PREFERENCES:
                - progress_display: quiet
                - always_backup: no
                """;

        Cli.Result result = plan(goal, "--priority", "balanced", "--json");
        JsonNode settings = Json.MAPPER.readTree(result.out()).get("settings");

        assertThat(settings.get("priority").toString()).isEqualTo("{\"value\":\"balanced\",\"source\":\"flag\",\"origin\":\"--priority\"}");
        assertThat(settings.get("max_waves").toString()).isEqualTo("{\"value\":20,\"source\":\"request\",\"origin\":\"request text\"}");
        assertThat(settings.get("progress_display").get("source").asText()).isEqualTo("request");
        assertThat(settings.get("max_instances").toString()).isEqualTo("{\"value\":3,\"source\":\"config\",\"origin\":\".wave/config.yaml\"}");
        assertThat(settings.get("on_failure").get("source").asText()).isEqualTo("config");
        assertThat(settings.get("dry_run").toString()).isEqualTo("{\"value\":false,\"source\":\"default\",\"origin\":\"default\"}");
        assertThat(settings.get("always_backup").get("value").asBoolean()).isTrue();
        assertThat(result.err()).isEqualTo("wave: warning: request text: always_backup \"no\" is ignored: the request text "
                + "cannot turn the Wave 0 backup off. Use a flag or the config file to turn it off.\n");
        assertThat(plan(goal, "--priority", "balanced").out()).contains("Settings: priority balanced (--priority); max_waves 20 (request text); "
                + "max_instances 3 (.wave/config.yaml)");
    }

    @Test
    void maxWaves_refusesAPlanThatNeedsMore_inOneLine_changingNothing() {
        Map<String, String> before = messy.snapshot();

        Cli.Result result = Cli.run("run", """
                Clean up the repository
                OPTIONS:
                - max_waves: 3
                """, "--repo", messy.repo.toString(), "--yes");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).isEqualTo("wave: the plan needs 4 waves (backup, 2 of work, final commit) but max_waves is 3 "
                + "(request text). Raise max_waves, or simplify the goal or the plan.\n");
        assertThat(Trees.changed(before, messy.snapshot())).isEmpty();
    }

    @Test
    void configFile_appliesToPlanFilesToo() throws Exception {
        messy.write("repo/.wave/config.json", "{\"max_waves\": 1}");
        Path plan = base.resolve("plan.yaml");
        Files.writeString(plan, "tasks:\n  - {id: a, run: \"true\"}\n  - {id: b, run: \"true\", depends_on: [a]}\n");

        Cli.Result result = Cli.run("plan", "--plan", plan.toString(), "--repo", messy.repo.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("but max_waves is 1 (.wave/config.json)");
    }

    @Test
    void agentGoal_writtenWithOut_isAnEditablePlanFile() throws Exception {
        Path out = base.resolve("bug.yaml");

        Cli.Result result = plan("Fix the login bug", "--out", out.toString());

        assertThat(result.exitCode()).as(result.err()).isEqualTo(0);
        assertThat(Files.readString(out)).contains("# Pattern: Bug fix").contains("prompt:");
        assertThat(PlanLoader.load(out).size()).isEqualTo(Json.MAPPER.readTree(plan("Fix the login bug", "--json").out())
                .get("tasks").size());
        Cli.Result replanned = Cli.run("plan", "--plan", out.toString(), "--repo", messy.repo.toString());
        assertThat(replanned.exitCode()).as(replanned.err()).isEqualTo(0);
        assertThat(replanned.out()).contains("Pattern detected: plan file");
    }

    @Test
    void badSettingInTheRequest_isOneLine_namingWhere() {
        Cli.Result result = plan("Clean up the repository\nOPTIONS:\n- priority: fastest\n");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).isEqualTo("wave: request text: priority must be one of speed, balanced, safety, got "
                + "\"fastest\". Fix it in the request, or leave it out for the default (balanced).\n");
    }
}
