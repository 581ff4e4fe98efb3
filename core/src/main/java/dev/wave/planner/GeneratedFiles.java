package dev.wave.planner;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a text edit over "all files" leaves alone: files git ignores (build output, local settings,
 * dependency trees) and caches wherever they are ({@code __pycache__}, {@code .pytest_cache},
 * {@code .mypy_cache}, ...); outside git, also {@code target/} and {@code build/} beside a build
 * file. A directory the goal names ("in target/") is the user's choice and is not left alone.
 * Immutable; made by reading git's view of the repository once.
 */
final class GeneratedFiles {
    /** Cache directories, at any depth, whether or not git ignores them. */
    static final Set<String> CACHE_DIRECTORIES = Set.of("__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache",
            ".hypothesis", ".gradle", ".cache", ".parcel-cache", ".next", ".nuxt", ".turbo", ".eggs", ".nox", ".tox");
    /** Build output directories, left alone outside git when a build file sits beside them. */
    private static final List<String> BUILD_OUTPUT = List.of("target", "build");
    private static final List<String> BUILD_FILES = List.of("pom.xml", "Cargo.toml", "build.gradle", "build.gradle.kts",
            "build.sbt", "setup.py", "pyproject.toml");

    private final GitStatus status;
    private final Path root;
    private final List<String> named;

    private GeneratedFiles(GitStatus status, Path root, List<String> named) {
        this.status = status;
        this.root = root;
        this.named = List.copyOf(named);
    }

    static GeneratedFiles of(Path root, FileScope scope) {
        return new GeneratedFiles(GitStatus.of(root), root, scope.directories());
    }

    /** Whether {@code path} (repository-relative) is left alone. */
    boolean excludes(String path) {
        for (String directory : named) {
            if (path.startsWith(directory + "/") && generated(directory, true)) {
                return false;
            }
        }
        return generated(path, false);
    }

    /**
     * Exclude globs for a glob action that must leave the same files alone: the cache and dependency
     * directory names at any depth, and what git ignores.
     */
    List<String> excludeGlobs(List<String> paths) {
        Set<String> globs = new TreeSet<>();
        for (String name : new TreeSet<>(CACHE_DIRECTORIES)) {
            globs.add("**/" + name);
        }
        for (String name : new TreeSet<>(RepositoryFiles.SKIPPED_DIRECTORIES)) {
            if (!name.equals(".git") && !name.equals(".wave")) { // never part of a scope anyway
                globs.add("**/" + name);
            }
        }
        Set<String> excluded = new LinkedHashSet<>();
        for (String path : paths) {
            if (excludes(path)) {
                excluded.add(topExcluded(path));
            }
        }
        globs.addAll(excluded);
        return new ArrayList<>(globs);
    }

    /** Whether a file, or a directory and everything in it, is left alone. */
    private boolean generated(String path, boolean directory) {
        String[] parts = path.split("/");
        int directories = directory ? parts.length : parts.length - 1;
        for (int i = 0; i < directories; i++) {
            if (CACHE_DIRECTORIES.contains(parts[i])) {
                return true;
            }
        }
        if (status.isRepository()) {
            return status.state(path) == GitStatus.State.IGNORED;
        }
        for (int i = 0; i < directories; i++) {
            if (BUILD_OUTPUT.contains(parts[i]) && besideBuildFile(String.join("/", List.of(parts).subList(0, i)))) {
                return true;
            }
        }
        return false;
    }

    /** The outermost directory of {@code path} that is left alone, or the path itself. */
    private String topExcluded(String path) {
        String[] parts = path.split("/");
        for (int i = 1; i < parts.length; i++) {
            String prefix = String.join("/", List.of(parts).subList(0, i));
            if (generated(prefix, true)) {
                return prefix;
            }
        }
        return path;
    }

    private boolean besideBuildFile(String directory) {
        Path parent = directory.isEmpty() ? root : root.resolve(directory);
        return BUILD_FILES.stream().anyMatch(name -> Files.isRegularFile(parent.resolve(name)));
    }
}
