package dev.wave.safety;

import dev.wave.WaveException;
import java.util.Locale;

/** What a run does when a task fails for good (after its retries): SPEC F2's {@code on_failure}. */
public enum OnFailure {
    /**
     * Skip the task's dependents, let independent work end (or stop at once with --fail-fast), then
     * restore the Wave 0 backup (the default).
     */
    ROLLBACK,
    /** Ask on the terminal: retry the task, skip it (and its dependents), or abort and roll back; without a terminal, as ROLLBACK. */
    PAUSE,
    /** Skip the task's dependents and go on; keep every change. */
    CONTINUE;

    public static final OnFailure DEFAULT = ROLLBACK;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @throws WaveException of kind INVALID_INPUT for anything but rollback, pause or continue
     */
    public static OnFailure parse(String text) {
        for (OnFailure value : values()) {
            if (value.label().equals(text.strip().toLowerCase(Locale.ROOT))) {
                return value;
            }
        }
        throw WaveException.invalidInput("--on-failure must be rollback, pause or continue, got \"%s\".", text);
    }
}
