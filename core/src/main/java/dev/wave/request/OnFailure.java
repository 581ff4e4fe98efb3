package dev.wave.request;

import java.util.Locale;

/** What a run does when a task fails for good, after its retries (on_failure). */
public enum OnFailure implements Choice {
    /**
     * Skip the task's dependents, let independent work end (or stop at once with --fail-fast), then
     * restore the Wave 0 backup (the default).
     */
    ROLLBACK,
    /** Ask on the terminal: retry the task, skip it (and its dependents), or abort and roll back; without a terminal, as ROLLBACK. */
    PAUSE,
    /** Skip the task's dependents and go on; keep every change. */
    CONTINUE;

    @Override
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
