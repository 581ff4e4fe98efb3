package dev.wave.safety;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wave.journal.Json;
import dev.wave.request.OnFailure;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the safety net did for a run: the Wave 0 backup, the critical tasks' backups and verification,
 * and the ending, a final commit or a rollback, each with the reason when it did not happen. Immutable.
 *
 * @param onFailure the on_failure policy of the run
 * @param backup the Wave 0 backup
 * @param backupNote why there is none, or where it is
 * @param critical the steps around critical tasks and tasks with verify commands
 * @param commit the final commit, or why there is none
 * @param rollback the rollback, when one ran
 * @param rollbackNote why the run was or was not rolled back
 */
public record SafetyReport(OnFailure onFailure, Optional<Backup> backup, String backupNote, List<CriticalStep> critical,
        CommitResult commit, Optional<RollbackResult> rollback, String rollbackNote) {
    public SafetyReport {
        requireNonNull(onFailure, "onFailure is null");
        requireNonNull(backup, "backup is null");
        requireNonNull(backupNote, "backupNote is null");
        critical = List.copyOf(critical);
        requireNonNull(commit, "commit is null");
        requireNonNull(rollback, "rollback is null");
        requireNonNull(rollbackNote, "rollbackNote is null");
    }

    static final String ROLLBACK_FAILED = "rollback failed: ";
    static final int SHOWN_DIFFERENCES = 50;

    /**
     * Whether a rollback was due and did not end verified (it failed, or a check did not pass): the
     * repository may not be as it was before the run.
     */
    public boolean rollbackIncomplete() {
        return rollback.map(result -> !result.verified()).orElse(rollbackNote.startsWith(ROLLBACK_FAILED));
    }

    /** Adds {@code on_failure}, {@code backup}, {@code critical_tasks}, {@code commit} and {@code rollback} to a summary. */
    public void addTo(ObjectNode summary, Path runDirectory) {
        summary.put("on_failure", onFailure.label());
        ObjectNode backupNode = summary.putObject("backup");
        if (backup.isPresent()) {
            Backup taken = backup.get();
            backupNode.put("id", taken.id());
            backupNode.put("ref", taken.ref());
            backupNode.put("commit", taken.commit());
            backupNode.put("tree", taken.tree());
            backupNode.put("files", taken.files());
            backupNode.put("head", taken.head());
            backupNode.put("seconds", Json.seconds(taken.millis()));
        } else {
            backupNode.putNull("id");
        }
        backupNode.put("note", backupNote);
        ArrayNode steps = summary.putArray("critical_tasks");
        for (CriticalStep step : critical) {
            ObjectNode node = steps.addObject();
            node.put("id", step.taskId());
            step.reasons().forEach(node.putArray("reasons")::add);
            node.put("backup", step.backupId().orElse(null));
            node.put("rollback_script", step.rollbackScript().map(script -> relative(runDirectory, script)).orElse(null));
            node.put("verify", step.verifyCommand().orElse(null));
            node.put("verify_result", step.verifyOutcome());
            node.put("note", step.note());
        }
        ObjectNode commitNode = summary.putObject("commit");
        commitNode.put("sha", commit.commit().orElse(null));
        commitNode.put("branch", commit.branch().orElse(null));
        commitNode.put("files_changed", commit.filesChanged());
        commitNode.put("note", commit.note());
        ObjectNode rollbackNode = summary.putObject("rollback");
        rollbackNode.put("performed", rollback.isPresent());
        rollbackNode.put("note", rollbackNote);
        if (rollback.isPresent()) {
            RollbackResult result = rollback.get();
            rollbackNode.put("backup", result.backupId());
            rollbackNode.put("undo_backup", result.undoBackupId().orElse(null));
            rollbackNode.put("verified", result.verified());
            rollbackNode.put("files_removed", result.removed());
            rollbackNode.put("files_restored", result.restored());
            rollbackNode.put("permissions_fixed", result.permissionsFixed());
            result.branchesRestored().forEach(rollbackNode.putArray("branches")::add);
            result.staleLocksRemoved().forEach(rollbackNode.putArray("stale_locks_removed")::add);
            ArrayNode checks = rollbackNode.putArray("checks");
            for (RollbackResult.Check check : result.checks()) {
                ObjectNode node = checks.addObject();
                node.put("name", check.name());
                node.put("passed", check.passed());
                node.put("detail", check.detail());
            }
            result.conflicts().forEach(rollbackNode.putArray("conflicts")::add);
            result.leftAlone().forEach(rollbackNode.putArray("left_alone")::add);
            ArrayNode differences = rollbackNode.putArray("differences");
            for (RollbackOutcome.Difference difference : result.differences()) {
                ObjectNode node = differences.addObject();
                node.put("part", difference.part());
                node.put("path", difference.path());
                node.put("backup", difference.expected());
                node.put("found", difference.actual());
            }
            rollbackNode.put("seconds", Json.seconds(result.millis()));
        }
    }

    /** Prints the safety lines of the console summary. */
    public void print(PrintWriter out) {
        out.printf("  Backup:      %s%n", backup.map(taken -> taken.id() + " (" + taken.ref() + ", " + files(taken.files())
                + ", " + taken.millis() + "ms)").orElse("none: " + backupNote));
        for (CriticalStep step : critical) {
            if (step.reasons().isEmpty()) {
                out.printf("  Verified:    %s: %s (%s)%n", step.taskId(), step.verifyOutcome(), step.verifyCommand().orElse(""));
            } else {
                out.printf("  Critical:    %s: %s; verify %s%n", step.taskId(),
                        step.backupId().map(id -> "backup " + id + " before it").orElse(step.note()), step.verifyOutcome());
            }
        }
        out.printf("  Commit:      %s%n", commit.note());
        if (rollback.isPresent()) {
            print(out, rollback.get());
        } else {
            out.printf("  Rollback:    %s%n", rollbackNote);
        }
        out.flush();
    }

    private static String files(long count) {
        return count + (count == 1 ? " file" : " files");
    }

    /** Prints a rollback's outcome and checks, for the run summary and for {@code wave rollback}. */
    public static void print(PrintWriter out, RollbackResult result) {
        out.printf("  Rollback:    %s backup %s in %dms: %s removed, %d restored, %d permission%s fixed%n",
                result.verified() ? "restored and verified" : "restored but NOT verified", result.backupId(), result.millis(),
                files(result.removed()), result.restored(), result.permissionsFixed(),
                result.permissionsFixed() == 1 ? "" : "s");
        for (String lock : result.staleLocksRemoved()) {
            out.printf("               removed %s, left by a git command that was killed%n", lock);
        }
        for (String branch : result.branchesRestored()) {
            out.printf("               %s %s%n", branch.startsWith("refs/") ? "ref" : "branch", branch);
        }
        for (RollbackResult.Check check : result.checks()) {
            out.printf("               %s %s: %s%n", check.passed() ? "ok  " : "FAIL", check.name(), check.detail());
        }
        for (String conflict : result.conflicts()) {
            out.printf("               left alone: %s%n", conflict);
        }
        for (String ref : result.leftAlone()) {
            out.printf("               left alone: %s%n", ref);
        }
        List<RollbackOutcome.Difference> differences = result.differences();
        for (int i = 0; i < differences.size(); i++) {
            if (i == SHOWN_DIFFERENCES && differences.size() > SHOWN_DIFFERENCES + 1) {
                out.printf("               ... and %d more differences%n",
                        differences.size() - i);
                break;
            }
            out.printf("               differs: %s%n", differences.get(i).describe());
        }
        result.undoBackupId().ifPresent(undo -> out.printf(
                "               the state before the rollback is backup %s: 'wave rollback %s' brings it back%n", undo, undo));
    }

    private static String relative(Path base, Path path) {
        try {
            return base.relativize(path).toString();
        } catch (IllegalArgumentException e) {
            return path.toString();
        }
    }
}
