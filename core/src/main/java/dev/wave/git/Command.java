package dev.wave.git;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One git invocation: its arguments, and optionally an index file of its own, configuration given
 * with {@code -c}, extra environment, standard input, and the exit codes that count as success.
 *
 * @param args the arguments after {@code git}, the subcommand first
 * @param configuration {@code -c name=value} pairs put before the subcommand
 * @param indexFile the index to use instead of the work tree's ({@code GIT_INDEX_FILE})
 * @param environment variables added to git's environment
 * @param input what git reads on standard input; empty for nothing
 * @param allowedExitCodes exit codes {@link Git#run} accepts; {@code 0} unless told otherwise
 */
public record Command(List<String> args, List<String> configuration, Optional<Path> indexFile,
        Map<String, String> environment, byte[] input, Set<Integer> allowedExitCodes) {
    public Command {
        args = List.copyOf(args);
        if (args.isEmpty()) {
            throw new IllegalArgumentException("a git command needs at least a subcommand");
        }
        configuration = List.copyOf(configuration);
        requireNonNull(indexFile, "indexFile is null");
        environment = Map.copyOf(environment);
        input = input.clone();
        allowedExitCodes = Set.copyOf(allowedExitCodes);
    }

    public static Command of(String... args) {
        return new Command(List.of(args), List.of(), Optional.empty(), Map.of(), new byte[0], Set.of(0));
    }

    public static Command of(List<String> args) {
        return new Command(args, List.of(), Optional.empty(), Map.of(), new byte[0], Set.of(0));
    }

    /** Uses {@code index} instead of the work tree's index. */
    public Command withIndex(Path index) {
        return new Command(args, configuration, Optional.of(index), environment, input, allowedExitCodes);
    }

    /** Adds {@code -c name=value} before the subcommand. */
    public Command withConfiguration(String name, String value) {
        List<String> more = new ArrayList<>(configuration);
        more.add("-c");
        more.add(name + "=" + value);
        return new Command(args, more, indexFile, environment, input, allowedExitCodes);
    }

    public Command withEnvironment(String name, String value) {
        Map<String, String> more = new java.util.HashMap<>(environment);
        more.put(name, value);
        return new Command(args, configuration, indexFile, more, input, allowedExitCodes);
    }

    public Command withInput(byte[] input) {
        return new Command(args, configuration, indexFile, environment, input, allowedExitCodes);
    }

    /** Standard input of NUL-terminated entries, the form git's {@code -z} options read. */
    public Command withNulInput(Collection<String> entries) {
        StringBuilder text = new StringBuilder();
        for (String entry : entries) {
            text.append(entry).append('\0');
        }
        return withInput(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Standard input of newline-terminated lines. */
    public Command withLines(Collection<String> lines) {
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            text.append(line).append('\n');
        }
        return withInput(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Accepts these exit codes as well as 0. */
    public Command allowing(Integer... exitCodes) {
        Set<Integer> more = new java.util.HashSet<>(allowedExitCodes);
        more.addAll(List.of(exitCodes));
        return new Command(args, configuration, indexFile, environment, input, more);
    }
}
