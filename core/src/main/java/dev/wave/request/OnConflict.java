package dev.wave.request;

import java.util.Locale;

/** What a run does when an agent task's finished change conflicts with what the run did meanwhile (on_conflict). */
public enum OnConflict implements Choice {
    /** Fail the task, keep its worktree and branch, and name the conflicting files (the default). */
    REPORT,
    /**
     * Keep the task's branch and hand the conflict to an agent: a resolution attempt in a worktree of the
     * run's current state with the task's change merged in, conflict markers and all, given both sides.
     */
    RESOLVE;

    @Override
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
