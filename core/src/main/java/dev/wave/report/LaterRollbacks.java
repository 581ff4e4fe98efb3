package dev.wave.report;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.wave.journal.Json;
import dev.wave.safety.RollbackResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Rollbacks of a run made after it ended, with {@code wave rollback}: {@code rollbacks.json} in the run's
 * directory, one entry per rollback in the order they were made, written and read back by {@link Entry}, so
 * {@code wave report} and the HTML report show the rollback that happened rather than what the run itself
 * decided. Utility class; a write replaces the file atomically, and two writers at once are kept apart by the
 * run lock {@code wave rollback} holds.
 */
public final class LaterRollbacks {
    static final String FILE = "rollbacks.json";
    private static final String BEFORE = "-before-";

    private LaterRollbacks() {}

    /**
     * One rollback made after the run.
     *
     * @param at when it ended (ISO-8601, UTC)
     * @param backup the backup restored
     * @param verified whether the whole restored state was found equal to the backup
     * @param differences where it was not, one line each (at most 20)
     * @param undoBackup the backup of the state it replaced, if one was taken
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Entry(String at, String backup, boolean verified, int filesRemoved, int filesRestored, long millis,
            List<String> differences, String undoBackup) {
        public Entry {
            requireNonNull(at, "at is null");
            requireNonNull(backup, "backup is null");
            differences = differences == null ? List.of() : List.copyOf(differences);
        }

        /** One line for people: {@code "wave rollback at T: restored and verified, 3 files removed, 1 restored"}. */
        public String describe() {
            int before = backup.indexOf(BEFORE);
            String to = before < 0 ? "" : " to the backup before task " + backup.substring(before + BEFORE.length());
            return "'wave rollback' at " + at + to + ": " + (verified ? "restored and verified" : "restored but NOT verified ("
                    + differences.size() + (differences.size() == 1 ? " difference" : " differences") + ")") + ", "
                    + Words.count(filesRemoved, "file") + " removed, " + filesRestored + " restored"
                    + (undoBackup == null ? "" : "; 'wave rollback " + undoBackup + "' undoes it");
        }
    }

    /** The entries of the list file, for Jackson. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Rollbacks(List<Entry> rollbacks) {
        Rollbacks {
            rollbacks = rollbacks == null ? List.of() : List.copyOf(rollbacks);
        }
    }

    /**
     * The run a backup belongs to: a run's Wave 0 backup has the run's id; the backup before a critical task is
     * {@code <run-id>-before-<task>}.
     */
    public static String runOf(String backupId) {
        requireNonNull(backupId, "backupId is null");
        int before = backupId.indexOf(BEFORE);
        return before < 0 ? backupId : backupId.substring(0, before);
    }

    /**
     * Adds {@code result}, made at {@code at}, to the rollbacks of the run in {@code runDirectory}.
     *
     * @throws UncheckedIOException when the file cannot be written
     */
    public static Entry append(Path runDirectory, RollbackResult result, Instant at) {
        requireNonNull(runDirectory, "runDirectory is null");
        requireNonNull(result, "result is null");
        List<String> differences = result.differences().stream().limit(20).map(difference -> difference.describe()).toList();
        Entry entry = new Entry(Json.time(at), result.backupId(), result.verified(), result.removed(), result.restored(),
                result.millis(), differences, result.undoBackupId().orElse(null));
        List<Entry> all = new ArrayList<>(read(runDirectory));
        all.add(entry);
        Path file = runDirectory.resolve(FILE);
        Path temporary = runDirectory.resolve(FILE + ".tmp");
        try {
            RunFiles.MAPPER.writerWithDefaultPrettyPrinter().writeValue(temporary.toFile(), new Rollbacks(all));
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return entry;
    }

    /** The rollbacks made after the run in {@code runDirectory}, oldest first; empty when there were none. */
    public static List<Entry> read(Path runDirectory) {
        Path file = runDirectory.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        return RunFiles.read(file, Rollbacks.class).rollbacks();
    }

    /** The newest rollback made after the run, if any. */
    static Optional<Entry> newest(Path runDirectory) {
        List<Entry> all = read(runDirectory);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }
}
