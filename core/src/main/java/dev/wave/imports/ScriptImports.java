package dev.wave.imports;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renames a JavaScript or TypeScript module in one file: every relative module specifier
 * ({@code import ... from './x'}, {@code export ... from}, {@code import('./x')},
 * {@code require('./x')}, {@code jest.mock('./x')}) that resolves to the old path is rewritten
 * relative to the file, keeping whether it named an extension. In the moved module itself,
 * specifiers are read from where it was before the move.
 */
final class ScriptImports {
    static final List<String> EXTENSIONS = List.of(".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs", ".mts", ".cts");
    private static final Pattern SPECIFIER = Pattern.compile(
            "(?:\\bfrom\\s*|\\bimport\\s*\\(\\s*|\\bimport\\s+|\\brequire\\s*\\(\\s*|\\b(?:jest|vi)\\.(?:mock|requireActual|doMock)\\s*\\(\\s*)(['\"])(\\.{1,2}/[^'\"\\n]*)\\1");

    private ScriptImports() {}

    static ModuleRename.Edit rewrite(String path, String text, String from, String to) {
        SourceText source = SourceText.cLike(text);
        Edits edits = new Edits();
        String oldStem = stem(from);
        String newStem = stem(to);
        String directory = directoryOf(path);
        String fileStem = stripExtension(path);
        String readFrom = directory;
        if (fileStem.equals(newStem) || fileStem.startsWith(newStem + "/")) {
            readFrom = directoryOf(oldStem + fileStem.substring(newStem.length()) + ".x");
        }
        int references = 0;
        Matcher specifier = SPECIFIER.matcher(text);
        while (specifier.find()) {
            if (source.kindAt(specifier.start()) != SourceText.Kind.CODE) {
                continue;
            }
            String spec = specifier.group(2);
            String extension = extensionOf(spec);
            String target = normalise(readFrom + "/" + spec);
            String targetStem = stripExtension(target);
            String newTarget;
            if (targetStem.equals(oldStem)) {
                newTarget = newStem;
            } else if (targetStem.startsWith(oldStem + "/")) {
                newTarget = newStem + targetStem.substring(oldStem.length());
            } else if (!readFrom.equals(directory)) {
                newTarget = targetStem; // the moved file's own import of something else
            } else {
                continue;
            }
            String rewritten = relative(directory, newTarget) + extension;
            if (!rewritten.equals(spec) && edits.replace(specifier.start(2), specifier.end(2), rewritten)) {
                references++;
            }
        }
        return new ModuleRename.Edit(edits.apply(text), references, 0);
    }

    static String stem(String path) {
        String stem = stripExtension(path);
        return stem.endsWith("/index") ? stem.substring(0, stem.length() - "/index".length()) : stem;
    }

    private static String stripExtension(String path) {
        String extension = extensionOf(path);
        String stem = path.substring(0, path.length() - extension.length());
        return stem.endsWith("/index") ? stem.substring(0, stem.length() - "/index".length()) : stem;
    }

    private static String extensionOf(String path) {
        for (String extension : EXTENSIONS) {
            if (path.endsWith(extension)) {
                return extension;
            }
        }
        return "";
    }

    private static String directoryOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    /** {@code a/./b/../c} as {@code a/c}; a leading {@code ..} that leaves the repository stays. */
    static String normalise(String path) {
        List<String> parts = new ArrayList<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..") && !parts.isEmpty() && !parts.get(parts.size() - 1).equals("..")) {
                parts.remove(parts.size() - 1);
            } else {
                parts.add(part);
            }
        }
        return String.join("/", parts);
    }

    /** The specifier that leads from {@code directory} to {@code target}: {@code ./x} or {@code ../y/x}. */
    static String relative(String directory, String target) {
        List<String> from = directory.isEmpty() ? List.of() : List.of(directory.split("/"));
        List<String> to = List.of(target.split("/"));
        int common = 0;
        while (common < from.size() && common < to.size() - 1 && from.get(common).equals(to.get(common))) {
            common++;
        }
        StringBuilder spec = new StringBuilder();
        for (int i = common; i < from.size(); i++) {
            spec.append("../");
        }
        if (spec.length() == 0) {
            spec.append("./");
        }
        return spec.append(String.join("/", to.subList(common, to.size()))).toString();
    }
}
