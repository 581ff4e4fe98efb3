package dev.wave.request;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * The check a run makes before and after its tasks (the {@code verify} option): the project's test
 * command as wave detects it ({@code auto}, the default), no check ({@code none}), or a command.
 * Immutable; {@link #toString()} is the value as a person writes it.
 */
public sealed interface Verify permits Verify.Auto, Verify.Off, Verify.Command {
    /** The word that asks for the detected test command. */
    String AUTO = "auto";
    /** The word that turns the check off. */
    String NONE = "none";

    /** The project's test command, detected from its build files (Maven, Gradle, npm, pytest, go, cargo, make). */
    record Auto() implements Verify {
        @Override
        public String toString() {
            return AUTO;
        }
    }

    /** No check: the run is not tested before or after its tasks. */
    record Off() implements Verify {
        @Override
        public String toString() {
            return NONE;
        }
    }

    /** A shell command that runs the checks, for example {@code python3 -m pytest -q tests/unit}. */
    record Command(String command) implements Verify {
        public Command {
            requireNonNull(command, "command is null");
            if (command.isBlank()) {
                throw new IllegalArgumentException("command is blank");
            }
        }

        @Override
        public String toString() {
            return command;
        }
    }

    /**
     * Reads a raw value: {@code auto}; {@code none} (also no, off, false); anything else is a command.
     *
     * @throws IllegalArgumentException when the value is blank or not text
     */
    static Verify parse(Object raw) {
        if (raw instanceof Boolean bool) {
            if (bool) {
                throw new IllegalArgumentException();
            }
            return new Off();
        }
        if (!(raw instanceof String) || ((String) raw).isBlank()) {
            throw new IllegalArgumentException();
        }
        String text = ((String) raw).strip();
        return switch (text.toLowerCase(Locale.ROOT)) {
            case AUTO -> new Auto();
            case NONE, "no", "off", "false" -> new Off();
            default -> new Command(text);
        };
    }
}
