package dev.wave.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wave.journal.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

final class SimulateCommandTest {
    private static final String PLAN = """
            tasks:
              - {id: a, run: "true", estimate: 10s}
              - {id: b, run: "true", estimate: 20s, depends_on: [a]}
              - {id: c, run: "true", estimate: 5s, depends_on: [a]}
              - {id: d, run: "true", estimate: 5s}
            """;

    @TempDir
    Path directory;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int execute(String... args) {
        CommandLine line = WaveCommand.commandLine(new ByteArrayInputStream(new byte[0]));
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        return line.execute(args);
    }

    private Path plan() throws IOException {
        return Files.writeString(directory.resolve("plan.yaml"), PLAN);
    }

    @Test
    void simulate_printsMakespanLowerBoundRatioAndUtilisation() throws IOException {
        int exit = execute("simulate", "--plan", plan().toString(), "--agents", "2");

        assertThat(exit).isZero();
        assertThat(out.toString())
                .contains("Makespan:        30.0s")
                .contains("Lower bound:     30.0s  (max of critical path 30.0s and total work / 2 = 20.0s)")
                .contains("Ratio:           1.000x")
                .contains("Utilisation:     66.7%")
                .contains("In waves mode:  30.0s")
                .contains("simulated from the task estimates, not measured");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void simulate_json_givesTheFiguresInSecondsAndTheOtherMode() throws IOException {
        int exit = execute("simulate", "--plan", plan().toString(), "--agents", "1", "--mode", "waves", "--json");

        assertThat(exit).isZero();
        JsonNode root = Json.MAPPER.readTree(out.toString());
        assertThat(root.get("mode").asText()).isEqualTo("waves");
        assertThat(root.get("agents").asInt()).isEqualTo(1);
        assertThat(root.get("makespan_seconds").asDouble()).isEqualTo(40.0);
        assertThat(root.get("lower_bound_seconds").asDouble()).isEqualTo(40.0);
        assertThat(root.get("ratio").asDouble()).isEqualTo(1.0);
        assertThat(root.get("utilisation").asDouble()).isEqualTo(1.0);
        assertThat(root.get("flow").get("makespan_seconds").asDouble()).isEqualTo(40.0);
    }

    @Test
    void simulate_badAgentCount_exitsTwoWithOneLine() throws IOException {
        int exit = execute("simulate", "--plan", plan().toString(), "--agents", "0");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).isEqualTo(
                "wave: --agents must be between 1 and 1000, got 0. Omit it to let wave choose." + System.lineSeparator());
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void simulate_missingPlan_exitsTwo() {
        int exit = execute("simulate", "--plan", directory.resolve("absent.yaml").toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("no such plan file");
    }
}
