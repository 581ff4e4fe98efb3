package dev.wave.check;

import dev.wave.FileTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What test tools leave at the top of the repository whatever wave asks of them: pytest-benchmark makes
 * {@code .benchmarks/} on every run and takes its place from the command line alone, Hypothesis keeps its
 * examples in {@code .hypothesis/}; pytest's cache and coverage.py's data file go there when the project's
 * configuration names them. The check removes those its run made (absent before it), so that they neither
 * stay in the working tree nor end up in the final commit; those that were there before it stay. (Byproducts
 * that tasks leave, wherever they are, the final commit leaves out: {@link ToolByproducts}.) Stateless.
 */
final class ToolLeftovers {
    static final List<String> NAMES = List.of(".benchmarks", ".hypothesis", ".pytest_cache", ".coverage");

    private ToolLeftovers() {}

    /** Which of {@link #NAMES} are at the top of {@code repository} now. */
    static Set<String> present(Path repository) {
        Set<String> present = new LinkedHashSet<>();
        for (String name : NAMES) {
            if (Files.exists(repository.resolve(name), LinkOption.NOFOLLOW_LINKS)) {
                present.add(name);
            }
        }
        return present;
    }

    /**
     * Deletes those of {@link #NAMES} at the top of {@code repository} that are not in {@code before}.
     *
     * @return the names deleted
     */
    static List<String> removeNew(Path repository, Set<String> before) {
        List<String> removed = new ArrayList<>();
        for (String name : present(repository)) {
            if (!before.contains(name)) {
                try {
                    FileTrees.delete(repository.resolve(name));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot delete " + name + ", which the check made in " + repository, e);
                }
                removed.add(name);
            }
        }
        return removed;
    }
}
