package dev.wave.plan;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A built-in file action: a mechanical operation on the repository that wave runs in-process,
 * without a shell or a model. Plan files write one as an {@code action:} mapping whose {@code name}
 * picks the record; {@link #toPlanMap()} gives that mapping back, so a generated plan can be written
 * to a file and loaded again unchanged.
 *
 * <p>Every record validates itself: paths and globs are relative and stay inside the repository,
 * regular expressions compile, replacements refer only to groups that exist. A record that
 * exists is therefore runnable; whether its paths exist is only known when it runs.
 */
public sealed interface FileAction
        permits FileAction.Find, FileAction.Delete, FileAction.Replace, FileAction.Rename, FileAction.Move,
                FileAction.RemoveEmptyDirs, FileAction.RenameModule {

    /** The action's name in plan files: find, delete, replace, rename, move, remove-empty-dirs or rename-module. */
    String name();

    /** A short human description, for progress lines and reports. */
    String describe();

    /** The plan-file mapping of this action, {@code name} first; omits parameters at their defaults. */
    Map<String, Object> toPlanMap();

    /**
     * Lists the selected entries (in the task log; the summary counts them). Changes nothing.
     *
     * @param contains when present, only files whose text matches it
     */
    record Find(Scope scope, EntryType type, Optional<TextPattern> contains) implements FileAction {
        public Find {
            requireNonNull(scope, "scope is null");
            requireNonNull(type, "type is null");
            requireNonNull(contains, "contains is null");
        }

        @Override
        public String name() {
            return "find";
        }

        @Override
        public String describe() {
            return "find " + type.describe() + " " + scope.describe()
                    + contains.map(text -> " containing " + text.describe()).orElse("");
        }

        @Override
        public Map<String, Object> toPlanMap() {
            Map<String, Object> map = start(name(), scope);
            putType(map, type, EntryType.ANY);
            contains.ifPresent(text -> {
                map.put("contains", text.text());
                putRegex(map, text);
            });
            return map;
        }
    }

    /** Deletes the selected files, links and directories (directories with everything in them). */
    record Delete(Scope scope, EntryType type) implements FileAction {
        public Delete {
            requireNonNull(scope, "scope is null");
            requireNonNull(type, "type is null");
            if (scope.isWholeRepository()) {
                throw new IllegalArgumentException("delete needs a glob or paths");
            }
            if (scope.paths().contains(".")) {
                throw new IllegalArgumentException("delete cannot delete the repository itself");
            }
        }

        @Override
        public String name() {
            return "delete";
        }

        @Override
        public String describe() {
            return "delete " + type.describe() + " " + scope.describe();
        }

        @Override
        public Map<String, Object> toPlanMap() {
            Map<String, Object> map = start(name(), scope);
            putType(map, type, EntryType.ANY);
            return map;
        }
    }

    /** Replaces text in the selected files: every occurrence of {@code find} becomes {@code with}. */
    record Replace(Scope scope, TextPattern find, String with) implements FileAction {
        public Replace {
            requireNonNull(scope, "scope is null");
            requireNonNull(find, "find is null");
            requireNonNull(with, "with is null");
            if (find.regex()) {
                ActionChecks.replacementProblem(find.text(), with).ifPresent(problem -> {
                    throw new IllegalArgumentException("with " + problem);
                });
            }
        }

        @Override
        public String name() {
            return "replace";
        }

        @Override
        public String describe() {
            return "replace " + find.describe() + " with \"" + with + "\" in " + scope.describe();
        }

        @Override
        public Map<String, Object> toPlanMap() {
            Map<String, Object> map = start(name(), scope);
            map.put("find", find.text());
            map.put("with", with);
            putRegex(map, find);
            return map;
        }
    }

    /**
     * Renames the selected entries in place: in each name (the last path element) every match of
     * the regular expression {@code pattern} is replaced by {@code to}, which may use {@code $1}.
     */
    record Rename(Scope scope, String pattern, String to, EntryType type) implements FileAction {
        public Rename {
            requireNonNull(scope, "scope is null");
            requireNonNull(pattern, "pattern is null");
            requireNonNull(to, "to is null");
            requireNonNull(type, "type is null");
            ActionChecks.regexProblem(pattern).ifPresent(problem -> {
                throw new IllegalArgumentException("pattern " + problem);
            });
            ActionChecks.replacementProblem(pattern, to).ifPresent(problem -> {
                throw new IllegalArgumentException("to " + problem);
            });
        }

        @Override
        public String name() {
            return "rename";
        }

        @Override
        public String describe() {
            return "rename " + type.describe() + " /" + pattern + "/ -> \"" + to + "\" in " + scope.describe();
        }

        @Override
        public Map<String, Object> toPlanMap() {
            Map<String, Object> map = start(name(), scope);
            map.put("pattern", pattern);
            map.put("to", to);
            putType(map, type, EntryType.FILE);
            return map;
        }
    }

    /**
     * Rewrites the references to a module in the selected source files, in every form the file's
     * language names it (see {@link dev.wave.imports.ModuleRename}): {@code from} and {@code to} are
     * dotted names for Python and Java, paths for JavaScript and TypeScript. Moves no file.
     *
     * @param sourceRoot the directory Python's top-level packages are in ({@code .} for the top)
     * @param comments whether mentions in comments change too (else they are counted in the log)
     */
    record RenameModule(Scope scope, String from, String to, String sourceRoot, boolean comments) implements FileAction {
        public RenameModule {
            requireNonNull(scope, "scope is null");
            requireNonNull(from, "from is null");
            requireNonNull(to, "to is null");
            requireNonNull(sourceRoot, "sourceRoot is null");
            dev.wave.imports.ModuleRename.problem(from, to).ifPresent(problem -> {
                throw new IllegalArgumentException(problem);
            });
            sourceRoot = ActionChecks.normalize(sourceRoot);
            ActionChecks.pathProblem(sourceRoot).ifPresent(problem -> {
                throw new IllegalArgumentException("source_root " + problem);
            });
        }

        /** The language-aware rename this action applies to each file. */
        public dev.wave.imports.ModuleRename rename() {
            return new dev.wave.imports.ModuleRename(from, to, sourceRoot, comments);
        }

        @Override
        public String name() {
            return "rename-module";
        }

        @Override
        public String describe() {
            return "rename module " + from + " -> " + to + " in " + scope.describe();
        }

        @Override
        public Map<String, Object> toPlanMap() {
            Map<String, Object> map = start(name(), scope);
            map.put("from", from);
            map.put("to", to);
            if (!sourceRoot.equals(".")) {
                map.put("source_root", sourceRoot);
            }
            if (comments) {
                map.put("comments", true);
            }
            return map;
        }
    }

    /** Moves the selected entries into the directory {@code to}, like {@code mv entry... to/}. */
    record Move(Scope scope, String to) implements FileAction {
        public Move {
            requireNonNull(scope, "scope is null");
            requireNonNull(to, "to is null");
            if (scope.isWholeRepository()) {
                throw new IllegalArgumentException("move needs a glob or paths");
            }
            if (scope.paths().contains(".")) {
                throw new IllegalArgumentException("move cannot move the repository itself");
            }
            to = ActionChecks.normalize(to);
            ActionChecks.pathProblem(to).ifPresent(problem -> {
                throw new IllegalArgumentException("to " + problem);
            });
        }

        @Override
        public String name() {
            return "move";
        }

        @Override
        public String describe() {
            return "move " + scope.describe() + " to " + to + "/";
        }

        @Override
        public Map<String, Object> toPlanMap() {
            Map<String, Object> map = start(name(), scope);
            map.put("to", to);
            return map;
        }
    }

    /**
     * Removes empty directories under each of {@code under} (bottom-up, so a directory holding only
     * empty directories goes too), never the {@code under} directories themselves.
     */
    record RemoveEmptyDirs(List<String> under, List<String> exclude) implements FileAction {
        public RemoveEmptyDirs {
            under = ActionChecks.paths(under);
            if (under.isEmpty()) {
                throw new IllegalArgumentException("under is empty");
            }
            exclude = ActionChecks.globs(exclude);
        }

        /** Every empty directory of the repository. */
        public static RemoveEmptyDirs wholeRepository() {
            return new RemoveEmptyDirs(List.of("."), List.of());
        }

        @Override
        public String name() {
            return "remove-empty-dirs";
        }

        @Override
        public String describe() {
            return "remove-empty-dirs under " + (under.equals(List.of(".")) ? "the repository" : String.join(", ", under))
                    + (exclude.isEmpty() ? "" : " excluding " + String.join(", ", exclude));
        }

        @Override
        public Map<String, Object> toPlanMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("name", name());
            if (!under.equals(List.of("."))) {
                map.put("under", under.size() == 1 ? under.get(0) : under);
            }
            if (!exclude.isEmpty()) {
                map.put("exclude", exclude);
            }
            return map;
        }
    }

    /**
     * Which entries an action works on. {@code paths} names entries; {@code globs} select entries by
     * their repository-relative path (with {@code paths}, among the entries under those paths);
     * with neither, the whole repository. {@code exclude} globs drop entries, and everything under
     * an excluded directory. {@code .git} and {@code .wave} are never part of a scope.
     *
     * @param globs java.nio glob patterns on repository-relative paths, {@code /}-separated;
     *     {@code **}{@code /} may also match nothing, so {@code **}{@code /*.py} matches {@code a.py}
     * @param paths repository-relative files or directories, normalized; {@code .} is the repository
     * @param exclude glob patterns like {@code globs}
     */
    record Scope(List<String> globs, List<String> paths, List<String> exclude) {
        public Scope {
            globs = ActionChecks.globs(globs);
            paths = ActionChecks.paths(paths);
            exclude = ActionChecks.globs(exclude);
        }

        /** The whole repository. */
        public static Scope wholeRepository() {
            return new Scope(List.of(), List.of(), List.of());
        }

        public static Scope ofGlobs(String... globs) {
            return new Scope(List.of(globs), List.of(), List.of());
        }

        public static Scope ofPaths(String... paths) {
            return new Scope(List.of(), List.of(paths), List.of());
        }

        public Scope withExclude(List<String> exclude) {
            return new Scope(globs, paths, exclude);
        }

        /** Whether neither globs nor paths narrow it. */
        public boolean isWholeRepository() {
            return globs.isEmpty() && paths.isEmpty();
        }

        String describe() {
            List<String> parts = new ArrayList<>();
            parts.addAll(globs);
            parts.addAll(paths);
            String text = parts.isEmpty() ? "the repository" : String.join(", ", parts);
            return exclude.isEmpty() ? text : text + " excluding " + String.join(", ", exclude);
        }

        void putInto(Map<String, Object> map) {
            if (!globs.isEmpty()) {
                map.put("glob", globs.size() == 1 ? globs.get(0) : globs);
            }
            if (!paths.isEmpty()) {
                map.put("paths", paths);
            }
            if (!exclude.isEmpty()) {
                map.put("exclude", exclude);
            }
        }
    }

    /**
     * Text to look for: literal text, or a Java regular expression in which {@code ^} and {@code $}
     * match at line boundaries.
     */
    record TextPattern(String text, boolean regex) {
        public TextPattern {
            requireNonNull(text, "text is null");
            if (text.isEmpty()) {
                throw new IllegalArgumentException("text is empty");
            }
            if (regex) {
                ActionChecks.regexProblem(text).ifPresent(problem -> {
                    throw new IllegalArgumentException("regex " + problem);
                });
            }
        }

        public static TextPattern literal(String text) {
            return new TextPattern(text, false);
        }

        public static TextPattern regex(String text) {
            return new TextPattern(text, true);
        }

        String describe() {
            return regex ? "/" + text + "/" : "\"" + text + "\"";
        }
    }

    /** Which kinds of entry an action selects. A symbolic link counts as a file: it is never followed. */
    enum EntryType {
        FILE,
        DIR,
        ANY;

        /** The plan-file spelling: file, dir or any. */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        String describe() {
            return switch (this) {
                case FILE -> "files";
                case DIR -> "directories";
                case ANY -> "entries";
            };
        }
    }

    private static Map<String, Object> start(String name, Scope scope) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", name);
        scope.putInto(map);
        return map;
    }

    private static void putType(Map<String, Object> map, EntryType type, EntryType defaultType) {
        if (type != defaultType) {
            map.put("type", type.key());
        }
    }

    private static void putRegex(Map<String, Object> map, TextPattern text) {
        if (text.regex()) {
            map.put("regex", true);
        }
    }
}
