package dev.wave.check;

import static java.util.Objects.requireNonNull;

/**
 * The command a run's check runs, and where it came from. Immutable.
 *
 * @param command the shell command, run in the repository
 * @param origin where it was chosen: {@code "detected: pytest"}, {@code "--verify"}, {@code "request text"} or the
 *     config file
 */
public record CheckCommand(String command, String origin) {
    public CheckCommand {
        requireNonNull(command, "command is null");
        requireNonNull(origin, "origin is null");
        if (command.isBlank()) {
            throw new IllegalArgumentException("command is blank");
        }
    }
}
