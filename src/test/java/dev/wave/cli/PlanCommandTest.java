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
    void plan_showsWavesAgentsAndTheSimulatedEstimate() throws Exception {
        Cli.Result result = Cli.run("plan", "--plan", plan().toString());

        assertThat(result.exitCode()).as(result.err()).isEqualTo(0);
        assertThat(result.out())
                .contains("5 tasks in 3 waves")
                .contains("Wave 1      3 tasks a, b, c")
                .contains("Wave 3      1 task  m  [critical: runs alone]")
                .contains("Agents:          3 (the plan's peak parallel width)")
                .contains("Estimated time:  1m55s (estimate: the flow scheduler simulated on 3 agents")
                .contains("Sequential time: 3m45s (estimate: sum of task estimates)")
                .contains("In waves mode:  3m25s (estimate)");
        assertThat(directory.resolve(".wave")).doesNotExist();
    }

    @Test
    void plan_json_carriesTheSameFigures() throws Exception {
        Cli.Result result = Cli.run("plan", "--plan", plan().toString(), "--json", "--agents", "2", "--mode", "waves");

        JsonNode json = Json.MAPPER.readTree(result.out());
        assertThat(json.get("agents").asInt()).isEqualTo(2);
        assertThat(json.get("agents_reason").asText()).isEqualTo("--agents");
        assertThat(json.get("mode").asText()).isEqualTo("waves");
        assertThat(json.get("waves")).hasSize(3);
        assertThat(json.get("waves").get(2).get("critical").asBoolean()).isTrue();
        assertThat(json.get("estimate").get("sequential_seconds").asDouble()).isEqualTo(225.0);
        assertThat(json.get("estimate").get("critical_path_seconds").asDouble()).isEqualTo(115.0);
        assertThat(json.get("tasks").get(3).get("depends_on").get(0).asText()).isEqualTo("b");
    }

    @Test
    void plan_withoutPlanOption_exits2() {
        Cli.Result result = Cli.run("plan");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("wave: Missing required option: '--plan=FILE'");
    }
}
