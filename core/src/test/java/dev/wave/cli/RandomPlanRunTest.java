package dev.wave.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wave.journal.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Random plans of real shell tasks, run end to end and checked from the summary alone, as a user's checker would. */
final class RandomPlanRunTest {
    @TempDir
    Path repo;

    @ParameterizedTest
    @CsvSource({"11, 3, flow", "12, 3, waves", "13, 5, flow"})
    void randomPlan_respectsDependenciesCriticalIsolationAndTheAgentLimit(long seed, int agents, String mode)
            throws Exception {
        Random random = new Random(seed);
        StringBuilder yaml = new StringBuilder("tasks:\n");
        Map<String, List<String>> dependencies = new HashMap<>();
        int size = 120;
        for (int i = 0; i < size; i++) {
            List<String> dependsOn = new ArrayList<>();
            for (int j = Math.max(0, i - 10); j < i; j++) {
                if (random.nextDouble() < 0.15) {
                    dependsOn.add("t" + j);
                }
            }
            dependencies.put("t" + i, dependsOn);
            int millis = random.nextInt(30);
            yaml.append(String.format("  - {id: t%d, run: \"sleep 0.%03d\", estimate: %dms, depends_on: %s%s}%n", i, millis,
                    millis + 1, dependsOn, random.nextDouble() < 0.04 ? ", critical: true" : ""));
        }
        Path plan = repo.resolve("plan.yaml");
        Files.writeString(plan, yaml);

        Cli.Result result = Cli.run("run", "--plan", plan.toString(), "--repo", repo.toString(), "--yes", "--agents",
                String.valueOf(agents), "--mode", mode, "--progress", "quiet", "--no-backup", "--approve-critical");

        assertThat(result.exitCode()).as(result.err()).isEqualTo(0);
        JsonNode summary = Json.MAPPER.readTree(repo.resolve(".wave/runs/latest/execution_summary.json").toFile());
        Map<String, long[]> times = new HashMap<>();
        Map<String, Boolean> critical = new HashMap<>();
        for (JsonNode task : summary.get("tasks")) {
            assertThat(task.get("status").asText()).isEqualTo("succeeded");
            times.put(task.get("id").asText(), new long[] {
                Instant.parse(task.get("started_at").asText()).toEpochMilli(),
                Instant.parse(task.get("finished_at").asText()).toEpochMilli()});
        }
        for (String line : yaml.toString().split("\n")) {
            if (line.contains("critical: true")) {
                critical.put(line.substring(line.indexOf("id: ") + 4, line.indexOf(',')), true);
            }
        }
        for (var entry : dependencies.entrySet()) {
            for (String dependency : entry.getValue()) {
                assertThat(times.get(entry.getKey())[0]).as("%s after %s", entry.getKey(), dependency)
                        .isGreaterThanOrEqualTo(times.get(dependency)[1]);
            }
        }
        for (String id : critical.keySet()) {
            long[] alone = times.get(id);
            for (var other : times.entrySet()) {
                if (!other.getKey().equals(id)) {
                    long[] span = other.getValue();
                    assertThat(span[1] <= alone[0] || span[0] >= alone[1]).as("%s overlaps critical %s", other.getKey(), id)
                            .isTrue();
                }
            }
        }
        assertThat(summary.get("peak_concurrency").asInt()).isBetween(1, agents);
        assertThat(summary.get("agents").asInt()).isEqualTo(agents);
        assertThat(summary.get("mode").asText()).isEqualTo(mode);
    }
}
