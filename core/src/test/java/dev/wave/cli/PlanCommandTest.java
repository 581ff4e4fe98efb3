package dev.wave.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wave.journal.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class PlanCommandTest {
    @TempDir
    Path directory;

    private Path plan() throws Exception {
        Path file = directory.resolve("plan.yaml");
        Files.writeString(file, """
                tasks:
                  - {id: a, run: "true", estimate: 100s}
                  - {id: b, run: "true", estimate: 10s}
                  - {id: c, run: "true", estimate: 10s}
                  - {id: d, run: "true", estimate: 100s, depends_on: [b]}
                  - {id: m, run: "true", estimate: 5s, depends_on: [d], critical: true}
                """);
        return file;
    }

    @Test
    void planFile_showsTheAnalysisBox_withThePeakWidthAndTheSimulatedEstimate() throws Exception {
        Cli.Result result = Cli.run("plan", "--plan", plan().toString(), "--repo", directory.toString());

        assertThat(result.exitCode()).as(result.err()).isEqualTo(0);
        assertThat(result.out())
                .contains("Task: run plan plan.yaml")
                .contains("Pattern detected: plan file")
                .contains("Subtasks: 5")
                .contains("Maximum parallelism: 3 tasks at once")
                .contains("Plan file: the plan's peak parallel width (its widest wave), 3")
                .contains("Decision: use 3 agents")
                .contains("Wave 0: Safety backup (1 agent)")
                .contains("Wave 1: 3 tasks (3 agents, parallel) - 1m40s")
                .contains("Wave 3: CRITICAL (1 agent, runs alone) - 5.0s")
                .contains("Wave 4: Final commit (1 agent)")
                .contains("Total waves: 5 (backup, 2 work waves, 1 critical, final commit)")
                .contains("Estimated time: 1m55s (estimate: the flow scheduler simulated on 3 agents;")
                .contains("Sequential time: 3m45s (estimate: sum of task estimates)")
                .contains("m: declared critical: true")
                .doesNotContain("Ready to execute");
        assertThat(directory.resolve(".wave")).doesNotExist();
    }

    @Test
    void planFile_json_carriesTheSameFiguresAndEverySetting() throws Exception {
        Cli.Result result = Cli.run("plan", "--plan", plan().toString(), "--repo", directory.toString(), "--json",
                "--agents", "2", "--mode", "waves");

        JsonNode json = Json.MAPPER.readTree(result.out());
        assertThat(json.get("pattern").asText()).isEqualTo("plan file");
        assertThat(json.get("scaling").get("agents").asInt()).isEqualTo(2);
        assertThat(json.get("scaling").get("mode").asText()).isEqualTo("override");
        assertThat(json.get("estimate").get("mode").asText()).isEqualTo("waves");
        assertThat(json.get("wave_structure").get("waves")).hasSize(3);
        assertThat(json.get("wave_structure").get("waves").get(2).get("critical").asBoolean()).isTrue();
        assertThat(json.get("estimate").get("sequential_seconds").asDouble()).isEqualTo(225.0);
        assertThat(json.get("estimate").get("critical_path_seconds").asDouble()).isEqualTo(115.0);
        assertThat(json.get("tasks").get(3).get("depends_on").get(0).asText()).isEqualTo("b");
        assertThat(json.get("critical_tasks").get(0).get("id").asText()).isEqualTo("m");
        assertThat(json.get("settings").get("agents").get("origin").asText()).isEqualTo("--agents");
        assertThat(json.get("settings").get("on_failure").get("source").asText()).isEqualTo("default");
    }

    @Test
    void neitherGoalNorPlan_exits2_withOneLine() {
        Cli.Result result = Cli.run("plan", "--repo", directory.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).isEqualTo("wave: wave plan needs a goal or a plan file, for example: wave plan \"Clean up "
                + "the repository\", or wave plan --plan plan.yaml.\n");
    }

    @Test
    void bothGoalAndPlan_exits2_withOneLine() throws Exception {
        Path plan = plan();

        Cli.Result result = Cli.run("plan", "Clean up the repository", "--plan", plan.toString(), "--repo",
                directory.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).isEqualTo("wave: wave plan takes a goal or --plan FILE, not both: got the goal \"Clean "
                + "up the repository\" and --plan " + plan + ". Drop one of them.\n");
    }
}
