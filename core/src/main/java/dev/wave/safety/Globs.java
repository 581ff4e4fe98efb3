package dev.wave.safety;

import java.nio.file.FileSystems;
import java.nio.file.Path;

/**
 * Which globs are broad: those that select files by no name at all. A segment is broad when, with its
 * wildcards ({@code *}, {@code ?}, {@code [...]} classes, {@code {...,...}} alternatives) taken away,
 * only dots are left: {@code **}, {@code *}, {@code *.*}, {@code .*}, {@code ?*}, {@code [!.]*}; a glob
 * is broad when each of its {@code /}-separated segments is and one of them has a wildcard. So
 * {@code **}{@code /*.*} (every file with a dot in its name, at any depth) is broad, {@code **}{@code /*.pyc}
 * and {@code build/**} are not. Stateless.
 */
final class Globs {
    private Globs() {}

    /** Whether {@code glob} ({@code /}-separated) selects entries by no name: see the class comment. */
    static boolean broad(String glob) {
        boolean wildcard = false;
        for (String segment : glob.split("/", -1)) {
            if (segment.isEmpty()) {
                continue; // a leading or doubled slash
            }
            String rest = segment.replaceAll("\\[[^]]*]", "?");
            wildcard |= rest.indexOf('*') >= 0 || rest.indexOf('?') >= 0;
            if (!rest.replaceAll("[*?{},.]", "").isEmpty()) {
                return false;
            }
        }
        return wildcard;
    }

    /** Whether {@code text} holds a wildcard that a shell or a glob expands. */
    static boolean hasWildcard(String text) {
        return text.indexOf('*') >= 0 || text.indexOf('?') >= 0 || text.indexOf('[') >= 0;
    }

    /** Whether the first segment of {@code glob} may match {@code name} (true when wave cannot tell). */
    static boolean firstSegmentMayMatch(String glob, String name) {
        String first = glob.startsWith("./") ? glob.substring(2) : glob;
        int slash = first.indexOf('/');
        String segment = slash < 0 ? first : first.substring(0, slash);
        if (segment.equals("**")) {
            return true;
        }
        try {
            return FileSystems.getDefault().getPathMatcher("glob:" + segment).matches(Path.of(name));
        } catch (IllegalArgumentException | UnsupportedOperationException e) { // a bad pattern, or a bad path
            return true;
        }
    }
}
