package dev.wave.safety;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * What a rollback did and whether the result was verified.
 *
 * @param backupId the backup restored
 * @param undoBackupId the backup of the state just before the rollback, which {@code wave rollback <id>} restores
 * @param removed files deleted (the run created them)
 * @param restored files written back (changed or deleted by the run)
 * @param permissionsFixed files whose permission bits were set back
 * @param branchesRestored branches moved back, created by the run and deleted, as {@code name: from -> to}
 * @param staleLocksRemoved git lock files left by killed commands, removed before restoring
 * @param checks the verification, one check per part of the repository
 * @param conflicts paths left alone, and why (an ignored file in the way, a submodule)
 * @param millis how long the rollback took, measured
 */
public record RollbackResult(String backupId, Optional<String> undoBackupId, int removed, int restored,
        int permissionsFixed, List<String> branchesRestored, List<String> staleLocksRemoved, List<Check> checks,
        List<String> conflicts, long millis) {
    public RollbackResult {
        requireNonNull(backupId, "backupId is null");
        requireNonNull(undoBackupId, "undoBackupId is null");
        branchesRestored = List.copyOf(branchesRestored);
        staleLocksRemoved = List.copyOf(staleLocksRemoved);
        checks = List.copyOf(checks);
        conflicts = List.copyOf(conflicts);
    }

    /** Whether every check passed: the working tree, index, HEAD, branches and permissions are what the backup holds. */
    public boolean verified() {
        return checks.stream().allMatch(Check::passed);
    }

    /**
     * One verification.
     *
     * @param name what was compared: working tree, index, HEAD, branches, permissions
     * @param passed whether it matches the backup
     * @param detail the figures: the tree hash both sides, or what differs
     */
    public record Check(String name, boolean passed, String detail) {
        public Check {
            requireNonNull(name, "name is null");
            requireNonNull(detail, "detail is null");
        }
    }
}
