package dev.wave.engine;

import static java.util.Objects.requireNonNull;

import dev.wave.report.RunReport;
import java.util.Optional;

/**
 * How {@link Orchestrator#execute} ended.
 *
 * @param verdict what happened, in one word a caller can map to an exit code
 * @param runId the run, when it got one
 * @param report the measured report, written to {@code execution_summary.json}, when the run began
 * @param backup the run's Wave 0 backup, when it has one
 */
public record RunOutcome(Verdict verdict, Optional<String> runId, Optional<RunReport> report, Optional<String> backup) {
    public RunOutcome {
        requireNonNull(verdict, "verdict is null");
        requireNonNull(runId, "runId is null");
        requireNonNull(report, "report is null");
        requireNonNull(backup, "backup is null");
    }

    static RunOutcome of(Verdict verdict) {
        return new RunOutcome(verdict, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** What happened. */
    public enum Verdict {
        /** Every task succeeded (and the commit, if any, was made). */
        SUCCEEDED,
        /** A task failed, or the final commit did. */
        FAILED,
        /** The approver said no; nothing changed. */
        NOT_APPROVED,
        /** {@code dry_run}: nothing ran or changed. */
        DRY_RUN,
        /** The run was rolled back but the rollback could not be verified. */
        ROLLBACK_UNVERIFIED,
        /** Cancelled; the summary says what ran. */
        INTERRUPTED
    }
}
