package dev.wave.action;

import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A set of java.nio globs matched against repository-relative paths. A {@code **}{@code /} at the
 * start of a glob or after a {@code /} may also match nothing, as users of git and shells expect:
 * {@code **}{@code /*.py} matches {@code a.py}, {@code src/**}{@code /*.py} matches {@code src/a.py}.
 * Immutable and thread-safe.
 */
final class Globs {
    private static final int MAX_OPTIONAL_SEGMENTS = 6;

    private final List<PathMatcher> matchers;

    private Globs(List<PathMatcher> matchers) {
        this.matchers = List.copyOf(matchers);
    }

    static Globs of(List<String> globs) {
        FileSystem fileSystem = FileSystems.getDefault();
        List<PathMatcher> matchers = new ArrayList<>();
        for (String glob : globs) {
            for (String variant : variants(glob)) {
                matchers.add(fileSystem.getPathMatcher("glob:" + variant));
            }
        }
        return new Globs(matchers);
    }

    boolean isEmpty() {
        return matchers.isEmpty();
    }

    /** Whether any glob matches {@code relative}, a path relative to the repository. */
    boolean matches(Path relative) {
        for (PathMatcher matcher : matchers) {
            if (matcher.matches(relative)) {
                return true;
            }
        }
        return false;
    }

    /** The glob with each optional {@code **}{@code /} kept or dropped, in every combination. */
    static Set<String> variants(String glob) {
        List<Integer> optional = new ArrayList<>();
        for (int i = glob.indexOf("**/"); i >= 0; i = glob.indexOf("**/", i + 1)) {
            if ((i == 0 || glob.charAt(i - 1) == '/') && optional.size() < MAX_OPTIONAL_SEGMENTS) {
                optional.add(i);
            }
        }
        Set<String> variants = new LinkedHashSet<>();
        for (int mask = 0; mask < 1 << optional.size(); mask++) {
            StringBuilder variant = new StringBuilder(glob.length());
            int from = 0;
            for (int k = 0; k < optional.size(); k++) {
                if ((mask & (1 << k)) != 0) {
                    variant.append(glob, from, optional.get(k));
                    from = optional.get(k) + 3;
                }
            }
            variants.add(variant.append(glob, from, glob.length()).toString());
        }
        return variants;
    }
}
