package dev.wave.imports;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renames a Python module in one file, in every form that names it: {@code import a.b} and
 * {@code import a.b as x}, {@code from a.b import x}, relative imports ({@code from .b import x},
 * {@code from ..a.b import x}), {@code from a import b} and {@code from . import b} with the uses of
 * {@code b} that follow, and dotted references in code and strings ({@code mock.patch("a.b.f")}).
 * A relative import stays relative when the new module can be reached with as many dots, else it
 * becomes absolute. In the moved module itself, relative imports are read as they were before the move.
 */
final class PythonImports {
    private static final Pattern FROM = Pattern.compile(
            "(?m)^([ \\t]*from[ \\t]+)(\\.*)([A-Za-z_][\\w.]*)?([ \\t]+import[ \\t]+)(\\([^)]*\\)|(?:[^\\n\\\\;#]|\\\\\\n)*)");
    private static final Pattern ITEM = Pattern.compile("([A-Za-z_]\\w*)(?:\\s+as\\s+([A-Za-z_]\\w*))?");

    private final String from;
    private final String to;
    private final String sourceRoot;

    PythonImports(String from, String to, String sourceRoot) {
        this.from = from;
        this.to = to;
        this.sourceRoot = sourceRoot;
    }

    ModuleRename.Edit rewrite(String path, String text, boolean comments) {
        SourceText source = SourceText.python(text);
        Edits edits = new Edits();
        Optional<String> filePackage = packageOf(path);
        Optional<String> oldPackage = filePackage.map(pkg -> packageBeforeMove(path, pkg));
        int references = 0;
        List<String> boundNames = new ArrayList<>();
        Matcher statement = FROM.matcher(text);
        while (statement.find()) {
            if (source.kindAt(statement.start()) != SourceText.Kind.CODE) {
                continue;
            }
            references += statement(statement, filePackage, oldPackage, edits, boundNames);
        }
        for (String bound : boundNames) {
            references += renameUses(source, bound, last(to), edits);
        }
        int[] dotted = DottedNames.rename(source, from, to, comments, edits);
        references += dotted[0] + renameBindingTargets(source, edits);
        return new ModuleRename.Edit(edits.apply(text), references, dotted[1]);
    }

    private int statement(Matcher m, Optional<String> filePackage, Optional<String> oldPackage, Edits edits,
            List<String> boundNames) {
        int dots = m.group(2).length();
        String rest = m.group(3) == null ? "" : m.group(3);
        Optional<String> target = dots == 0 ? Optional.of(rest) : oldPackage.flatMap(pkg -> resolve(pkg, dots, rest));
        if (target.isEmpty()) {
            return 0;
        }
        int specStart = m.start(2);
        int specEnd = m.group(3) == null ? m.end(2) : m.end(3);
        String oldParent = parent(from);
        String newParent = parent(to);
        if (!oldParent.isEmpty() && target.get().equals(oldParent)) {
            int handled = parentImport(m, dots, filePackage, edits, boundNames);
            if (handled > 0) {
                return handled;
            }
        }
        if (dots == 0) {
            return 0; // an absolute name: the dotted rename sees it
        }
        String renamed = renamed(target.get());
        String spec = express(renamed, dots, filePackage.orElse(""));
        if (!spec.equals(m.group(2) + rest) && edits.replace(specStart, specEnd, spec)) {
            return 1;
        }
        return 0;
    }

    /** {@code from a import b} or {@code from . import b}, where {@code a.b} is the module renamed. */
    private int parentImport(Matcher m, int dots, Optional<String> filePackage, Edits edits, List<String> boundNames) {
        String names = m.group(5);
        String oldName = last(from);
        String newName = last(to);
        List<int[]> items = new ArrayList<>(); // {nameStart, nameEnd, itemEnd, aliased}
        Matcher item = ITEM.matcher(names);
        int found = -1;
        while (item.find()) {
            items.add(new int[] {item.start(1), item.end(1), item.end(), item.group(2) == null ? 0 : 1});
            if (item.group(1).equals(oldName)) {
                found = items.size() - 1;
            }
        }
        if (found < 0) {
            return 0;
        }
        int[] hit = items.get(found);
        boolean aliased = hit[3] == 1;
        String oldParent = parent(from);
        String newParent = parent(to);
        int namesStart = m.start(5);
        if (newParent.equals(oldParent)) {
            if (!edits.replace(namesStart + hit[0], namesStart + hit[1], newName)) {
                return 0;
            }
        } else {
            String spec = dots == 0 ? newParent : express(newParent, dots, filePackage.orElse(""));
            String alias = aliased ? names.substring(hit[1], hit[2]) : "";
            if (items.size() == 1) {
                if (!edits.replace(m.start(2), m.end(5), spec + m.group(4) + names.substring(0, hit[0]) + newName
                        + names.substring(hit[1]))) {
                    return 0;
                }
            } else {
                List<String> kept = new ArrayList<>();
                for (int i = 0; i < items.size(); i++) {
                    if (i != found) {
                        kept.add(names.substring(items.get(i)[0], items.get(i)[2]));
                    }
                }
                boolean parenthesised = names.strip().startsWith("(");
                String rebuilt = (parenthesised ? "(" : "") + String.join(", ", kept) + (parenthesised ? ")" : "");
                String indent = m.group(1).substring(0, m.group(1).indexOf("from"));
                if (!edits.replace(m.start(5), m.end(5), rebuilt.strip() + "\n" + indent + "from " + spec + " import "
                        + newName + alias)) {
                    return 0;
                }
            }
        }
        if (!aliased && !oldName.equals(newName)) {
            boundNames.add(oldName);
        }
        return 1;
    }

    /** Renames the module's local name where the code uses it ({@code mod.f()}, {@code patch.object(mod, ...)}). */
    private static int renameUses(SourceText source, String oldName, String newName, Edits edits) {
        int count = 0;
        Matcher use = Pattern.compile("(?<![\\w.])" + Pattern.quote(oldName) + "(?![\\w])").matcher(source.text());
        while (use.find()) {
            if (source.kindAt(use.start()) == SourceText.Kind.CODE && edits.replace(use.start(), use.end(), newName)) {
                count++;
            }
        }
        return count;
    }

    /**
     * Patch targets that name the module through a module that imported it by name
     * ({@code "pkg.winterm.win32"} after {@code from . import win32} in {@code pkg/winterm.py}):
     * that binding is renamed with its uses, so the string follows. Strings only.
     */
    private int renameBindingTargets(SourceText source, Edits edits) {
        String oldName = last(from);
        String newName = last(to);
        String oldParent = parent(from);
        if (oldName.equals(newName) || oldParent.isEmpty()) {
            return 0;
        }
        Matcher target = Pattern.compile("(?<![\\w.])" + Pattern.quote(oldParent) + "\\.(?:[A-Za-z_]\\w*\\.)+?("
                + Pattern.quote(oldName) + ")(?![\\w])").matcher(source.text());
        int count = 0;
        while (target.find()) {
            if (source.kindAt(target.start()) == SourceText.Kind.STRING && edits.replace(target.start(1), target.end(1), newName)) {
                count++;
            }
        }
        return count;
    }

    /** The dotted package a file is in, relative to the source root; empty when it is outside it. */
    Optional<String> packageOf(String path) {
        String relative;
        if (sourceRoot.isEmpty() || sourceRoot.equals(".")) {
            relative = path;
        } else if (path.startsWith(sourceRoot + "/")) {
            relative = path.substring(sourceRoot.length() + 1);
        } else {
            return Optional.empty();
        }
        int slash = relative.lastIndexOf('/');
        return Optional.of(slash < 0 ? "" : relative.substring(0, slash).replace('/', '.'));
    }

    /** The package the file was in before the rename moved it; its own package when it did not move. */
    private String packageBeforeMove(String path, String filePackage) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        boolean init = name.equals("__init__.py") || name.equals("__init__.pyi");
        String stem = name.replaceFirst("\\.pyi?$", "");
        String module = init ? filePackage : filePackage.isEmpty() ? stem : filePackage + "." + stem;
        if (!(module.equals(to) || module.startsWith(to + "."))) {
            return filePackage;
        }
        String oldModule = from + module.substring(to.length());
        return init ? oldModule : parent(oldModule);
    }

    private String renamed(String module) {
        if (to.startsWith(from + ".") && (module.equals(to) || module.startsWith(to + "."))) {
            return module;
        }
        return module.equals(from) || module.startsWith(from + ".") ? to + module.substring(from.length()) : module;
    }

    /** The absolute module a relative import names, from package {@code pkg}; empty when it reaches above the top. */
    static Optional<String> resolve(String pkg, int dots, String rest) {
        List<String> parts = pkg.isEmpty() ? List.of() : Arrays.asList(pkg.split("\\."));
        int up = dots - 1;
        if (parts.isEmpty() || up >= parts.size()) {
            return Optional.empty();
        }
        String base = String.join(".", parts.subList(0, parts.size() - up));
        return Optional.of(rest.isEmpty() ? base : base + "." + rest);
    }

    /** {@code module} as a relative name with {@code dots} dots from package {@code pkg}, or absolute when it cannot be. */
    static String express(String module, int dots, String pkg) {
        List<String> parts = pkg.isEmpty() ? List.of() : Arrays.asList(pkg.split("\\."));
        int up = dots - 1;
        if (parts.isEmpty() || up >= parts.size()) {
            return module;
        }
        String base = String.join(".", parts.subList(0, parts.size() - up));
        if (module.equals(base)) {
            return ".".repeat(dots);
        }
        return module.startsWith(base + ".") ? ".".repeat(dots) + module.substring(base.length() + 1) : module;
    }

    static String parent(String dotted) {
        int dot = dotted.lastIndexOf('.');
        return dot < 0 ? "" : dotted.substring(0, dot);
    }

    static String last(String dotted) {
        return dotted.substring(dotted.lastIndexOf('.') + 1);
    }
}
