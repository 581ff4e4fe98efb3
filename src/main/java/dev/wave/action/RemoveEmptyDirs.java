package dev.wave.action;

import dev.wave.plan.FileAction;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * The remove-empty-dirs action: removes, bottom-up, every directory under each {@code under}
 * directory that holds nothing or only directories removed before it. A link, a {@code .git}, a
 * {@code .wave} or an excluded entry makes its directory non-empty. The {@code under}
 * directories themselves stay.
 */
final class RemoveEmptyDirs {
    private RemoveEmptyDirs() {}

    static String run(FileAction.RemoveEmptyDirs action, Workspace workspace, Changes changes) throws IOException {
        Globs exclude = Globs.of(action.exclude());
        List<String> missing = new ArrayList<>();
        int before = changes.count();
        for (String under : action.under()) {
            Path start = workspace.resolve("under", under);
            Optional<Entry> entry = workspace.entry(start);
            if (entry.isEmpty()) {
                missing.add(under);
                continue;
            }
            if (entry.get().kind() != Entry.Kind.DIRECTORY) {
                throw new ActionFailure("under \"%s\" is %s, not a directory. Name a directory of the repository", under,
                        entry.get().kind() == Entry.Kind.LINK ? "a symbolic link" : "a file");
            }
            workspace.walk(start, new Remover(workspace, start, exclude, changes));
        }
        int removed = changes.count() - before;
        String summary = removed == 0 ? "removed no directories: none was empty"
                : "removed " + Summaries.plural(removed, "empty directory");
        return missing.isEmpty() ? summary : summary + "; not there: " + String.join(", ", missing);
    }

    private static final class Remover extends Workspace.Walker {
        private final Workspace workspace;
        private final Path start;
        private final Globs exclude;
        private final Changes changes;
        private final Deque<int[]> kept = new ArrayDeque<>(); // per open directory: entries that stay in it

        Remover(Workspace workspace, Path start, Globs exclude, Changes changes) {
            this.workspace = workspace;
            this.start = start;
            this.exclude = exclude;
            this.changes = changes;
        }

        @Override
        public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes) throws IOException {
            workspace.checkStop();
            if (!directory.equals(start)
                    && (Workspace.isProtected(directory) || exclude.matches(workspace.relative(directory)))) {
                keep();
                return FileVisitResult.SKIP_SUBTREE;
            }
            kept.push(new int[1]);
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
            keep();
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path directory, IOException failure) throws IOException {
            if (failure != null) {
                throw failure;
            }
            int staying = kept.pop()[0];
            if (directory.equals(start)) {
                return FileVisitResult.CONTINUE;
            }
            if (staying > 0) {
                keep();
                return FileVisitResult.CONTINUE;
            }
            try {
                Files.delete(directory);
                changes.changed("removed", workspace.relative(directory) + "/");
            } catch (DirectoryNotEmptyException e) {
                keep(); // something appeared in it meanwhile
            } catch (NoSuchFileException e) {
                // already gone
            }
            return FileVisitResult.CONTINUE;
        }

        private void keep() {
            if (!kept.isEmpty()) {
                kept.peek()[0]++;
            }
        }
    }
}
