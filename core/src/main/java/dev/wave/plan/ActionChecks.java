package dev.wave.plan;

import static java.util.Objects.requireNonNull;

import java.nio.file.FileSystems;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The rules a built-in action's paths, globs and patterns must follow. Each check returns the
 * problem as the end of a sentence ("is outside the repository"), so the plan loader can name the
 * file, task and key before it, and the records can throw it.
 */
final class ActionChecks {
    /** Directories wave never reads or changes: git's own data and wave's run files. */
    static final Set<String> PROTECTED_NAMES = Set.of(".git", ".wave");

    private static final Pattern NAMED_GROUP = Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>");

    private ActionChecks() {}

    /**
     * A relative path with {@code /} separators, {@code .} and {@code ..} resolved lexically and no
     * trailing slash; {@code .} for the repository itself. Paths that escape the repository keep
     * their leading {@code ..} so that {@link #pathProblem} reports them.
     */
    static String normalize(String path) {
        requireNonNull(path, "path is null");
        if (path.startsWith("/")) {
            return path;
        }
        Deque<String> parts = new ArrayDeque<>();
        int escapes = 0;
        for (String part : path.split("/+")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    escapes++;
                } else {
                    parts.removeLast();
                }
            } else {
                parts.addLast(part);
            }
        }
        List<String> all = new ArrayList<>();
        for (int i = 0; i < escapes; i++) {
            all.add("..");
        }
        all.addAll(parts);
        return all.isEmpty() ? "." : String.join("/", all);
    }

    /** What is wrong with a normalized repository-relative path, if anything. */
    static Optional<String> pathProblem(String normalized) {
        if (normalized.isBlank()) {
            return Optional.of("is empty");
        }
        if (normalized.startsWith("/") || normalized.matches("[A-Za-z]:[\\\\/].*")) {
            return Optional.of("is absolute");
        }
        if (normalized.equals("..") || normalized.startsWith("../")) {
            return Optional.of("is outside the repository");
        }
        for (String part : normalized.split("/")) {
            if (PROTECTED_NAMES.contains(part)) {
                return Optional.of("is inside " + part + ", which wave never changes");
            }
        }
        return Optional.empty();
    }

    /** What is wrong with a glob, if anything. */
    static Optional<String> globProblem(String glob) {
        if (glob.isBlank()) {
            return Optional.of("is empty");
        }
        if (glob.startsWith("/")) {
            return Optional.of("is absolute");
        }
        for (String part : glob.split("/")) {
            if (part.equals("..")) {
                return Optional.of("reaches outside the repository with \"..\"");
            }
        }
        try {
            FileSystems.getDefault().getPathMatcher("glob:" + glob);
        } catch (PatternSyntaxException e) {
            return Optional.of("is not a valid glob (" + e.getDescription() + " at index " + e.getIndex() + ")");
        }
        return Optional.empty();
    }

    /** The glob as wave matches it: without a leading {@code ./} or a trailing {@code /}. */
    static String normalizeGlob(String glob) {
        String result = glob;
        while (result.startsWith("./")) {
            result = result.substring(2);
        }
        while (result.length() > 1 && result.endsWith("/")) {
            result = result.substring(0, result.length() - 1);
        }
        return result;
    }

    static List<String> paths(List<String> paths) {
        return checked("path", paths, ActionChecks::normalize, ActionChecks::pathProblem);
    }

    static List<String> globs(List<String> globs) {
        return checked("glob", globs, ActionChecks::normalizeGlob, ActionChecks::globProblem);
    }

    /** The values normalized, or an error naming the first one ({@code what}, as written) that has a problem. */
    private static List<String> checked(String what, List<String> values, UnaryOperator<String> normalize,
            Function<String, Optional<String>> problem) {
        List<String> result = new ArrayList<>(values.size());
        for (String value : values) {
            String normalized = normalize.apply(value);
            problem.apply(normalized).ifPresent(text -> {
                throw new IllegalArgumentException(what + " \"" + value + "\" " + text);
            });
            result.add(normalized);
        }
        return List.copyOf(result);
    }

    /** What is wrong with a regular expression, if anything. */
    static Optional<String> regexProblem(String regex) {
        try {
            Pattern.compile(regex, Pattern.MULTILINE);
            return Optional.empty();
        } catch (PatternSyntaxException e) {
            return Optional.of("does not compile (" + e.getDescription() + " near index " + e.getIndex() + ")");
        }
    }

    /**
     * What is wrong with a {@link Matcher#appendReplacement replacement} for {@code regex}, if
     * anything: a trailing backslash, a {@code $} that names no group, or a group that the
     * expression does not have. Assumes the expression compiles.
     */
    static Optional<String> replacementProblem(String regex, String replacement) {
        int groups = Pattern.compile(regex, Pattern.MULTILINE).matcher("").groupCount();
        Set<String> names = new HashSet<>();
        Matcher named = NAMED_GROUP.matcher(regex);
        while (named.find()) {
            names.add(named.group(1));
        }
        for (int i = 0; i < replacement.length(); i++) {
            char c = replacement.charAt(i);
            if (c == '\\') {
                if (++i == replacement.length()) {
                    return Optional.of("ends with a lone \\");
                }
            } else if (c == '$') {
                if (++i == replacement.length()) {
                    return Optional.of("ends with a lone $");
                }
                char next = replacement.charAt(i);
                if (next == '{') {
                    int end = replacement.indexOf('}', i);
                    String name = end < 0 ? "" : replacement.substring(i + 1, end);
                    if (!names.contains(name)) {
                        return Optional.of("refers to group ${" + name + "}, which the pattern does not define");
                    }
                    i = end;
                } else if (next >= '0' && next <= '9') {
                    if (next - '0' > groups) {
                        return Optional.of("refers to group $" + next + ", but the pattern has " + groups
                                + (groups == 1 ? " group" : " groups"));
                    }
                } else {
                    return Optional.of("has \"$" + next + "\", which is not a group reference");
                }
            }
        }
        return Optional.empty();
    }
}
