package dev.wave.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wave.journal.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** wave plan's estimate waits for the concurrency caps as wave run does. */
final class PlanCapsTest {
    @TempDir
    Path repo;

    private Cli.Result plan(String... more) throws Exception {
        Path plan = Files.writeString(repo.resolve("plan.yaml"), """
                tasks:
                  - {id: a, prompt: "do a", estimate: 10s}
                  - {id: b, prompt: "do b", estimate: 10s}
                  - {id: c, prompt: "do c", estimate: 10s}
                  - {id: d, prompt: "do d", estimate: 10s}
                  - {id: e, run: "true", estimate: 10s}
                """);
        String[] args = {"plan", "--plan", plan.toString(), "--repo", repo.toString(), "--agents", "5"};
        String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return Cli.run(all);
    }

    private static double makespan(Cli.Result result) throws Exception {
        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode estimate = Json.MAPPER.readTree(result.out()).get("estimate");
        return estimate.get("makespan_seconds").asDouble();
    }

    @Test
    void caps_lengthenThePlansEstimate_byKindAndByAgent() throws Exception {
        assertThat(makespan(plan("--json"))).as("5 agents, nothing capped").isEqualTo(10.0);
        assertThat(makespan(plan("--json", "--caps", "prompt=2"))).as("4 prompts, 2 at a time").isEqualTo(20.0);
        assertThat(makespan(plan("--json", "--caps", "claude=1"))).as("4 claude tasks, 1 at a time").isEqualTo(40.0);
        assertThat(makespan(plan("--json", "--caps", "run=1"))).as("1 shell task: the cap holds nothing").isEqualTo(10.0);
    }

    @Test
    void cappedEstimate_isInTheAnalysisBox_withTheSetting() throws Exception {
        Cli.Result result = plan("--caps", "prompt=2");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("Estimated time: 20.0s (estimate").contains("caps {prompt=2} (--caps)");
    }
}
