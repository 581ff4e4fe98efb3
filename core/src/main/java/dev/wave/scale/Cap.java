package dev.wave.scale;

import static java.util.Objects.requireNonNull;

/** One upper limit on the agent count and the reason for it, for the explanation. */
record Cap(int agents, String reason) {
    Cap {
        requireNonNull(reason, "reason is null");
        if (agents < 1) {
            throw new IllegalArgumentException("agents must be at least 1, got " + agents);
        }
    }
}
