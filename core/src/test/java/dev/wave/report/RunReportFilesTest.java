package dev.wave.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wave.journal.RunDirectory;
import dev.wave.run.RunResult;
import dev.wave.run.RunStatus;
import dev.wave.run.TaskRecord;
import dev.wave.schedule.Mode;
import dev.wave.schedule.TaskState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The summary reads the run directory's files it names: the task logs and the plan's dependencies. */
final class RunReportFilesTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    Path repository;

    private static TaskRecord ran(int index, String id, long startMillis, long millis) {
        return new TaskRecord(index, id, index + 1, Optional.of("I1"), TaskState.SUCCEEDED,
                Optional.of(T0.plusMillis(startMillis)), Optional.of(T0.plusMillis(startMillis + millis)), millis,
                Optional.of(0), 1, "", List.of());
    }

    private static RunResult result() {
        return new RunResult(RunStatus.SUCCEEDED, Mode.FLOW, 1, T0, T0.plusMillis(3_500), 3, 1,
                List.of(ran(0, "a", 0, 1_000), ran(1, "b", 1_000, 2_000), ran(2, "c", 3_000, 500)));
    }

    @Test
    void json_namesTheLogsOfTasksThatPrinted_andNoOthers() throws Exception {
        RunDirectory directory = RunDirectory.create(repository, "r1");
        Files.createDirectories(directory.logs());
        Files.writeString(directory.log("b"), "printed\n");
        Files.createDirectories(directory.log("c")); // not a file: no log

        ObjectNode json = new RunReport("r1", directory, result()).json();

        assertThat(json.get("tasks").get(0).has("log")).isFalse();
        assertThat(json.get("tasks").get(1).get("log").asText()).isEqualTo(Path.of("logs", "b.log").toString());
        assertThat(json.get("tasks").get(2).has("log")).isFalse();
    }

    @Test
    void json_withoutALogsDirectory_namesNoLog() throws Exception {
        RunDirectory directory = RunDirectory.create(repository, "r2");
        if (Files.isDirectory(directory.logs())) {
            Files.delete(directory.logs());
        }

        ObjectNode json = new RunReport("r2", directory, result()).json();

        assertThat(json.get("tasks")).allMatch(task -> !task.has("log"));
    }

    @Test
    void criticalPath_followsTheDependenciesOfTheExecutionPlan() throws Exception {
        RunDirectory directory = RunDirectory.create(repository, "r3");
        Files.writeString(directory.executionPlan(), """
                {"task": "three", "scaling": {"reasons": []}, "tasks": [
                  {"id": "a", "title": "A", "depends_on": []},
                  {"id": "b", "depends_on": ["a"], "wave": 2},
                  {"id": "c", "depends_on": ["a"], "wave": 2}]}
                """);

        ObjectNode json = new RunReport("r3", directory, result()).json();

        assertThat(json.get("critical_path_seconds").asDouble()).isEqualTo(3.0);
        assertThat(json.get("critical_path")).extracting(node -> node.asText()).containsExactly("a", "b");
    }

    @Test
    void criticalPath_isLeftOut_whenThePlanFileIsNoPlan() throws Exception {
        RunDirectory directory = RunDirectory.create(repository, "r4");
        Files.writeString(directory.executionPlan(), "[1, 2]");

        ObjectNode json = new RunReport("r4", directory, result()).json();

        assertThat(json.has("critical_path")).isFalse();
        assertThat(json.get("status").asText()).isEqualTo("succeeded");
    }
}
