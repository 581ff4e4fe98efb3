package dev.wave.planner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which Python files may hold an unused import, so that the agents removing them get only files
 * with work to do (an agent that rightly changes nothing fails its task: no diff). A file is a
 * candidate when a name one of its top-level imports binds ({@code import a.b} binds {@code a},
 * {@code import a as x} and {@code from a import b as x} bind {@code x}) appears nowhere else in it.
 * A textual check: a name that only appears in a comment or string counts as used, so it errs
 * towards leaving a file out, never towards an agent with nothing to do. {@code __init__.py} files are
 * left out (their imports are usually re-exports), as are files with a star import or that cannot be
 * read. Files of other languages are always candidates: there is no scan for them.
 */
final class UnusedImportScan {
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(.+?)\\s*(?:#.*)?$");
    private static final Pattern FROM = Pattern.compile("^from\\s+\\S+\\s+import\\s+(.+?)\\s*(?:#.*)?$");
    private static final long MAX_BYTES = 1 << 20;

    private UnusedImportScan() {}

    /** The files of {@code files} (repository-relative) that are worth an agent's look for unused imports. */
    static List<String> candidates(Path repository, List<String> files) {
        List<String> candidates = new ArrayList<>();
        for (String file : files) {
            if (!file.endsWith(".py") || mayHoldUnused(repository.resolve(file), file)) {
                candidates.add(file);
            }
        }
        return candidates;
    }

    private static boolean mayHoldUnused(Path path, String file) {
        if (file.equals("__init__.py") || file.endsWith("/__init__.py")) {
            return false;
        }
        String text;
        try {
            if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) || Files.size(path) > MAX_BYTES) {
                return true; // not scanned: the agent decides
            }
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return true;
        }
        List<String> bound = new ArrayList<>();
        StringBuilder rest = new StringBuilder();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            Matcher plain = IMPORT.matcher(line);
            Matcher from = FROM.matcher(line);
            if (plain.matches()) {
                for (String part : plain.group(1).split(",")) {
                    String[] words = part.strip().split("\\s+as\\s+");
                    bound.add(words.length > 1 ? words[1].strip() : words[0].strip().split("\\.")[0]);
                }
            } else if (from.matches()) {
                String names = from.group(1);
                while (names.startsWith("(") && !names.contains(")") && i + 1 < lines.length) {
                    names = names + " " + lines[++i].replaceFirst("#.*", "").strip();
                }
                names = names.replace("(", "").replace(")", "");
                for (String part : names.split(",")) {
                    String[] words = part.strip().split("\\s+as\\s+");
                    String name = (words.length > 1 ? words[1] : words[0]).strip();
                    if (name.equals("*")) {
                        return false;
                    }
                    if (!name.isEmpty()) {
                        bound.add(name);
                    }
                }
            } else {
                rest.append(line).append('\n');
            }
        }
        String body = rest.toString();
        for (String name : bound) {
            if (!Pattern.compile("\\b" + Pattern.quote(name) + "\\b").matcher(body).find()) {
                return true;
            }
        }
        return false;
    }
}
