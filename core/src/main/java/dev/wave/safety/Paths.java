package dev.wave.safety;

import dev.wave.safety.ShellParser.Word;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Where a shell word names a path, when that is known before the command runs. Stateless. */
final class Paths {
    /** Brace expansions produce at most this many words here; beyond, the word is treated as unknown. */
    private static final int MAX_EXPANSIONS = 64;

    private Paths() {}

    /**
     * The path a word names, relative to {@code cwd}: empty when it holds an expansion, names another
     * user's home ({@code ~bob}), or is relative while the directory is unknown. Globs count from their
     * literal start ({@code /tmp/*} is {@code /tmp}).
     */
    static Optional<Path> resolve(Optional<Path> cwd, Word word) {
        if (word.dynamic()) {
            return Optional.empty();
        }
        String path = word.text();
        if (path.equals("~") || path.startsWith("~/")) {
            path = System.getProperty("user.home") + path.substring(1);
        } else if (path.startsWith("~")) {
            return Optional.empty();
        }
        String literal = path.replaceAll("[*?\\[].*$", "");
        try {
            if (path.startsWith("/")) {
                return Optional.of(Path.of(literal.isEmpty() ? "/" : literal).normalize());
            }
            return cwd.map(directory -> directory.resolve(literal).normalize());
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    /** The words a brace expansion such as {@code build/{a,b}} makes; the word itself when it has none. */
    static List<Word> braces(Word word) {
        List<Word> done = new ArrayList<>();
        List<String> todo = new ArrayList<>(List.of(word.text()));
        while (!todo.isEmpty()) {
            String text = todo.remove(todo.size() - 1);
            int open = text.indexOf('{');
            int close = open < 0 ? -1 : text.indexOf('}', open);
            if (!word.braces() || open < 0 || close < 0) {
                done.add(new Word(text, word.dynamic(), false));
                continue;
            }
            String inside = text.substring(open + 1, close);
            if (!inside.contains(",")) {
                done.add(new Word(text.substring(0, open) + "*" + text.substring(close + 1), word.dynamic(), false)); // {1..9}
                continue;
            }
            for (String part : inside.split(",", -1)) {
                todo.add(text.substring(0, open) + part + text.substring(close + 1));
            }
            if (done.size() + todo.size() > MAX_EXPANSIONS) {
                return List.of(new Word(word.text(), true, false)); // too many to follow: unknown
            }
        }
        return done;
    }
}
