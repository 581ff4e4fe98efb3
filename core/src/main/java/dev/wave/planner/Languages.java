package dev.wave.planner;

import static java.util.regex.Pattern.CASE_INSENSITIVE;
import static java.util.regex.Pattern.compile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;

/** File extensions by language, and the languages or extensions a goal names ("all Python files", "*.ts"). */
final class Languages {
    private static final Map<java.util.regex.Pattern, List<String>> NAMED = new LinkedHashMap<>();
    private static final Set<String> SOURCE = new LinkedHashSet<>();
    private static final java.util.regex.Pattern GLOB = compile("\\*\\.([a-z0-9]{1,10})\\b|(?<![\\w.])\\.([a-z0-9]{1,10}) files\\b",
            CASE_INSENSITIVE);

    static {
        language("\\bpython\\b", "py", "pyi");
        language("\\bjava\\b(?!script)", "java");
        language("\\bkotlin\\b", "kt", "kts");
        language("\\bjavascript\\b|\\bjs\\b", "js", "jsx", "mjs", "cjs");
        language("\\btypescript\\b|\\bts\\b", "ts", "tsx");
        language("\\bgo(?:lang)? (?:files|sources|code)\\b|\\bgolang\\b", "go");
        language("\\brust\\b", "rs");
        language("\\bruby\\b", "rb");
        language("\\bphp\\b", "php");
        language("\\bc#|\\bcsharp\\b", "cs");
        language("\\bc\\+\\+|\\bcpp\\b", "cpp", "cc", "cxx", "hpp", "hh", "h");
        language("\\bc (?:files|sources|code)\\b", "c", "h");
        language("\\bswift\\b", "swift");
        language("\\bscala\\b", "scala");
        language("\\bmarkdown\\b", "md", "markdown", "mdx");
        language("\\brestructuredtext\\b|\\brst files\\b", "rst");
        language("\\bdocumentation files\\b|\\bdoc(?:s|umentation)? (?:pages|files)\\b", "md", "rst", "txt", "adoc");
        language("\\byaml\\b", "yml", "yaml");
        language("\\bjson\\b", "json");
        language("\\bhtml\\b", "html", "htm");
        language("\\bcss\\b|\\bstylesheets?\\b", "css", "scss", "sass", "less");
        language("\\bshell\\b|\\bbash\\b", "sh", "bash");
        language("\\bsql\\b", "sql");
        SOURCE.removeAll(List.of("md", "markdown", "mdx", "rst", "txt", "adoc", "yml", "yaml", "json", "html", "htm", "css", "scss",
                "sass", "less", "sql"));
        SOURCE.addAll(List.of("vue", "svelte", "dart", "lua", "pl", "r", "m", "ex", "exs", "erl", "clj", "fs", "vb"));
    }

    private Languages() {}

    private static void language(String regex, String... extensions) {
        NAMED.put(compile(regex, CASE_INSENSITIVE), List.of(extensions));
        SOURCE.addAll(List.of(extensions));
    }

    /** The extensions a goal names, by language or glob, in the order named; empty when it names none. */
    static List<String> extensionsNamedIn(String goal) {
        Set<String> extensions = new LinkedHashSet<>();
        Matcher glob = GLOB.matcher(goal);
        while (glob.find()) {
            extensions.add((glob.group(1) != null ? glob.group(1) : glob.group(2)).toLowerCase(Locale.ROOT));
        }
        for (Map.Entry<java.util.regex.Pattern, List<String>> language : NAMED.entrySet()) {
            if (language.getKey().matcher(goal).find()) {
                extensions.addAll(language.getValue());
            }
        }
        return new ArrayList<>(extensions);
    }

    static boolean isSource(String path) {
        return SOURCE.contains(extension(path));
    }

    /**
     * The extensions wave knows as kinds of file (sources, documentation, data and configuration),
     * so {@code README.md} reads as a file's name and {@code requests.compat} or {@code os.path} do not.
     */
    static Set<String> knownExtensions() {
        Set<String> known = new LinkedHashSet<>(SOURCE);
        NAMED.values().forEach(known::addAll);
        known.addAll(List.of("toml", "cfg", "ini", "xml", "properties", "typed", "csv", "tsv", "gradle"));
        return known;
    }

    /** Documentation files: Markdown, reStructuredText, AsciiDoc and plain text. */
    static boolean isDocumentation(String path) {
        return List.of("md", "markdown", "mdx", "rst", "txt", "adoc").contains(extension(path));
    }

    static boolean hasExtension(String path, List<String> extensions) {
        return extensions.contains(extension(path));
    }

    /** A glob for files with these extensions: {@code **}{@code /*.py}, {@code **}{@code /*.{ts,tsx}}, or every file. */
    static String glob(List<String> extensions) {
        if (extensions.isEmpty()) {
            return "**/*";
        }
        return extensions.size() == 1 ? "**/*." + extensions.get(0) : "**/*.{" + String.join(",", extensions) + "}";
    }

    static String extension(String path) {
        String name = RepositoryFiles.nameOf(path);
        int dot = name.lastIndexOf('.');
        return dot <= 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
