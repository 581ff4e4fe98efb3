package dev.wave.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The command line of a shell task. Starting it isolated, and killing every process it starts, is
 * {@link dev.wave.sandbox.Sandbox}'s job. Thread-safe; utility class.
 */
final class ProcessTree {
    private ProcessTree() {}

    /**
     * The command line that runs {@code command} as {@code sh -c} would. A simple command (words of
     * plain characters, no quoting, expansion, redirection, assignment or shell builtin) whose program
     * is an executable on {@code PATH} is started directly, as make does: the result is the same, one
     * process start cheaper. Only when the task's {@code PATH} is the one the JDK searches (this
     * process's own, whatever the child's environment says): with another, the program found could differ.
     *
     * @param path the {@code PATH} the command runs with
     * @param searched the {@code PATH} the JDK searches for a program named without a '/'; empty when it has none
     */
    static List<String> shellCommand(String command, String path, Optional<String> searched) {
        List<String> words = searched.isPresent() && searched.get().equals(path) ? SimpleCommand.words(command, path) : List.of();
        if (words.isEmpty()) {
            List<String> line = new ArrayList<>(3);
            line.add("sh");
            line.add("-c");
            line.add(command);
            return line;
        }
        return words;
    }
}
