package dev.wave.planner;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;

/**
 * Walks a repository once for a cleanup: collects the targets of the selected kinds (whole
 * directories for directory kinds, without entering them) and the directories that hold nothing
 * but targets and such directories, so are empty once the targets are gone. Counts every entry a
 * directory holds, symbolic links and skipped directories included, so a directory holding a link
 * or a {@code .git} is never empty. Never follows a link and never enters
 * {@link RepositoryFiles#SKIPPED_DIRECTORIES}.
 */
final class CleanupScan {
    private CleanupScan() {}

    /** A file or directory to delete; {@code files} counts what it holds (1 for a file). */
    record Target(CleanupPlanner.Kind kind, String path, int files) {}

    /**
     * What the scan found.
     *
     * @param kept lines on what was found but is kept, and how many of the targets git tracks
     */
    record Result(List<Target> targets, List<String> emptyAfterCleanup, int emptyNow, List<String> kept) {
        Result(List<Target> targets, List<String> emptyAfterCleanup, int emptyNow) {
            this(targets, emptyAfterCleanup, emptyNow, List.of());
        }
    }

    /** Finds the targets and the directories that will be empty once they are gone. */
    static Result scan(Path root, List<CleanupPlanner.Kind> kinds, boolean emptyDirectories) {
        List<Target> targets = new ArrayList<>();
        List<String> emptyAfter = new ArrayList<>();
        int[] emptyNow = {0};
        Deque<int[]> stack = new ArrayDeque<>(); // per open directory: {entries, removable}
        RepositoryFiles.walk(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes) {
                if (directory.equals(root)) {
                    stack.push(new int[2]);
                    return FileVisitResult.CONTINUE;
                }
                int[] parent = stack.peek();
                parent[0]++;
                if (RepositoryFiles.isSkipped(directory)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                String name = directory.getFileName().toString();
                for (CleanupPlanner.Kind kind : kinds) {
                    if (kind.directory() && kind.name().test(name)) {
                        targets.add(new Target(kind, RepositoryFiles.relative(root, directory), Math.max(1, countFiles(directory))));
                        parent[1]++;
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                }
                stack.push(new int[2]);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                int[] parent = stack.peek();
                parent[0]++;
                if (!attributes.isRegularFile() || attributes.isSymbolicLink()) {
                    return FileVisitResult.CONTINUE;
                }
                String name = file.getFileName().toString();
                for (CleanupPlanner.Kind kind : kinds) {
                    if (!kind.directory() && kind.name().test(name)) {
                        targets.add(new Target(kind, RepositoryFiles.relative(root, file), 1));
                        parent[1]++;
                        break;
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                stack.peek()[0]++;
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path directory, IOException e) {
                int[] state = stack.pop();
                if (directory.equals(root)) {
                    return FileVisitResult.CONTINUE;
                }
                if (state[0] == 0) {
                    emptyNow[0]++;
                }
                if (emptyDirectories && e == null && state[0] == state[1]) {
                    emptyAfter.add(RepositoryFiles.relative(root, directory));
                    stack.peek()[1]++;
                }
                return FileVisitResult.CONTINUE;
            }
        });
        targets.sort(Comparator.comparing(Target::path));
        emptyAfter.sort(Comparator.naturalOrder());
        return new Result(targets, emptyAfter, emptyNow[0]);
    }

    private static int countFiles(Path directory) {
        int[] count = {0};
        RepositoryFiles.walk(directory, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                count[0]++;
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
        return count[0];
    }
}
