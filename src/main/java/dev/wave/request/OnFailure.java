package dev.wave.request;

import java.util.Locale;

/** What a failed task does to the run (on_failure). */
public enum OnFailure implements Choice {
    ROLLBACK,
    PAUSE,
    CONTINUE;

    @Override
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
