package dev.wave.safety;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What wave did around one critical task (or a task with a verify command).
 *
 * @param taskId the task
 * @param reasons why it is critical; empty for a plain task with a verify command
 * @param backupId the backup taken just before it
 * @param rollbackScript the script that restores that backup
 * @param verifyCommand the command run after it
 * @param verifyOutcome how verification went: passed, failed with the exit code, not run and why
 * @param note anything else worth saying (why there is no backup)
 */
public record CriticalStep(String taskId, List<String> reasons, Optional<String> backupId, Optional<Path> rollbackScript,
        Optional<String> verifyCommand, String verifyOutcome, String note) {
    public CriticalStep {
        requireNonNull(taskId, "taskId is null");
        reasons = List.copyOf(reasons);
        requireNonNull(backupId, "backupId is null");
        requireNonNull(rollbackScript, "rollbackScript is null");
        requireNonNull(verifyCommand, "verifyCommand is null");
        requireNonNull(verifyOutcome, "verifyOutcome is null");
        requireNonNull(note, "note is null");
    }

    CriticalStep withVerify(Optional<String> command, String outcome) {
        return new CriticalStep(taskId, reasons, backupId, rollbackScript, command, outcome, note);
    }
}
