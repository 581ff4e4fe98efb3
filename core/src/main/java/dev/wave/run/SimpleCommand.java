package dev.wave.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Recognises shell commands that {@code sh -c} would run as one plain program with literal
 * arguments, so they can be started without the shell. Thread-safe.
 */
final class SimpleCommand {
    /** Words of characters that no POSIX shell treats specially, separated by spaces. */
    private static final Pattern SIMPLE = Pattern.compile("[A-Za-z0-9_./,:+@%^-]+( +[A-Za-z0-9_./,:+@%^-]+)*");
    /** Builtins and keywords: they act on the shell itself or differ from a program of the same name. */
    private static final Set<String> BUILTINS = Set.of("cd", "exit", "exec", "set", "export", "source", ".", "read",
            "ulimit", "umask", "wait", "trap", "shift", "alias", "unalias", "unset", "eval", "readonly", "return",
            "break", "continue", "local", "type", "command", "hash", "getopts", "times", ":", "bg", "fg", "jobs",
            "if", "then", "else", "elif", "fi", "for", "while", "until", "do", "done", "case", "esac", "function");
    private static final Map<String, Optional<String>> RESOLVED = new ConcurrentHashMap<>();

    private SimpleCommand() {}

    /** The words of {@code command} when it is simple and its program is an executable on {@code path}; else empty. */
    static List<String> words(String command, String path) {
        String trimmed = command.strip();
        if (trimmed.length() > 1000 || !SIMPLE.matcher(trimmed).matches()) {
            return List.of();
        }
        String[] words = trimmed.split(" +");
        if (BUILTINS.contains(words[0])) {
            return List.of();
        }
        Optional<String> program = RESOLVED.computeIfAbsent(path + '\n' + words[0], key -> resolve(words[0], path));
        if (program.isEmpty()) {
            return List.of();
        }
        // The program keeps the name it was given (its argv[0]); it is found on PATH again when started.
        return List.of(words);
    }

    private static Optional<String> resolve(String program, String path) {
        if (program.contains("/")) {
            // Relative to the task's directory, which differs between runs: leave it to the shell.
            return Optional.empty();
        }
        for (String directory : path.split(":")) {
            if (!directory.isEmpty()) {
                Path candidate = Path.of(directory, program);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate.toString());
                }
            }
        }
        return Optional.empty();
    }
}
