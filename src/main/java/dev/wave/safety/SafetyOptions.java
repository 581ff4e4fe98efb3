package dev.wave.safety;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * How much safety net a run gets.
 *
 * @param backup whether to take the Wave 0 backup (and backups before critical tasks); off only with
 *     {@code --no-backup}, never by a request's text
 * @param commit whether a successful run that changed files ends with a commit
 * @param branch commit on this new branch instead of the current one
 * @param onFailure what a task that fails for good does to the run
 * @param testCommand the project's test command, the verify step of critical tasks without a {@code verify:} of their own
 * @param waveCommand how rollback scripts start wave, for example {@code [java, -jar, /opt/wave.jar]}
 */
public record SafetyOptions(boolean backup, boolean commit, Optional<String> branch, OnFailure onFailure,
        Optional<String> testCommand, List<String> waveCommand) {
    public SafetyOptions {
        requireNonNull(branch, "branch is null");
        requireNonNull(onFailure, "onFailure is null");
        requireNonNull(testCommand, "testCommand is null");
        waveCommand = List.copyOf(waveCommand);
        if (waveCommand.isEmpty()) {
            throw new IllegalArgumentException("waveCommand is empty");
        }
    }

    /** Backup, commit on the current branch, roll back on failure, no test command known; scripts call {@code wave}. */
    public static SafetyOptions defaults() {
        return new SafetyOptions(true, true, Optional.empty(), OnFailure.DEFAULT, Optional.empty(), List.of("wave"));
    }

    public SafetyOptions withBackup(boolean backup) {
        return new SafetyOptions(backup, commit, branch, onFailure, testCommand, waveCommand);
    }

    public SafetyOptions withCommit(boolean commit) {
        return new SafetyOptions(backup, commit, branch, onFailure, testCommand, waveCommand);
    }

    public SafetyOptions withBranch(Optional<String> branch) {
        return new SafetyOptions(backup, commit, branch, onFailure, testCommand, waveCommand);
    }

    public SafetyOptions withOnFailure(OnFailure onFailure) {
        return new SafetyOptions(backup, commit, branch, onFailure, testCommand, waveCommand);
    }

    public SafetyOptions withTestCommand(Optional<String> testCommand) {
        return new SafetyOptions(backup, commit, branch, onFailure, testCommand, waveCommand);
    }

    public SafetyOptions withWaveCommand(List<String> waveCommand) {
        return new SafetyOptions(backup, commit, branch, onFailure, testCommand, waveCommand);
    }
}
