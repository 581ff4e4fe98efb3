package dev.wave.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.plan.Plan;
import dev.wave.plan.Task;
import dev.wave.request.CheckpointRetention;
import dev.wave.run.TaskRecord;
import dev.wave.run.Usage;
import dev.wave.schedule.TaskState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run's checkpoints: a file per task for a small run, lines of checkpoints.jsonl for a large one; both read back. */
final class JournalFilesTest {
    @TempDir
    Path repo;

    private static Plan plan(int size) {
        List<Task> tasks = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            tasks.add(Task.shell("t" + i, "true", i == 0 ? List.of() : List.of("t" + (i - 1))));
        }
        return Plan.of("test", tasks);
    }

    private static TaskRecord record(int index) {
        return new TaskRecord(index, "t" + index, 1, Optional.of("I1"), TaskState.SUCCEEDED, Optional.of(Instant.EPOCH),
                Optional.of(Instant.EPOCH.plusMillis(2)), 2, Optional.of(0), 1, "", List.of(), Usage.NONE);
    }

    private static Checkpoint expected(Plan plan, int index) {
        List<String> next = index + 1 < plan.size() ? List.of("t" + (index + 1)) : List.of();
        return Checkpoint.of(record(index), true, next);
    }

    @Test
    void aLargeRun_writesItsCheckpointsAsLinesOfOneFile_inOrder_andNoFilePerTask() throws Exception {
        Plan plan = plan(Journal.PER_TASK_FILES_UP_TO + 1);
        RunDirectory directory = RunDirectory.create(repo, "r1");
        int ended = Journal.CHECKPOINT_BATCH + 10;
        try (Journal files = new Journal(directory, plan, Clock.systemUTC())) {
            assertThat(files.perTaskFiles()).isFalse();
            for (int i = 0; i < ended; i++) {
                files.taskEnded(record(i));
            }
            assertThat(Checkpoint.readLines(directory.checkpointLines())).as("one batch written while the run goes on")
                    .hasSize(Journal.CHECKPOINT_BATCH);
        }

        List<Checkpoint> lines = Checkpoint.readLines(directory.checkpointLines());
        assertThat(lines).hasSize(ended);
        for (int i = 0; i < ended; i++) {
            assertThat(lines.get(i)).isEqualTo(expected(plan, i));
        }
        try (var entries = Files.list(directory.checkpoints())) {
            assertThat(entries).isEmpty();
        }
    }

    @Test
    void aSmallRun_writesAFilePerTask() throws Exception {
        Plan plan = plan(3);
        RunDirectory directory = RunDirectory.create(repo, "r1");
        try (Journal files = new Journal(directory, plan, Clock.systemUTC())) {
            assertThat(files.perTaskFiles()).isTrue();
            files.taskEnded(record(0));
            files.taskEnded(record(1));
        }

        assertThat(Checkpoint.read(directory.checkpoint("t0"))).isEqualTo(expected(plan, 0));
        assertThat(Checkpoint.read(directory.checkpoint("t1"))).isEqualTo(expected(plan, 1));
        assertThat(directory.checkpointLines()).doesNotExist();
    }

    @Test
    void aResumedLargeRun_rewritesTheEarlierCheckpointsFromTheJournal_dropsATornLine_thenAppendsItsOwn() throws Exception {
        Plan plan = plan(Journal.PER_TASK_FILES_UP_TO + 1);
        RunDirectory directory = RunDirectory.create(repo, "r1");
        // what a session killed while appending leaves: one whole line and one cut short
        Files.writeString(directory.checkpointLines(), expected(plan, 0).json() + "\n" + expected(plan, 1).json()
                .substring(0, 20), StandardCharsets.UTF_8);
        assertThat(Checkpoint.readLines(directory.checkpointLines())).containsExactly(expected(plan, 0));

        try (Journal files = new Journal(directory, plan, Clock.systemUTC())) {
            files.restore(List.of(expected(plan, 0), expected(plan, 1), expected(plan, 2)));
            files.taskEnded(record(3));
        }

        assertThat(Checkpoint.readLines(directory.checkpointLines()))
                .containsExactly(expected(plan, 0), expected(plan, 1), expected(plan, 2), expected(plan, 3));
    }

    @Test
    void retention_archivesOrDeletesTheLines_andCountsTheirCheckpoints() throws Exception {
        Plan plan = plan(Journal.PER_TASK_FILES_UP_TO + 1);
        RunDirectory archived = RunDirectory.create(repo, "r1");
        RunDirectory cleaned = RunDirectory.create(repo, "r2");
        for (RunDirectory directory : List.of(archived, cleaned)) {
            try (Journal files = new Journal(directory, plan, Clock.systemUTC())) {
                for (int i = 0; i < 5; i++) {
                    files.taskEnded(record(i));
                }
            }
        }

        assertThat(archived.retain(CheckpointRetention.ARCHIVE)).hasValueSatisfying(note -> assertThat(note)
                .startsWith("archived 5 checkpoints"));
        assertThat(cleaned.retain(CheckpointRetention.CLEANUP)).contains("deleted 5 checkpoints (checkpoint_retention: cleanup)");

        assertThat(archived.checkpointLines()).doesNotExist();
        try (ZipFile zip = new ZipFile(archived.root().resolve("checkpoints.zip").toFile())) {
            assertThat(new String(zip.getInputStream(zip.getEntry("checkpoints.jsonl")).readAllBytes(), StandardCharsets.UTF_8)
                    .lines()).hasSize(5);
        }
        assertThat(cleaned.checkpointLines()).doesNotExist();
        assertThat(cleaned.checkpoints()).doesNotExist();
    }

    @Test
    void aDamagedLine_beforeTheLast_isAnError_notSkipped() throws Exception {
        Path file = repo.resolve("checkpoints.jsonl");
        Files.writeString(file, "{not json\n", StandardCharsets.UTF_8);
        Files.writeString(file, expectedLine(), StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Checkpoint.readLines(file))
                .isInstanceOf(java.io.IOException.class);
    }

    private static String expectedLine() {
        return expected(plan(2), 0).json() + "\n";
    }
}
