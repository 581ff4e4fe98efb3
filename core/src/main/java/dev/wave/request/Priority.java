package dev.wave.request;

import java.util.Locale;

/** How wave trades speed against caution (priority). */
public enum Priority implements Choice {
    SPEED,
    BALANCED,
    SAFETY;

    @Override
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
