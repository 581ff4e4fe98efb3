package dev.wave.safety;

import static java.util.Objects.requireNonNull;

import dev.wave.request.OnFailure;
import java.util.List;
import java.util.Optional;

/**
 * How much safety net a run gets.
 *
 * @param backup whether to take the Wave 0 backup (and backups before critical tasks); off only with
 *     {@code --no-backup} or {@code always_backup: no} in a config file, never by a request's text
 * @param commit whether a successful run that changed files ends with a commit
 * @param branch commit on this new branch instead of the current one
 * @param onFailure what a task that fails for good does to the run
 * @param autoRollback whether a failed run that {@code onFailure} says to roll back is restored at once;
 *     when off, its changes are kept and the report says how to restore the backup
 * @param rollbackScripts whether to write {@code rollback.sh} for the run and one per critical task
 * @param testCommand the project's test command, the verify step of critical tasks without a {@code verify:} of their own
 * @param waveCommand how rollback scripts start wave, for example {@code [java, -jar, /opt/wave.jar]}
 * @param backupIgnoredMax the most bytes of ignored files a backup holds ({@code backup_ignored_max}); ignored
 *     entries over it, and dependency trees, are left out and named beforehand
 */
public record SafetyOptions(boolean backup, boolean commit, Optional<String> branch, OnFailure onFailure,
        boolean autoRollback, boolean rollbackScripts, Optional<String> testCommand, List<String> waveCommand,
        long backupIgnoredMax) {
    public static final String BACKUP_IGNORED_MAX_KEY = "backup_ignored_max";
    /** 256 MiB: every .env and the build output of an ordinary project; dependency trees are left out anyway. */
    public static final long DEFAULT_BACKUP_IGNORED_MAX = 256L * 1024 * 1024;

    public SafetyOptions {
        requireNonNull(branch, "branch is null");
        requireNonNull(onFailure, "onFailure is null");
        requireNonNull(testCommand, "testCommand is null");
        waveCommand = List.copyOf(waveCommand);
        if (waveCommand.isEmpty()) {
            throw new IllegalArgumentException("waveCommand is empty");
        }
        if (backupIgnoredMax < 0) {
            throw new IllegalArgumentException("backupIgnoredMax is negative: " + backupIgnoredMax);
        }
    }

    /**
     * Backup, commit on the current branch, roll back on failure at once, rollback scripts, no test
     * command known; scripts call {@code wave}.
     */
    public static SafetyOptions defaults() {
        return new SafetyOptions(true, true, Optional.empty(), OnFailure.ROLLBACK, true, true, Optional.empty(),
                List.of("wave"), DEFAULT_BACKUP_IGNORED_MAX);
    }

    public SafetyOptions withBackup(boolean backup) {
        return new SafetyOptions(backup, commit, branch, onFailure, autoRollback, rollbackScripts, testCommand, waveCommand, backupIgnoredMax);
    }

    public SafetyOptions withCommit(boolean commit) {
        return new SafetyOptions(backup, commit, branch, onFailure, autoRollback, rollbackScripts, testCommand, waveCommand, backupIgnoredMax);
    }

    public SafetyOptions withBranch(Optional<String> branch) {
        return new SafetyOptions(backup, commit, branch, onFailure, autoRollback, rollbackScripts, testCommand, waveCommand, backupIgnoredMax);
    }

    public SafetyOptions withOnFailure(OnFailure onFailure) {
        return new SafetyOptions(backup, commit, branch, onFailure, autoRollback, rollbackScripts, testCommand, waveCommand, backupIgnoredMax);
    }

    public SafetyOptions withAutoRollback(boolean autoRollback) {
        return new SafetyOptions(backup, commit, branch, onFailure, autoRollback, rollbackScripts, testCommand, waveCommand, backupIgnoredMax);
    }

    public SafetyOptions withRollbackScripts(boolean rollbackScripts) {
        return new SafetyOptions(backup, commit, branch, onFailure, autoRollback, rollbackScripts, testCommand, waveCommand, backupIgnoredMax);
    }

    public SafetyOptions withTestCommand(Optional<String> testCommand) {
        return new SafetyOptions(backup, commit, branch, onFailure, autoRollback, rollbackScripts, testCommand, waveCommand, backupIgnoredMax);
    }

    public SafetyOptions withWaveCommand(List<String> waveCommand) {
        return new SafetyOptions(backup, commit, branch, onFailure, autoRollback, rollbackScripts, testCommand, waveCommand, backupIgnoredMax);
    }

    public SafetyOptions withBackupIgnoredMax(long backupIgnoredMax) {
        return new SafetyOptions(backup, commit, branch, onFailure, autoRollback, rollbackScripts, testCommand, waveCommand,
                backupIgnoredMax);
    }
}
