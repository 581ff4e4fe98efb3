package dev.wave.plan;

import java.util.Optional;

/**
 * What change an agent task is expected to make: a plan file's {@code type:} of a {@code prompt:} task.
 * The agent's evidence is judged by it (dev.wave.agent's Evidence): whether an empty diff passes, and
 * whether a diff is allowed at all. Every diff, when one is allowed, must stay inside the task's scope.
 */
public enum AgentChange {
    /** {@code type: change} (the default): succeeds only with a non-empty change inside the scope. */
    REQUIRED("change"),
    /** {@code type: analysis}: changes no file; succeeds without a diff and fails with one. */
    NONE("analysis"),
    /** {@code type: change-if-needed}: may change files inside the scope, or none ("review and fix if needed"). */
    IF_NEEDED("change-if-needed");

    private final String planName;

    AgentChange(String planName) {
        this.planName = planName;
    }

    /** How a plan file names it ({@code type:}). */
    public String planName() {
        return planName;
    }

    /** The expectation a plan file's {@code type:} names, if any. */
    public static Optional<AgentChange> ofPlanName(String name) {
        for (AgentChange change : values()) {
            if (change.planName.equals(name)) {
                return Optional.of(change);
            }
        }
        return Optional.empty();
    }
}
