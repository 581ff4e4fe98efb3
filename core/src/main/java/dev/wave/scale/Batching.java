package dev.wave.scale;

import java.util.List;

/**
 * How to split a mass operation over many items into tasks: one batch per agent. Immutable.
 *
 * @param batches the number of batches (tasks) to create, from 1 to {@code items}
 * @param agents the agents to run them with: {@code batches}, or more when the person asked for more
 * @param items the number of items
 * @param reasons the calculation, one line each
 * @param warnings what the person should know, one line each
 */
public record Batching(int batches, int agents, int items, List<String> reasons, List<String> warnings) {
    public Batching {
        if (items < 1 || batches < 1 || batches > items || agents < 1) {
            throw new IllegalArgumentException("bad batching: " + batches + " batches of " + items + " items on "
                    + agents + " agents");
        }
        reasons = List.copyOf(reasons);
        warnings = List.copyOf(warnings);
    }
}
