package dev.wave.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What tools leave in a working tree as a side effect of running, not as what they were asked to make:
 * caches and compiled files of test runners, linters, type checkers and interpreters ({@code __pycache__/},
 * {@code .pytest_cache/}, {@code .mypy_cache/}, {@code *.pyc}, {@code .coverage} ...) and installed packages
 * ({@code node_modules/}). A run's final commit leaves out those that no commit or index held before, and says
 * so; the check deletes the few it made itself ({@link ToolLeftovers}). Stateless and thread-safe.
 */
public final class ToolByproducts {
    /** Directories that tools make and fill, at any depth. */
    public static final Set<String> DIRECTORIES = Set.of("__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache",
            ".hypothesis", ".benchmarks", ".tox", ".nox", ".gradle", "node_modules");
    /** File names that tools write, at any depth. */
    public static final Set<String> FILES = Set.of(".coverage", ".eslintcache");
    /** File name endings that tools write, at any depth. */
    public static final List<String> ENDINGS = List.of(".pyc", ".pyo");

    private ToolByproducts() {}

    /**
     * Where a repository-relative path ({@code /}-separated) is a tool's byproduct: the byproduct directory it is in
     * ({@code src/__pycache__/}), or the file itself ({@code .coverage}, {@code a/b.pyc}); empty when it is none.
     */
    public static Optional<String> byproduct(String path) {
        String[] segments = path.split("/");
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            prefix.append(segment);
            boolean last = i == segments.length - 1;
            if (!last && DIRECTORIES.contains(segment)) {
                return Optional.of(prefix + "/");
            }
            if (last && (FILES.contains(segment) || segment.startsWith(".coverage.")
                    || ENDINGS.stream().anyMatch(segment::endsWith))) {
                return Optional.of(prefix.toString());
            }
            prefix.append('/');
        }
        return Optional.empty();
    }

    /**
     * The byproducts among {@code paths}, grouped for people: {@code src/__pycache__/ (3 files)}, {@code .coverage}; in
     * path order.
     */
    public static List<String> describe(List<String> paths) {
        Map<String, Integer> counts = new TreeMap<>();
        for (String path : paths) {
            byproduct(path).ifPresent(where -> counts.merge(where, 1, Integer::sum));
        }
        List<String> described = new ArrayList<>();
        counts.forEach((where, count) -> described.add(where.endsWith("/")
                ? where + " (" + count + (count == 1 ? " file)" : " files)") : where));
        return described;
    }
}
