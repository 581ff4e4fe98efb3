package dev.wave.run;

import static java.util.Objects.requireNonNull;

/**
 * A task the run inserted into its plan: a step of a fix wave after a failed check (SPEC F17).
 *
 * @param wave the inserted wave's number, {@code <wave of the failed task>.<n>}: {@code 5.1}, {@code 5.2}
 * @param parent the id of the plan task whose check failed
 * @param step {@code analyse}, {@code fix} or {@code recheck}
 * @param record how it ran; its index follows the plan's tasks, its wave is the failed task's
 */
public record InsertedTask(String wave, String parent, String step, TaskRecord record) {
    public InsertedTask {
        requireNonNull(wave, "wave is null");
        requireNonNull(parent, "parent is null");
        requireNonNull(step, "step is null");
        requireNonNull(record, "record is null");
    }
}
