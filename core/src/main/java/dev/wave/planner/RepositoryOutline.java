package dev.wave.planner;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What a model planner is told about a repository: its top-level layout with file counts, the
 * languages by file count, the test command, and the files whose names hold the goal's words.
 * Read with the same rules as every planner scan (no links followed, no {@code .git},
 * {@code node_modules} or virtual environments). Immutable.
 *
 * @param files how many regular files the scan found
 * @param directories top-level entries with the number of files under each, largest first (at most 30)
 * @param languages file extensions with their counts, most first (at most 10)
 * @param testCommand the project's test command, when one was detected
 * @param pointedAt files whose paths contain a word of the goal (at most 40)
 */
public record RepositoryOutline(int files, Map<String, Integer> directories, Map<String, Integer> languages,
        Optional<String> testCommand, List<String> pointedAt) {
    private static final int MAX_DIRECTORIES = 30;
    private static final int MAX_LANGUAGES = 10;
    private static final int MAX_POINTED_AT = 40;
    private static final int SHORTEST_WORD = 4;

    public RepositoryOutline {
        directories = Map.copyOf(directories);
        languages = Map.copyOf(languages);
        requireNonNull(testCommand, "testCommand is null");
        pointedAt = List.copyOf(pointedAt);
    }

    /** Scans {@code root} for {@code goal}. Blocks while it reads the tree. */
    public static RepositoryOutline of(Path root, String goal) {
        requireNonNull(root, "root is null");
        requireNonNull(goal, "goal is null");
        List<RepositoryFiles.FileEntry> entries = RepositoryFiles.list(root);
        Map<String, Integer> top = new TreeMap<>();
        Map<String, Integer> extensions = new TreeMap<>();
        List<String> words = goalWords(goal);
        List<String> pointed = new ArrayList<>();
        for (RepositoryFiles.FileEntry entry : entries) {
            String path = entry.path();
            int slash = path.indexOf('/');
            top.merge(slash < 0 ? path : path.substring(0, slash + 1), 1, Integer::sum);
            String name = path.substring(path.lastIndexOf('/') + 1);
            int dot = name.lastIndexOf('.');
            if (dot > 0) {
                extensions.merge(name.substring(dot).toLowerCase(Locale.ROOT), 1, Integer::sum);
            }
            if (pointed.size() < MAX_POINTED_AT && pointsAt(path, words)) {
                pointed.add(path);
            }
        }
        return new RepositoryOutline(entries.size(), largest(top, MAX_DIRECTORIES), largest(extensions, MAX_LANGUAGES),
                TestCommand.detect(root).map(TestCommand::command), pointed);
    }

    /** The outline as the lines of a prompt. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        text.append(files).append(" files.\n");
        text.append("Top-level entries (files under each): ").append(counts(directories)).append('\n');
        text.append("File types: ").append(counts(languages)).append('\n');
        text.append("Test command: ").append(testCommand.orElse("none detected")).append('\n');
        text.append("Files whose paths match the goal's words: ")
                .append(pointedAt.isEmpty() ? "none" : String.join(", ", pointedAt)).append('\n');
        return text.toString();
    }

    private static String counts(Map<String, Integer> counts) {
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .map(entry -> entry.getKey() + " (" + entry.getValue() + ")")
                .collect(Collectors.joining(", "));
    }

    private static Map<String, Integer> largest(Map<String, Integer> counts, int limit) {
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(limit)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /** Whether a word of the path and a word of the goal share a stem: {@code auth.py} for "authentication". */
    private static boolean pointsAt(String path, List<String> words) {
        for (String token : path.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
            if (token.length() >= SHORTEST_WORD && !STOP_WORDS.contains(token)) {
                for (String word : words) {
                    if (word.startsWith(token) || token.startsWith(word)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static List<String> goalWords(String goal) {
        List<String> words = new ArrayList<>();
        for (String word : goal.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
            if (word.length() >= SHORTEST_WORD && !STOP_WORDS.contains(word)) {
                words.add(word);
            }
        }
        return words;
    }

    private static final java.util.Set<String> STOP_WORDS = java.util.Set.of("with", "from", "into", "that", "this",
            "then", "them", "every", "files", "file", "update", "write", "tests", "test", "code", "repository", "the",
            "add", "all", "and", "make", "sure", "should", "using", "parallel", "agents", "change", "changes", "across");
}
