package dev.wave;

import static java.util.Objects.requireNonNull;

/**
 * The one exception wave raises for conditions a user can fix or must know about. Its message is a
 * single line that says what is wrong, the offending value and how to fix it; the command line maps
 * its {@link ErrorKind} to an exit code and prints the message without a stack trace.
 */
public final class WaveException extends RuntimeException {
    private final ErrorKind kind;

    public WaveException(ErrorKind kind, String message) {
        super(requireNonNull(message, "message is null"));
        this.kind = requireNonNull(kind, "kind is null");
    }

    public WaveException(ErrorKind kind, String message, Throwable cause) {
        super(requireNonNull(message, "message is null"), cause);
        this.kind = requireNonNull(kind, "kind is null");
    }

    public static WaveException invalidInput(String format, Object... args) {
        return new WaveException(ErrorKind.INVALID_INPUT, String.format(format, args));
    }

    public static WaveException unsafeState(String format, Object... args) {
        return new WaveException(ErrorKind.UNSAFE_STATE, String.format(format, args));
    }

    public ErrorKind kind() {
        return kind;
    }

    /** What went wrong, by who can fix it. The command line turns each into an exit code. */
    public enum ErrorKind {
        /** A plan, a flag or a file the user gave is wrong. */
        INVALID_INPUT,
        /** The repository or the run is in a state where going on could lose work. */
        UNSAFE_STATE,
        /** A task of the plan failed. */
        TASK_FAILED,
        /** A bug in wave. */
        INTERNAL
    }
}
