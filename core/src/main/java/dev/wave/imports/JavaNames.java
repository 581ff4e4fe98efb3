package dev.wave.imports;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renames a Java package or class in one file: {@code package} and {@code import} lines and
 * qualified names (whole dotted names, in code and strings). When a class moves to another
 * package, the moved file's own {@code package} line follows it.
 */
final class JavaNames {
    private static final Pattern PACKAGE = Pattern.compile("(?m)^([ \\t]*package[ \\t]+)([\\w.]+)([ \\t]*;)");

    private JavaNames() {}

    static ModuleRename.Edit rewrite(String path, String text, String from, String to, boolean comments) {
        SourceText source = SourceText.cLike(text);
        Edits edits = new Edits();
        int references = 0;
        String oldParent = PythonImports.parent(from);
        String newParent = PythonImports.parent(to);
        String name = path.substring(path.lastIndexOf('/') + 1).replaceFirst("\\.java$", "");
        String directory = path.lastIndexOf('/') < 0 ? "" : path.substring(0, path.lastIndexOf('/'));
        boolean movedClass = !oldParent.equals(newParent) && name.equals(PythonImports.last(to))
                && (directory + "/").endsWith(newParent.replace('.', '/') + "/");
        if (movedClass) {
            Matcher line = PACKAGE.matcher(text);
            if (line.find() && line.group(2).equals(oldParent) && edits.replace(line.start(2), line.end(2), newParent)) {
                references++;
            }
        }
        int[] dotted = DottedNames.rename(source, from, to, comments, edits);
        references += dotted[0];
        if (!oldParent.equals(newParent) && !movedClass && usesFromOldPackage(source, oldParent, PythonImports.last(from), to)) {
            Matcher line = PACKAGE.matcher(text);
            line.find();
            edits.replace(line.end(), line.end(), "\n\nimport " + to + ";");
            references++;
        }
        return new ModuleRename.Edit(edits.apply(text), references, dotted[1]);
    }

    /**
     * Whether a class of the moved class's old package uses it by its simple name, with no import
     * (same-package access), so that it needs an import once the class has moved.
     */
    private static boolean usesFromOldPackage(SourceText source, String oldParent, String simpleName, String to) {
        Matcher line = PACKAGE.matcher(source.text());
        if (oldParent.isEmpty() || !line.find() || !line.group(2).equals(oldParent) || source.text().contains("import " + to + ";")) {
            return false;
        }
        Matcher use = Pattern.compile("(?<![\\w.$])" + Pattern.quote(simpleName) + "(?![\\w$])").matcher(source.text());
        while (use.find()) {
            if (source.kindAt(use.start()) == SourceText.Kind.CODE) {
                return true;
            }
        }
        return false;
    }
}
