package dev.wave.planner;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Splits items sorted by path into batches of near-equal size (sizes differ by at most one), each
 * a contiguous run of the sorted paths, so a batch covers neighbouring directories.
 */
final class Partition {
    private Partition() {}

    static <T> List<List<T>> of(List<T> sortedItems, int batches) {
        int n = sortedItems.size();
        if (batches < 1 || batches > n) {
            throw new IllegalArgumentException("cannot split " + n + " items into " + batches + " batches");
        }
        List<List<T>> result = new ArrayList<>(batches);
        for (int b = 0; b < batches; b++) {
            int from = (int) ((long) b * n / batches);
            int to = (int) ((long) (b + 1) * n / batches);
            result.add(List.copyOf(sortedItems.subList(from, to)));
        }
        return result;
    }

    /** The directories of the paths, in order, without repeats. */
    static List<String> directories(List<String> paths) {
        Set<String> directories = new LinkedHashSet<>();
        for (String path : paths) {
            String directory = RepositoryFiles.directoryOf(path);
            directories.add(directory.equals(".") ? "the top level" : directory);
        }
        return List.copyOf(directories);
    }

    /** "src/a, src/b (+3 more directories)" for titles. */
    static String describeDirectories(List<String> paths) {
        List<String> directories = directories(paths);
        int shown = Math.min(2, directories.size());
        String text = String.join(", ", directories.subList(0, shown));
        int more = directories.size() - shown;
        return more == 0 ? text : text + " (+" + more + (more == 1 ? " more directory)" : " more directories)");
    }
}
