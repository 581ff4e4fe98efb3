package dev.wave.safety;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A task wave treats as critical, and why.
 *
 * @param id the task id
 * @param reasons one phrase per reason: declared, a keyword, a dangerous command pattern
 */
public record CriticalTask(String id, List<String> reasons) {
    public CriticalTask {
        requireNonNull(id, "id is null");
        reasons = List.copyOf(reasons);
        if (reasons.isEmpty()) {
            throw new IllegalArgumentException("a critical task needs a reason: " + id);
        }
    }

    /** Whether a dangerous command pattern matched, as opposed to a declaration or a keyword only. */
    public boolean dangerous() {
        return reasons.stream().anyMatch(reason -> reason.startsWith("dangerous command"));
    }
}
