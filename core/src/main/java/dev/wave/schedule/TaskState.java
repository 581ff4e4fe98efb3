package dev.wave.schedule;

import java.util.Locale;

/** The life of a task in a run. Terminal states never change again. */
public enum TaskState {
    PENDING(false),
    READY(false),
    RUNNING(false),
    SUCCEEDED(true),
    FAILED(true),
    SKIPPED(true),
    CANCELLED(true);

    private final boolean done;

    TaskState(boolean done) {
        this.done = done;
    }

    public boolean isDone() {
        return done;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
