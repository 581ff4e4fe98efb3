package dev.wave.planner;

import static java.util.regex.Pattern.CASE_INSENSITIVE;
import static java.util.regex.Pattern.compile;

import dev.wave.WaveException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;

/**
 * What a goal's negations leave out of its scope: "... but not in tests", "except in vendor/",
 * "excluding docs/ and examples/", "except README.md", "not in *.min.js files", "leave tests/
 * alone". A word for tests ({@code tests}, {@code test files}) leaves out every test file
 * ({@link GoalFacts#isTest}); an existing directory leaves out what is under it; a file name or
 * glob ({@code README.md}, {@code *.min.js}) the files it matches. Immutable.
 *
 * @param directories directories left out, repository-relative
 * @param names file names or globs left out ({@code README.md}, {@code *.min.js})
 * @param tests whether test files are left out
 * @param remainder the goal without its negations, for the words that select the scope
 */
record Exclusions(List<String> directories, List<String> names, boolean tests, String remainder) {
    private static final String ITEM = "`?(?:\\./)?[\\w.*-]+(?:/[\\w.*-]+)*/?`?";
    private static final String TEST_WORDS = "(?:(?:the|any|all)\\s+)?(?:unit\\s+|integration\\s+)?(?:tests?(?:\\s+(?:files?|code|"
            + "director(?:y|ies)|folders?|suites?))?|specs?)";
    private static final String ENTRY = "(?:" + TEST_WORDS + "(?![\\w/.])|(?:the\\s+)?" + ITEM + ")";
    /** "but not in tests", "except vendor/ and docs/", "excluding *.min.js files", "leave tests/ alone". */
    private static final java.util.regex.Pattern NEGATION = compile(
            "(?:,\\s*)?\\b(?:(?:but|and)\\s+)?(?:not|never|except(?:\\s+for)?|excluding|exclude|apart\\s+from|other\\s+than|outside(?:\\s+of)?"
                    + "|skip(?:ping)?|(?:do\\s*n[o']?t|never|without)\\s+(?:touch(?:ing)?|chang(?:e|ing)|edit(?:ing)?|modify(?:ing)?)"
                    + "|leav(?:e|ing)(?:\\s+out)?)\\s+(?:(?:the\\s+)?(?:(?:files?|ones|those)\\s+)?(?:(?:that|which)\\s+(?:are|live)\\s+)?"
                    + "(?:in|under|inside|within|from)\\s+)?("
                    + ENTRY + "(?:\\s*(?:,|\\band\\b|\\bor\\b|,\\s*and\\b|,\\s*or\\b)\\s*" + ENTRY + ")*)"
                    + "(?:\\s+(?:files?|director(?:y|ies)|folders?|dirs?))?(?:\\s+alone)?",
            CASE_INSENSITIVE);
    private static final java.util.regex.Pattern SPLIT = compile("\\s*(?:,\\s*and\\b|,\\s*or\\b|,|\\band\\b|\\bor\\b)\\s*",
            CASE_INSENSITIVE);
    private static final java.util.regex.Pattern TESTS = compile(TEST_WORDS, CASE_INSENSITIVE);

    Exclusions {
        directories = List.copyOf(directories);
        names = List.copyOf(names);
    }

    static Exclusions none(String goal) {
        return new Exclusions(List.of(), List.of(), false, goal);
    }

    /**
     * The negations of {@code goal} in the repository at {@code root}. A directory written with a
     * slash that is not there is refused, as the scope would then keep what the goal leaves out.
     */
    static Exclusions of(String goal, Path root) {
        List<String> directories = new ArrayList<>();
        List<String> names = new ArrayList<>();
        boolean tests = false;
        StringBuilder remainder = new StringBuilder();
        Matcher matcher = NEGATION.matcher(goal);
        int last = 0;
        while (matcher.find()) {
            boolean any = false;
            for (String entry : SPLIT.split(matcher.group(1))) {
                String item = entry.strip().replaceAll("^(?i)the\\s+", "").replaceAll("^`|`$", "").replaceAll("^\\./", "");
                String path = item.replaceAll("/+$", "");
                if (TESTS.matcher(item).matches()) {
                    tests = true;
                    any = true;
                } else if (!path.isEmpty() && !path.contains("..") && !path.contains("*")
                        && Files.isDirectory(root.resolve(path), LinkOption.NOFOLLOW_LINKS)) {
                    directories.add(path);
                    any = true;
                } else if (item.endsWith("/")) {
                    throw WaveException.invalidInput("the goal leaves out %s, which is not a directory in %s, so it would "
                            + "leave out nothing. Fix the path, or leave the exclusion out.", item, root);
                } else if (path.contains("*") || path.matches(".*\\w\\.[A-Za-z0-9]{1,10}")) {
                    names.add(path);
                    any = true;
                }
            }
            if (any) {
                remainder.append(goal, last, matcher.start()).append(' ');
                last = matcher.end();
            }
        }
        remainder.append(goal.substring(last));
        return new Exclusions(directories, names, tests, remainder.toString().strip());
    }

    boolean isEmpty() {
        return directories.isEmpty() && names.isEmpty() && !tests;
    }

    /** Whether the goal leaves {@code path} (repository-relative) out. */
    boolean excludes(String path) {
        if (tests && GoalFacts.isTest(path)) {
            return true;
        }
        for (String directory : directories) {
            if (path.startsWith(directory + "/") || path.equals(directory)) {
                return true;
            }
        }
        String name = RepositoryFiles.nameOf(path);
        for (String glob : names) {
            String target = glob.contains("/") ? path : name;
            if (matchesGlob(glob.toLowerCase(Locale.ROOT), target.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    /** The exclusions as globs for a built-in action's {@code exclude:}. */
    List<String> globs() {
        List<String> globs = new ArrayList<>();
        for (String directory : directories) {
            globs.add(directory + "/**");
        }
        for (String name : names) {
            globs.add(name.contains("/") ? name : "**/" + name);
        }
        if (tests) {
            globs.addAll(List.of("**/test/**", "**/tests/**", "**/__tests__/**", "**/test_*", "**/*_test.*", "**/*.test.*",
                    "**/*.spec.*", "**/*Test.java", "**/*Tests.java", "**/*Test.kt", "**/*Tests.kt"));
        }
        return globs;
    }

    /** "tests, vendor/, README.md", for the analysis. */
    String describe() {
        List<String> parts = new ArrayList<>();
        if (tests) {
            parts.add("test files");
        }
        directories.forEach(directory -> parts.add(directory + "/"));
        parts.addAll(names);
        return String.join(", ", parts);
    }

    private static boolean matchesGlob(String glob, String text) {
        return text.matches(java.util.regex.Pattern.quote(glob).replace("*", "\\E[^/]*\\Q"));
    }
}
