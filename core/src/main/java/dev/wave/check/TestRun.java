package dev.wave.check;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One run of the check command, measured. Immutable.
 *
 * @param command the shell command
 * @param exitCode its exit code; empty when it did not start, or timed out and was killed
 * @param lastLine the last line of its output, or why it did not run
 * @param results what it reported, when a JUnit XML report or a summary line could be read
 * @param millis how long it ran
 * @param log where its output is
 * @param notes what could not be read (a broken report), one line each
 * @param collectionError why the tests could not even be collected (pytest: an error during collection, a usage
 *     error, no tests collected), so the run verified nothing, pass or fail
 */
public record TestRun(String command, Optional<Integer> exitCode, String lastLine, Optional<TestResults> results,
        long millis, java.nio.file.Path log, List<String> notes, Optional<String> collectionError) {
    /** Exit codes of {@code sh} for a command it could not find or could not execute. */
    static final int NOT_FOUND = 127;
    static final int NOT_EXECUTABLE = 126;

    public TestRun {
        requireNonNull(command, "command is null");
        requireNonNull(exitCode, "exitCode is null");
        requireNonNull(lastLine, "lastLine is null");
        requireNonNull(results, "results is null");
        requireNonNull(log, "log is null");
        notes = List.copyOf(notes);
        requireNonNull(collectionError, "collectionError is null");
    }

    /** A run whose tests were collected (or whose runner does not say). */
    public TestRun(String command, Optional<Integer> exitCode, String lastLine, Optional<TestResults> results,
            long millis, java.nio.file.Path log, List<String> notes) {
        this(command, exitCode, lastLine, results, millis, log, notes, Optional.empty());
    }

    /** Whether the command exited 0. */
    public boolean passed() {
        return exitCode.isPresent() && exitCode.get() == 0;
    }

    /** Why the command did not run at all: it did not start, was not found, not executable, or timed out. */
    public Optional<String> cannotRun() {
        if (exitCode.isEmpty()) {
            return Optional.of(lastLine);
        }
        return switch (exitCode.get()) {
            case NOT_FOUND -> Optional.of("exit 127, a command was not found" + said());
            case NOT_EXECUTABLE -> Optional.of("exit 126, a command could not be executed" + said());
            default -> Optional.empty();
        };
    }

    /** {@code "exit 1: 212 passed, 3 failed (...) in 4.2s"}. */
    public String describe() {
        String exit = exitCode.map(code -> "exit " + code).orElse("did not finish");
        if (collectionError.isPresent()) {
            return exit + ": collection error, no test ran (" + collectionError.get() + ") in " + seconds();
        }
        return exit + ": " + results.map(TestResults::describe).orElse("no test results could be read" + said())
                + " in " + seconds();
    }

    String seconds() {
        return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
    }

    private String said() {
        return lastLine.isEmpty() ? "" : " (\"" + lastLine + "\")";
    }
}
