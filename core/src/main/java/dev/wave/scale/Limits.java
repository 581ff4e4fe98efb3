package dev.wave.scale;

import static java.util.Objects.requireNonNull;

import dev.wave.request.Settings;
import java.util.Optional;

/**
 * What the person asked for: an exact agent count (override), the most agents automatic scaling may
 * use (max_instances, or the request's instance budget), and whether to favour parallelism.
 * Immutable.
 *
 * @param override an exact count to use, when asked for
 * @param overrideOrigin where it was asked for ({@code --agents}, {@code request text}); empty text when no override
 * @param maxAgents the cap for automatic scaling
 * @param maxAgentsOrigin where the cap came from ({@code default}, {@code request text}, a config file)
 * @param favorParallelization use every agent the limits allow instead of the fewest that reach the shortest time
 * @param widestWave without an override, use the plan's peak parallel width (its widest wave), capped at
 *     {@code maxAgents}: the default for plan files, whose author drew the graph
 */
public record Limits(Optional<Integer> override, String overrideOrigin, int maxAgents, String maxAgentsOrigin,
        boolean favorParallelization, boolean widestWave) {
    public static final int DEFAULT_MAX_AGENTS = 100;

    public Limits {
        requireNonNull(override, "override is null");
        requireNonNull(overrideOrigin, "overrideOrigin is null");
        requireNonNull(maxAgentsOrigin, "maxAgentsOrigin is null");
        if (maxAgents < 1) {
            throw new IllegalArgumentException("maxAgents must be at least 1, got " + maxAgents);
        }
        override.ifPresent(count -> {
            if (count < 1) {
                throw new IllegalArgumentException("override must be at least 1, got " + count);
            }
        });
    }

    /** Automatic scaling up to the default cap of 100. */
    public static Limits automatic() {
        return new Limits(Optional.empty(), "", DEFAULT_MAX_AGENTS, "default", false, false);
    }

    /** The limits the resolved settings ask for: {@code agents}, {@code max_instances}, {@code favor_parallelization}. */
    public static Limits of(Settings settings) {
        requireNonNull(settings, "settings is null");
        return new Limits(settings.agents().value(), settings.agents().value().isPresent() ? settings.agents().origin() : "",
                settings.maxInstances().value(), settings.maxInstances().origin(),
                settings.favorParallelization().value(), false);
    }

    public Limits withOverride(int agents, String origin) {
        return new Limits(Optional.of(agents), origin, maxAgents, maxAgentsOrigin, favorParallelization, widestWave);
    }

    public Limits withMaxAgents(int agents, String origin) {
        return new Limits(override, overrideOrigin, agents, origin, favorParallelization, widestWave);
    }

    /** Without an override, the plan's widest wave, capped at {@code maxAgents}: the default for plan files. */
    public Limits withWidestWave() {
        return new Limits(override, overrideOrigin, maxAgents, maxAgentsOrigin, favorParallelization, true);
    }
}
