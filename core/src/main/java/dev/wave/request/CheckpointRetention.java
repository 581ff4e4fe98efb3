package dev.wave.request;

import java.util.Locale;

/** What happens to a run's checkpoints after it succeeds (checkpoint_retention). */
public enum CheckpointRetention implements Choice {
    CLEANUP,
    KEEP,
    ARCHIVE;

    @Override
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
