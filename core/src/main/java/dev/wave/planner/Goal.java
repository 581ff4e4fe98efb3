package dev.wave.planner;

import static java.util.Objects.requireNonNull;

import dev.wave.scale.Limits;
import dev.wave.scale.Machine;
import java.nio.file.Path;

/**
 * What to plan. Immutable.
 *
 * @param text the goal in plain English (the request's goal, without its lead phrase and options)
 * @param repository the repository the plan will run in; scanned to size the work
 * @param limits the agent count asked for, which sets the number of batches of a mass operation
 * @param machine what the machine offers, for batching
 */
public record Goal(String text, Path repository, Limits limits, Machine machine) {
    public Goal {
        requireNonNull(text, "text is null");
        requireNonNull(repository, "repository is null");
        requireNonNull(limits, "limits is null");
        requireNonNull(machine, "machine is null");
        if (text.isBlank()) {
            throw new IllegalArgumentException("text is blank");
        }
    }
}
