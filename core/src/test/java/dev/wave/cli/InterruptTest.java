package dev.wave.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wave.journal.Json;
import dev.wave.testing.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Ctrl-C and SIGTERM, on a real wave process. */
final class InterruptTest {
    @TempDir
    Path repo;

    @Test
    @Timeout(180)
    void sigterm_killsRunningTrees_writesTheSummary_andExits130() throws Exception {
        // Under the sandbox, $! is a PID of the task's own namespace: the test finds the processes by their
        // unique sleep duration instead.
        String token = Processes.token();
        Path plan = repo.resolve("plan.yaml");
        Files.writeString(plan, """
                tasks:
                  - {id: long, run: "sleep %1$s & (setsid sleep %1$s &); wait"}
                  - {id: other, run: "sleep %1$s"}
                  - {id: after, run: "true", depends_on: [long]}
                """.formatted(token));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process wave = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "run", "--plan", plan.toString(), "--repo", repo.toString(), "--yes", "--progress", "summary", "--no-backup")
                .redirectErrorStream(true)
                .redirectOutput(repo.resolve("wave.out").toFile())
                .start();
        try {
            Processes.awaitAtLeast(token, 3);

            wave.destroy(); // SIGTERM, as Ctrl-C's SIGINT goes the same way

            assertThat(wave.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(wave.exitValue()).as(Files.readString(repo.resolve("wave.out"))).isEqualTo(130);
            Processes.awaitNone(token);
            JsonNode summary = Json.MAPPER.readTree(repo.resolve(".wave/runs/latest/execution_summary.json").toFile());
            assertThat(summary.get("status").asText()).isEqualTo("interrupted");
            List<String> states = summary.get("tasks").findValuesAsText("status");
            assertThat(states).containsExactly("cancelled", "cancelled", "cancelled");
        } finally {
            wave.destroyForcibly();
            Processes.kill(token);
        }
    }
}
