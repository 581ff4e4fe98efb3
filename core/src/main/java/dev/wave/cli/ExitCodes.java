package dev.wave.cli;

import dev.wave.WaveException;

/** wave's exit codes; only the command line maps errors to them. */
final class ExitCodes {
    static final int OK = 0;
    static final int TASK_FAILED = 1;
    static final int INVALID_INPUT = 2;
    static final int NOT_APPROVED = 3;
    static final int INTERNAL = 70;
    static final int INTERRUPTED = 130;

    private ExitCodes() {}

    static int of(WaveException.ErrorKind kind) {
        return switch (kind) {
            case INVALID_INPUT -> INVALID_INPUT;
            case UNSAFE_STATE -> NOT_APPROVED;
            case TASK_FAILED -> TASK_FAILED;
            case INTERNAL -> INTERNAL;
        };
    }
}
