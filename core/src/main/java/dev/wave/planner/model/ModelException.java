package dev.wave.planner.model;

/** A model could not give a reply: unreachable, refused, rate-limited past the retries, or empty. */
public final class ModelException extends Exception {
    public ModelException(String message) {
        super(message);
    }
}
