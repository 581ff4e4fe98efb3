package dev.wave.run;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A task has started on an agent.
 *
 * @param index the task's position in the plan
 * @param id the task id
 * @param wave its wave, from 1
 * @param instance the agent, {@code I1..In}
 * @param startedAt when
 * @param running how many tasks run now, this one included
 */
public record TaskStart(int index, String id, int wave, String instance, Instant startedAt, int running) {
    public TaskStart {
        requireNonNull(id, "id is null");
        requireNonNull(instance, "instance is null");
        requireNonNull(startedAt, "startedAt is null");
    }
}
