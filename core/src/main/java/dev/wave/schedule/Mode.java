package dev.wave.schedule;

import java.util.Locale;

/** How tasks are released to agents. */
public enum Mode {
    /** A task starts as soon as its dependencies succeed, longest remaining path first. */
    FLOW,
    /** Strict barriers: a wave starts only when every task of the wave before it has ended. */
    WAVES;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
