package dev.wave.planner;

import static java.util.regex.Pattern.CASE_INSENSITIVE;
import static java.util.regex.Pattern.compile;

import dev.wave.WaveException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

/**
 * Which files a goal's words select: the languages or extensions it names ("all Python files",
 * "in *.rst", "all Markdown files"), the directories it names ("in docs/", "in src/ and tests/"),
 * and the words that mean every file ("in all files", "everywhere", "in every file"). Immutable.
 *
 * @param extensions the extensions selected; empty for every text file
 * @param directories the directories selected, repository-relative, and files named by their path ("in src/app/utils.py");
 *     empty for the whole repository
 * @param named the files the goal names by name ({@code README}), when it names some
 * @param excluded what the goal's negations leave out ("but not in tests", "except vendor/")
 */
record FileScope(List<String> extensions, List<String> directories, List<String> named, Exclusions excluded) {
    private static final String ONE_DIRECTORY = "`?((?:\\./)?[\\w.-]+(?:/[\\w.-]+)*)/?`?";
    /** "in src/", "under docs", "in src/ and tests/", "in the lib, app and tests directories". */
    private static final java.util.regex.Pattern DIRECTORIES = compile(
            "\\b(?:in|under|within|inside|across)\\s+(?:the\\s+)?(" + ONE_DIRECTORY + "(?:\\s*(?:,|and|or|,\\s*and)\\s+" + ONE_DIRECTORY
                    + ")*)(?:\\s+(?:director(?:y|ies)|folders?|dirs?))?",
            CASE_INSENSITIVE);
    private static final java.util.regex.Pattern SPLIT = compile("\\s*(?:,\\s*and|,|\\band\\b|\\bor\\b)\\s*", CASE_INSENSITIVE);
    private static final java.util.regex.Pattern EVERY_FILE = compile(
            "\\b(?:everywhere|(?:in|across)\\s+(?:all|every|each)\\s+(?:the\\s+)?files?|(?:in|across)\\s+the\\s+(?:whole|entire)\\s+"
                    + "(?:repo(?:sitory)?|project|code ?base|tree)|(?:repo|project|codebase)[- ]wide)\\b",
            CASE_INSENSITIVE);
    private static final java.util.regex.Pattern README = compile(
            "\\b(?:in|of|to)\\s+(?:the\\s+|our\\s+)?(readme|changelog|contributing|changes)(?:\\.\\w+)?\\b", CASE_INSENSITIVE);

    FileScope {
        extensions = List.copyOf(extensions);
        directories = List.copyOf(directories);
        named = List.copyOf(named);
    }

    /** The scope the goal's words select in the repository at {@code root}. */
    static FileScope of(String text, Path root) {
        Exclusions excluded = Exclusions.of(text, root);
        String goal = excluded.remainder();
        List<String> extensions = new ArrayList<>(Languages.extensionsNamedIn(goal));
        List<String> directories = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        Matcher matcher = DIRECTORIES.matcher(goal);
        while (matcher.find()) {
            for (String candidate : SPLIT.split(matcher.group(1))) {
                String directory = candidate.strip().replaceAll("^`|`$", "").replaceAll("^\\./", "").replaceAll("/+$", "");
                if (candidate.strip().replaceAll("`$", "").endsWith("/")
                        && !Files.isDirectory(root.resolve(directory), LinkOption.NOFOLLOW_LINKS)) {
                    missing.add(directory + "/");
                }
                if (!directory.isEmpty() && !directory.equals(".") && !directory.contains("..")
                        && Files.isDirectory(root.resolve(directory), LinkOption.NOFOLLOW_LINKS) && !directories.contains(directory)
                        && !RepositoryFiles.SKIPPED_DIRECTORIES.contains(directory)) {
                    directories.add(directory);
                } else if (directory.contains("/") && !directory.contains("..") && !directories.contains(directory)
                        && Files.isRegularFile(root.resolve(directory), LinkOption.NOFOLLOW_LINKS)) {
                    directories.add(directory); // "in src/app/utils.py": that file
                }
            }
        }
        if (directories.isEmpty() && !missing.isEmpty()) {
            throw WaveException.invalidInput("the goal names %s, which %s in %s; the scope would be the whole "
                    + "repository. Fix the path, or leave it out to mean every directory.", String.join(" and ", missing),
                    missing.size() == 1 ? "is not a directory" : "are not directories", root);
        }
        List<String> named = new ArrayList<>();
        Matcher readme = README.matcher(goal);
        while (readme.find()) {
            named.add(readme.group(1).toLowerCase(java.util.Locale.ROOT));
        }
        if (EVERY_FILE.matcher(goal).find() && extensionsAreOnlyIncidental(goal)) {
            extensions.clear();
        }
        return new FileScope(extensions, directories, named, excluded);
    }

    /** "in all files" selects every file unless a language is named for the files themselves ("all Python files"). */
    private static boolean extensionsAreOnlyIncidental(String goal) {
        return !compile("\\b(?:all|every|each)\\s+(?:the\\s+)?\\S+\\s+files?\\b", CASE_INSENSITIVE).matcher(goal)
                .results().anyMatch(result -> !result.group().matches("(?i).*\\b(?:all|every|each)\\s+(?:the\\s+)?files?\\b.*")
                        && !Languages.extensionsNamedIn(result.group()).isEmpty());
    }

    boolean contains(String path) {
        return (extensions.isEmpty() || Languages.hasExtension(path, extensions)) && inDirectories(path) && isNamed(path);
    }

    /** Whether {@code path} is under a directory in scope, and not left out by the goal's negations. */
    boolean inDirectories(String path) {
        if (excluded.excludes(path)) {
            return false;
        }
        if (directories.isEmpty()) {
            return true;
        }
        for (String directory : directories) {
            if (path.startsWith(directory + "/") || path.equals(directory)) {
                return true;
            }
        }
        return false;
    }

    private boolean isNamed(String path) {
        if (named.isEmpty()) {
            return true;
        }
        String name = RepositoryFiles.nameOf(path).toLowerCase(java.util.Locale.ROOT);
        for (String file : named) {
            if (name.equals(file) || name.startsWith(file + ".")) {
                return true;
            }
        }
        return false;
    }

    /** The glob for a built-in action over the whole scope (the first directory when there are several). */
    List<String> globs() {
        String files = Languages.glob(extensions);
        if (directories.isEmpty()) {
            return List.of(files);
        }
        List<String> globs = new ArrayList<>();
        for (String directory : directories) {
            globs.add(isFile(directory) ? directory : directory + "/" + files);
        }
        return globs;
    }

    /** Whether a directory entry names a file ("in src/app/utils.py"): its last segment has an extension and it is no directory. */
    private static boolean isFile(String directory) {
        return RepositoryFiles.nameOf(directory).matches(".+\\.[A-Za-z0-9]{1,10}");
    }

    /** {@code others} and what the goal's negations leave out, as a built-in action's exclude globs. */
    List<String> excludeGlobs(List<String> others) {
        List<String> globs = new ArrayList<>(others);
        globs.addAll(excluded.globs());
        return globs;
    }

    String describe() {
        String what = extensions.isEmpty() ? "all text files" : "*." + String.join(", *.", extensions) + " files";
        if (!named.isEmpty()) {
            what = String.join(", ", named) + " files";
        }
        List<String> shown = new ArrayList<>();
        directories.forEach(directory -> shown.add(isFile(directory) ? directory : directory + "/"));
        String where = directories.isEmpty() ? what : what + " under " + String.join(", ", shown);
        return excluded.isEmpty() ? where : where + " except " + excluded.describe();
    }

    /** The one line the analysis shows: {@code scope: *.py files under src/, tests/ (37 files)}. */
    String line(int files) {
        return "scope: " + describe() + " (" + files + (files == 1 ? " file)" : " files)");
    }
}
