package dev.wave.request;

import java.util.Locale;

/** How much each checkpoint records (checkpoint_verbosity). */
public enum CheckpointVerbosity implements Choice {
    MINIMAL,
    DETAILED;

    @Override
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
