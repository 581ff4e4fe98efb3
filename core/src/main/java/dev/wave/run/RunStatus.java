package dev.wave.run;

import java.util.Locale;

/** How a run ended. */
public enum RunStatus {
    SUCCEEDED,
    FAILED,
    INTERRUPTED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
