package dev.wave.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wave.journal.Json;
import dev.wave.testing.Dags;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A past run's changed files read back from the checkpoints of a large run, the lines of checkpoints.jsonl. */
final class PastRunCheckpointsTest {
    @TempDir
    Path repository;

    @Test
    void changedFiles_comeFromCheckpointLines_andALineCutShortAtTheEndIsLeftOut() throws Exception {
        Path run = SyntheticRun.write(repository, Dags.parse("""
                a 1000
                b 1000 <- a
                """), 1, 1, 0);
        ObjectNode plan = (ObjectNode) Json.MAPPER.readTree(run.resolve("execution_plan.json").toFile());
        plan.withArray("tasks").forEach(task -> ((ObjectNode) task).put("kind", "action")); // only actions list files
        Json.write(run.resolve("execution_plan.json"), plan);
        Files.writeString(run.resolve("checkpoints.jsonl"), """
                {"task_id":"a","status":"succeeded","files_changed":["x.txt","y.txt"]}
                {"task_id":"b","status":"succeeded","files_changed":["z.txt"]}
                {"task_id":"b","status":"succ""", StandardCharsets.UTF_8);

        PastRun.ChangedFiles changed = PastRun.read(run).changedFiles();

        assertThat(changed.source()).isEqualTo("checkpoints.jsonl");
        assertThat(changed.paths()).containsExactly("x.txt", "y.txt", "z.txt");
    }

    @Test
    void aResumedRunsSummary_readsBackWithItsEfficiencyNotGiven_andTheReason() throws Exception {
        Path run = SyntheticRun.write(repository, Dags.parse("""
                a 1000
                b 1000 <- a
                """), 1, 1, 0);
        ObjectNode summary = (ObjectNode) Json.MAPPER.readTree(run.resolve("execution_summary.json").toFile());
        summary.putNull("efficiency");
        summary.put("efficiency_not_given", RunReport.RESUMED);
        Json.write(run.resolve("execution_summary.json"), summary);

        Figures figures = PastRun.read(run).figures();

        assertThat(figures.efficiency()).isEmpty();
        assertThat(figures.noEfficiency()).contains(RunReport.RESUMED);
    }
}
