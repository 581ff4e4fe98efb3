package dev.wave.journal;

import static java.util.Objects.requireNonNull;

import dev.wave.WaveException;
import dev.wave.request.CheckpointRetention;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The files of one run: {@code <repo>/.wave/runs/<run-id>/} with {@code execution_plan.json},
 * {@code orchestrator.log}, {@code logs/}, {@code checkpoints/} (or {@code checkpoints.jsonl}) and
 * {@code execution_summary.json};
 * {@code .wave/runs/latest} links to the newest. The entry point of the {@code journal} package.
 */
public final class RunDirectory {
    public static final String WAVE_DIRECTORY = ".wave";
    private static final DateTimeFormatter RUN_ID =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final String runId;
    private final Path root;

    private RunDirectory(String runId, Path root) {
        this.runId = runId;
        this.root = root;
    }

    /** A new run id: the UTC start time and four random hex digits, so ids sort by time. */
    public static String newRunId(Instant now) {
        return RUN_ID.format(now) + "-" + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
    }

    /** Creates the directory of run {@code runId} in {@code repository} and points {@code latest} at it. */
    public static RunDirectory create(Path repository, String runId) {
        requireNonNull(repository, "repository is null");
        requireNonNull(runId, "runId is null");
        Path runs = runs(repository);
        Path root = runs.resolve(runId);
        try {
            Files.createDirectories(root.resolve("logs"));
            Files.createDirectories(root.resolve("checkpoints"));
            Path link = runs.resolve("latest");
            Path temporary = runs.resolve(".latest-" + runId);
            Files.deleteIfExists(temporary);
            Files.createSymbolicLink(temporary, Path.of(runId));
            Files.move(temporary, link, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw WaveException.unsafeState("cannot create the run directory %s (%s). Check that the repository is writable.",
                    root, e.getMessage());
        }
        return new RunDirectory(runId, root);
    }

    /**
     * The existing directory of run {@code runId}, for a resumed run.
     *
     * @throws WaveException of kind INVALID_INPUT when it is missing
     */
    public static RunDirectory open(Path repository, String runId) {
        Path root = runs(repository).resolve(runId);
        if (!Files.isDirectory(root)) {
            throw WaveException.invalidInput("run %s has no run directory %s: it cannot be resumed. Run 'wave abandon %s' to "
                    + "give it up.", runId, root, runId);
        }
        try {
            Files.createDirectories(root.resolve("logs"));
            Files.createDirectories(root.resolve("checkpoints"));
        } catch (IOException e) {
            throw WaveException.unsafeState("cannot open the run directory %s (%s). Check that the repository is writable.",
                    root, e.getMessage());
        }
        return new RunDirectory(runId, root);
    }

    /** The plan the run executes, as a plan file: what a resume reads it back from. */
    public Path plan() {
        return root.resolve("plan.json");
    }

    public static Path runs(Path repository) {
        return repository.resolve(WAVE_DIRECTORY).resolve("runs");
    }

    public String runId() {
        return runId;
    }

    public Path root() {
        return root;
    }

    public Path logs() {
        return root.resolve("logs");
    }

    public Path log(String taskId) {
        return logs().resolve(taskId + ".log");
    }

    public Path checkpoint(String taskId) {
        return checkpoints().resolve(taskId + ".json");
    }

    public Path executionPlan() {
        return root.resolve("execution_plan.json");
    }

    public Path summary() {
        return root.resolve("execution_summary.json");
    }

    public Path orchestratorLog() {
        return root.resolve("orchestrator.log");
    }

    public Path checkpoints() {
        return root.resolve("checkpoints");
    }

    /** The checkpoints of a run of more than {@value Journal#PER_TASK_FILES_UP_TO} tasks, one per line. */
    public Path checkpointLines() {
        return root.resolve("checkpoints.jsonl");
    }

    /**
     * Applies {@code checkpoint_retention} to this run's checkpoints, for a run that succeeded:
     * {@code keep} leaves them, {@code cleanup} deletes them, {@code archive} packs them into
     * {@code checkpoints.zip} and deletes the directory.
     *
     * @return what was done, for the report; empty for {@code keep}
     * @throws WaveException of kind UNSAFE_STATE when the files cannot be packed or deleted
     */
    public Optional<String> retain(CheckpointRetention retention) {
        requireNonNull(retention, "retention is null");
        Path checkpoints = checkpoints();
        try {
            return switch (retention) {
                case KEEP -> Optional.empty();
                case CLEANUP -> {
                    int deleted = Checkpoints.delete(checkpoints, checkpointLines());
                    yield Optional.of("deleted " + deleted + " checkpoint" + (deleted == 1 ? "" : "s")
                            + " (checkpoint_retention: cleanup)");
                }
                case ARCHIVE -> {
                    Path zip = root.resolve("checkpoints.zip");
                    int packed = Checkpoints.archive(checkpoints, checkpointLines(), zip);
                    Checkpoints.remove(checkpoints, checkpointLines());
                    yield Optional.of("archived " + packed + " checkpoint" + (packed == 1 ? "" : "s") + " in "
                            + root.relativize(zip) + " (checkpoint_retention: archive)");
                }
            };
        } catch (IOException e) {
            throw WaveException.unsafeState("cannot apply checkpoint_retention: %s to %s (%s). The run itself succeeded.",
                    retention.label(), checkpoints, e.getMessage());
        }
    }
}
