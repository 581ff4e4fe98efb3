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
 * @param restored files and links written back (changed or deleted by the run)
 * @param permissionsFixed files whose permission bits were set back
 * @param branchesRestored refs moved back, created by the run and deleted, as {@code name: from -> to}
 * @param staleLocksRemoved git lock files left by killed commands, removed before restoring
 * @param checks the verification, one check per part of the repository
 * @param conflicts paths left alone, and why
 * @param millis how long the rollback took, measured
 * @param outcome verified, or not with every difference
 * @param leftAlone refs the rollback did not restore on purpose (moved by another work tree), and why
 */
public record RollbackResult(String backupId, Optional<String> undoBackupId, int removed, int restored,
        int permissionsFixed, List<String> branchesRestored, List<String> staleLocksRemoved, List<Check> checks,
        List<String> conflicts, long millis, RollbackOutcome outcome, List<String> leftAlone) {
    public RollbackResult {
        requireNonNull(backupId, "backupId is null");
        requireNonNull(undoBackupId, "undoBackupId is null");
        branchesRestored = List.copyOf(branchesRestored);
        staleLocksRemoved = List.copyOf(staleLocksRemoved);
        checks = List.copyOf(checks);
        conflicts = List.copyOf(conflicts);
        requireNonNull(outcome, "outcome is null");
        leftAlone = List.copyOf(leftAlone);
        if (outcome.verified() != checks.stream().allMatch(Check::passed)) {
            throw new IllegalArgumentException("the outcome (" + outcome + ") disagrees with the checks " + checks);
        }
    }

    /** Whether everything the rollback restores equals the backup: the working tree, index, HEAD and refs. */
    public boolean verified() {
        return outcome.verified();
    }

    /** The differences found; empty when verified. */
    public List<RollbackOutcome.Difference> differences() {
        return outcome instanceof RollbackOutcome.NotVerified notVerified ? notVerified.differences() : List.of();
    }

    /**
     * One verification.
     *
     * @param name what was compared: working tree, index, HEAD, refs, stash
     * @param passed whether it matches the backup
     * @param detail the figures, or how many paths differ
     */
    public record Check(String name, boolean passed, String detail) {
        public Check {
            requireNonNull(name, "name is null");
            requireNonNull(detail, "detail is null");
        }
    }
}
