package dev.wave.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wave.journal.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ctrl-C and SIGTERM, on a real wave process. */
final class InterruptTest {
    @TempDir
    Path repo;

    @Test
    void sigterm_killsRunningTrees_writesTheSummary_andExits130() throws Exception {
        Path plan = repo.resolve("plan.yaml");
        Files.writeString(plan, """
                tasks:
                  - {id: long, run: "sleep 300 & echo $! > child.pid; wait"}
                  - {id: other, run: "sleep 300"}
                  - {id: after, run: "true", depends_on: [long]}
                """);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process wave = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "run", "--plan", plan.toString(), "--repo", repo.toString(), "--yes", "--progress", "summary", "--no-backup")
                .redirectErrorStream(true)
                .redirectOutput(repo.resolve("wave.out").toFile())
                .start();
        try {
            Path pidFile = repo.resolve("child.pid");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while ((!Files.exists(pidFile) || Files.readString(pidFile).isBlank()) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            long child = Long.parseLong(Files.readString(pidFile).trim());

            wave.destroy(); // SIGTERM, as Ctrl-C's SIGINT goes the same way

            assertThat(wave.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(wave.exitValue()).as(Files.readString(repo.resolve("wave.out"))).isEqualTo(130);
            Optional<ProcessHandle> leftover = ProcessHandle.of(child);
            if (leftover.isPresent()) {
                leftover.get().onExit().get(5, TimeUnit.SECONDS);
            }
            JsonNode summary = Json.MAPPER.readTree(repo.resolve(".wave/runs/latest/execution_summary.json").toFile());
            assertThat(summary.get("status").asText()).isEqualTo("interrupted");
            List<String> states = summary.get("tasks").findValuesAsText("status");
            assertThat(states).containsExactly("cancelled", "cancelled", "cancelled");
        } finally {
            wave.destroyForcibly();
        }
    }
}
