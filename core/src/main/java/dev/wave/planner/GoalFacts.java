package dev.wave.planner;

import static java.util.regex.Pattern.CASE_INSENSITIVE;
import static java.util.regex.Pattern.compile;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * What a goal says beyond its pattern, read against the repository's files: the files it is about
 * (by name), the items it lists ("signup, login and logout"), a count it names ("50 languages"),
 * and a kind of file it wants changed everywhere ("all components").
 */
final class GoalFacts {
    /** At most this many files are named as a task's own files when the goal only hints at them. */
    static final int MAX_RELEVANT = 8;

    private static final Set<String> STOPWORDS = Set.of("the", "and", "for", "with", "that", "this", "from",
            "into", "when", "each", "every", "all", "add", "adds", "update", "updates", "fix", "make", "sure", "proper", "properly", "should",
            "would", "could", "file", "files", "code", "system", "feature", "features", "support",
            "new", "use", "using", "also", "then", "them", "their", "there", "have", "has",
            "needs", "need", "instead", "about", "after", "before", "which", "where", "while",
            "onto", "over", "under", "only", "some", "more", "most", "less", "than", "will",
            "shall", "must", "write", "create", "implement", "comprehensive", "tests", "test",
            "including", "issue", "error", "errors", "handling", "bug", "bugs", "broken",
            "working", "crash", "crashing", "refactor", "users", "user", "page", "pages", "button",
            "larger", "smaller", "change", "changes", "affected", "existing", "generate",
            "different", "language", "languages", "programming", "across", "whole", "entire",
            "repository", "project", "application", "app", "module", "modules", "successful",
            "time", "times");
    private static final java.util.regex.Pattern WORD = compile("[a-z][a-z0-9_]{3,}");
    private static final String ITEMS =
            "((?:[\\w./#+-]+\\s*){1,4}(?:,\\s*(?:and\\s+|or\\s+)?(?:[\\w./#+-]+\\s*){1,4})+(?:\\s*,?\\s*(?:and|or)\\s+(?:[\\w./#+-]+\\s*){1,4})?)";
    /** A list introduced by "including" and the like, tried before one introduced by "for" or "in". */
    private static final List<java.util.regex.Pattern> LISTS = List.of(
            compile("\\b(?:including|includes|include|such as|namely|covering)\\s+(?:the\\s+)?" + ITEMS, CASE_INSENSITIVE),
            compile("\\b(?:for|in)\\s+(?:the\\s+)?" + ITEMS, CASE_INSENSITIVE));
    private static final java.util.regex.Pattern COUNT = compile(
            "\\b(\\d{1,5})\\s+(?:different\\s+|distinct\\s+|separate\\s+)?((?:[a-z]+\\s+){0,2}?[a-z]+s)\\b", CASE_INSENSITIVE);
    private static final java.util.regex.Pattern EVERY = compile(
            "\\b(?:all|every|each)\\s+(?:of\\s+)?(?:the\\s+)?(?:\\d+\\s+)?(?:[a-z]+\\s+)?(components?|pages?|endpoints?|routes?|models?|services?|controllers?|handlers?|views?|screens?|clients?)\\b",
            CASE_INSENSITIVE);
    /** Path fragments that mark a file as being of a kind named in a goal. */
    private static final Map<String, List<String>> KIND_PATHS = Map.of(
            "component", List.of("component"),
            "page", List.of("page", "pages/", "app/"),
            "endpoint", List.of("endpoint", "route", "api/", "controller", "handler", "views"),
            "route", List.of("route", "endpoint", "api/", "controller"),
            "model", List.of("model"),
            "service", List.of("service"),
            "controller", List.of("controller"),
            "handler", List.of("handler"),
            "view", List.of("view"),
            "screen", List.of("screen"));

    private GoalFacts() {}

    /** The words of the goal that can name files: four letters or more, not common words. */
    static List<String> keywords(String goal) {
        Set<String> keywords = new LinkedHashSet<>();
        Matcher matcher = WORD.matcher(goal.toLowerCase(Locale.ROOT));
        while (matcher.find()) {
            String word = matcher.group();
            if (!STOPWORDS.contains(word)) {
                keywords.add(word);
                if (word.endsWith("s") && word.length() > 4) {
                    keywords.add(word.substring(0, word.length() - 1));
                }
                for (String part : word.split("_")) {
                    if (part.length() >= 4 && !STOPWORDS.contains(part)) {
                        keywords.add(part);
                    }
                }
            }
        }
        return new ArrayList<>(keywords);
    }

    /** Source files whose path names the goal's keywords, most keywords first, at most {@link #MAX_RELEVANT}. */
    static List<String> relevantFiles(String goal, List<String> files, boolean tests) {
        List<String> keywords = keywords(goal);
        List<Scored> scored = new ArrayList<>();
        for (String file : files) {
            if (!Languages.isSource(file) || isTest(file) != tests) {
                continue;
            }
            String path = file.toLowerCase(Locale.ROOT);
            int score = 0;
            for (String keyword : keywords) {
                score += path.contains(keyword) ? 1 : 0;
            }
            if (score > 0) {
                scored.add(new Scored(file, score));
            }
        }
        scored.sort(Comparator.comparingInt(Scored::score).reversed().thenComparing(Scored::file));
        List<String> relevant = new ArrayList<>();
        for (Scored file : scored.subList(0, Math.min(MAX_RELEVANT, scored.size()))) {
            relevant.add(file.file());
        }
        return relevant;
    }

    private record Scored(String file, int score) {}

    /** At most this many files are read for the goal's words; larger repositories are matched by name beyond it. */
    static final int MAX_FILES_READ = 4000;
    static final long MAX_BYTES_READ = 64 * 1024;

    /**
     * The files the goal's words point at, by name and by content: a keyword in the path counts
     * twice, a keyword in the text once (source and documentation files only, the first
     * {@link #MAX_FILES_READ}, up to {@link #MAX_BYTES_READ} each). Most pointed-at first, at most
     * {@link #MAX_RELEVANT}; tests only when {@code tests}. Reads files; changes nothing.
     */
    static List<String> pointedAt(String goal, List<String> files, java.nio.file.Path root, boolean tests) {
        List<String> keywords = keywords(goal);
        if (keywords.isEmpty()) {
            return List.of();
        }
        List<Scored> scored = new ArrayList<>();
        int read = 0;
        for (String file : files) {
            boolean text = Languages.isSource(file) || Languages.isDocumentation(file);
            if (!text || isTest(file) != tests) {
                continue;
            }
            String path = file.toLowerCase(Locale.ROOT);
            int score = 0;
            for (String keyword : keywords) {
                score += path.contains(keyword) ? 2 : 0;
            }
            if (read < MAX_FILES_READ) {
                read++;
                String content = head(root.resolve(file)).toLowerCase(Locale.ROOT);
                for (String keyword : keywords) {
                    score += content.contains(keyword) ? 1 : 0;
                }
            }
            if (score > 0) {
                scored.add(new Scored(file, score));
            }
        }
        // with more candidates than places, a file must match more than one word once in its text
        if (scored.size() > MAX_RELEVANT) {
            scored.removeIf(file -> file.score() < 2);
        }
        scored.sort(Comparator.comparingInt(Scored::score).reversed().thenComparing(Scored::file));
        List<String> relevant = new ArrayList<>();
        for (Scored file : scored.subList(0, Math.min(MAX_RELEVANT, scored.size()))) {
            relevant.add(file.file());
        }
        return relevant;
    }

    /** Source files, not tests, the goal points at. */
    static List<String> pointedAt(String goal, List<String> files, java.nio.file.Path root) {
        return pointedAt(goal, files, root, false);
    }

    private static String head(java.nio.file.Path file) {
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return new String(in.readNBytes((int) MAX_BYTES_READ), java.nio.charset.StandardCharsets.ISO_8859_1);
        } catch (java.io.IOException | RuntimeException e) {
            return "";
        }
    }

    static boolean isTest(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        String name = RepositoryFiles.nameOf(lower);
        return lower.startsWith("test/") || lower.startsWith("tests/") || lower.contains("/test/") || lower.contains("/tests/")
                || lower.contains("__tests__/") || name.startsWith("test_") || name.contains("_test.") || name.contains(".test.")
                || name.contains(".spec.") || name.matches(".*tests?\\.(java|kt|cs|scala)");
    }

    private static final java.util.regex.Pattern FILE_NAME = compile("[\\w./-]*\\w\\.[a-z0-9]{1,10}\\b", CASE_INSENSITIVE);

    /**
     * The files the goal names by their path or file name ("utils.py", "src/app/utils.py"), in the
     * goal's order; a file name that several files have names all of them.
     */
    static List<String> namedFiles(String goal, List<String> files) {
        List<String> named = new ArrayList<>();
        java.util.regex.Matcher matcher = FILE_NAME.matcher(goal);
        while (matcher.find()) {
            String name = matcher.group().replaceFirst("^\\./", "");
            for (String file : files) {
                if ((file.equals(name) || file.endsWith("/" + name)) && !named.contains(file)) {
                    named.add(file);
                }
            }
        }
        return named;
    }

    /** The items a goal lists after "including", "for" or "in": {@code signup, login and logout}. */
    static List<String> listedItems(String goal) {
        for (java.util.regex.Pattern list : LISTS) {
            Matcher matcher = list.matcher(goal);
            while (matcher.find()) {
                List<String> items = new ArrayList<>();
                for (String item : matcher.group(1).split("\\s*,\\s*(?:and\\s+|or\\s+)?|\\s+(?:and|or)\\s+")) {
                    String cleaned = item.strip().replaceAll("[.;:!]+$", "").replaceFirst("(?i)^(?:the|a|an)\\s+", "");
                    if (!cleaned.isEmpty()) {
                        items.add(cleaned);
                    }
                }
                if (items.size() >= 2 && items.size() <= 20) {
                    return items;
                }
            }
        }
        return List.of();
    }

    /** A count the goal names with its noun: {@code 50 programming languages}. */
    record Count(int count, String noun) {}

    static Optional<Count> count(String goal) {
        Matcher matcher = COUNT.matcher(goal);
        if (matcher.find()) {
            return Optional.of(new Count(Integer.parseInt(matcher.group(1)), matcher.group(2).toLowerCase(Locale.ROOT)));
        }
        return Optional.empty();
    }

    static OptionalInt number(String goal) {
        return count(goal).map(count -> OptionalInt.of(count.count())).orElse(OptionalInt.empty());
    }

    /** The kind of file a goal wants changed everywhere ("all components"), singular; empty when none. */
    static Optional<String> everyKind(String goal) {
        Matcher matcher = EVERY.matcher(goal);
        if (!matcher.find()) {
            return Optional.empty();
        }
        String noun = matcher.group(1).toLowerCase(Locale.ROOT);
        return Optional.of(noun.endsWith("s") ? noun.substring(0, noun.length() - 1) : noun);
    }

    /** The source files (not tests) whose path marks them as of {@code kind}. */
    static List<String> filesOfKind(String kind, List<String> files) {
        List<String> fragments = KIND_PATHS.getOrDefault(kind, List.of(kind));
        List<String> matching = new ArrayList<>();
        for (String file : files) {
            String lower = file.toLowerCase(Locale.ROOT);
            if (!Languages.isSource(file) || isTest(file)) {
                continue;
            }
            for (String fragment : fragments) {
                if (lower.contains(fragment)) {
                    matching.add(file);
                    break;
                }
            }
        }
        return matching;
    }
}
