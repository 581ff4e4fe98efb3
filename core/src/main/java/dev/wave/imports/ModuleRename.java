package dev.wave.imports;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A module renamed or moved, and how each source file that names it must change. Immutable and
 * thread-safe; pure (reads and writes no file).
 *
 * <p>A dotted rename ({@code pkg.mod} to {@code pkg.newmod}) applies to Python files (every import
 * form, relative ones resolved from the file's package under {@code sourceRoot}) and Java files
 * ({@code package} and {@code import} lines, qualified names). A path rename
 * ({@code src/utils/old} to {@code src/lib/new}, extensions optional) applies to JavaScript and
 * TypeScript relative module specifiers. Mentions in comments are counted, and changed only when
 * {@code comments} is true.
 *
 * @param from the old module: a dotted name, or a repository-relative path for scripts
 * @param to the new module, in the same form
 * @param sourceRoot the directory Python's top-level packages are in, repository-relative ({@code .} for the top)
 * @param comments whether mentions in comments change too
 */
public record ModuleRename(String from, String to, String sourceRoot, boolean comments) {
    private static final Pattern DOTTED = Pattern.compile("[A-Za-z_$][\\w$]*(?:\\.[A-Za-z_$][\\w$]*)*");
    private static final Pattern PATH = Pattern.compile("(?!/)(?!.*(?:^|/)\\.\\.?(?:/|$))[\\w.@+-]+(?:/[\\w.@+-]+)*");

    public ModuleRename {
        requireNonNull(from, "from is null");
        requireNonNull(to, "to is null");
        requireNonNull(sourceRoot, "sourceRoot is null");
        boolean paths = isPath(from);
        if (paths != isPath(to)) {
            throw new IllegalArgumentException("from and to must both be dotted names or both paths: " + from + ", " + to);
        }
        if (!(paths ? PATH : DOTTED).matcher(from).matches() || !(paths ? PATH : DOTTED).matcher(to).matches()) {
            throw new IllegalArgumentException("not a module " + (paths ? "path" : "name") + ": " + from + " or " + to);
        }
        if (from.equals(to)) {
            throw new IllegalArgumentException("from and to are the same: " + from);
        }
        sourceRoot = sourceRoot.isEmpty() ? "." : sourceRoot.replaceAll("/+$", "");
    }

    /** A dotted rename with Python's packages at the top of the repository, comments left alone. */
    public static ModuleRename of(String from, String to) {
        return new ModuleRename(from, to, ".", false);
    }

    /** Whether {@code name} is a path ({@code src/utils/old}) rather than a dotted name. */
    public static boolean isPath(String name) {
        return name.contains("/");
    }

    /** Why {@code from} and {@code to} cannot make a rename, in words; empty when they can. */
    public static java.util.Optional<String> problem(String from, String to) {
        try {
            new ModuleRename(from, to, ".", false);
            return java.util.Optional.empty();
        } catch (IllegalArgumentException e) {
            return java.util.Optional.of(e.getMessage());
        }
    }

    /** The languages a rename reads. */
    public enum Language {
        PYTHON,
        JAVA,
        SCRIPT,
        /** Not a source file this rename edits. */
        OTHER
    }

    public Language language(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        if (isPath(from)) {
            for (String extension : ScriptImports.EXTENSIONS) {
                if (lower.endsWith(extension) && !lower.endsWith(".d.ts")) {
                    return Language.SCRIPT;
                }
            }
            return lower.endsWith(".vue") || lower.endsWith(".svelte") ? Language.SCRIPT : Language.OTHER;
        }
        if (lower.endsWith(".py") || lower.endsWith(".pyi")) {
            return Language.PYTHON;
        }
        return lower.endsWith(".java") ? Language.JAVA : Language.OTHER;
    }

    /**
     * The file's new text.
     *
     * @param path the file's repository-relative path, where it is once the module has moved
     * @param text the file's text
     */
    public Edit rewrite(String path, String text) {
        requireNonNull(path, "path is null");
        requireNonNull(text, "text is null");
        return switch (language(path)) {
            case PYTHON -> new PythonImports(from, to, sourceRoot).rewrite(path, text, comments);
            case JAVA -> JavaNames.rewrite(path, text, from, to, comments);
            case SCRIPT -> ScriptImports.rewrite(path, text, from, to);
            case OTHER -> new Edit(text, 0, 0);
        };
    }

    /**
     * The outcome for one file.
     *
     * @param text the new text (the old one when nothing changed)
     * @param references how many references were rewritten
     * @param commentMentions how many mentions in comments were found (rewritten only when asked)
     */
    public record Edit(String text, int references, int commentMentions) {
        public Edit {
            requireNonNull(text, "text is null");
        }
    }

    /** {@code from -> to} for messages. */
    public String describe() {
        return from + " -> " + to;
    }
}
