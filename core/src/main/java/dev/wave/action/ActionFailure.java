package dev.wave.action;

/**
 * Ends an action early with a one-line reason that becomes the task's summary. The changes made
 * before it was thrown stay recorded. Internal to this package.
 */
final class ActionFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ActionFailure(String format, Object... args) {
        super(String.format(format, args), null, false, false);
    }
}
