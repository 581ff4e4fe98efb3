package dev.wave.action;

import dev.wave.plan.FileAction;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * The delete action: removes the selected files and links (a link, never its target) and the
 * selected directories with everything in them, except {@code .git} and {@code .wave} inside
 * them, which stay with the directories that hold them.
 */
final class Delete {
    private Delete() {}

    static String run(FileAction.Delete delete, Workspace workspace, Changes changes) throws IOException {
        List<String> missing = new ArrayList<>();
        List<Entry> entries = workspace.select(delete.scope(), delete.type(), Workspace.Reach.WHOLE, missing);
        Counts counts = new Counts();
        for (Entry entry : entries) {
            workspace.checkStop();
            if (entry.kind() == Entry.Kind.DIRECTORY) {
                workspace.walk(entry.path(), new TreeDeleter(workspace, changes, counts));
            } else {
                delete(workspace, entry.path(), changes, counts);
            }
        }
        if (entries.isEmpty() && missing.isEmpty()) {
            return "deleted nothing: no " + Summaries.noun(delete.type()) + " matched " + scopeText(delete.scope());
        }
        StringBuilder summary = new StringBuilder("deleted ").append(Summaries.plural(counts.files, "file"))
                .append(" and ").append(Summaries.plural(counts.directories, "directory"));
        if (!counts.kept.isEmpty()) {
            summary.append("; kept ").append(Summaries.names(counts.kept, 3))
                    .append(" and the directories holding it (wave never deletes .git or .wave)");
        }
        if (!missing.isEmpty()) {
            summary.append("; already gone: ").append(Summaries.names(missing, 5));
        }
        return summary.toString();
    }

    private static String scopeText(FileAction.Scope scope) {
        List<String> parts = new ArrayList<>(scope.globs());
        parts.addAll(scope.paths());
        return String.join(", ", parts);
    }

    private static void delete(Workspace workspace, Path path, Changes changes, Counts counts) throws IOException {
        try {
            Files.delete(path);
            changes.changed("deleted", workspace.relative(path));
            counts.files++;
        } catch (NoSuchFileException e) {
            // removed by someone else meanwhile: the goal is met
        }
    }

    private static final class Counts {
        int files;
        int directories;
        final List<String> kept = new ArrayList<>();
    }

    /** Deletes a directory tree bottom-up, never following links and keeping protected entries. */
    private static final class TreeDeleter extends Workspace.Walker {
        private final Workspace workspace;
        private final Changes changes;
        private final Counts counts;

        TreeDeleter(Workspace workspace, Changes changes, Counts counts) {
            this.workspace = workspace;
            this.changes = changes;
            this.counts = counts;
        }

        @Override
        public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes) throws IOException {
            workspace.checkStop();
            if (Workspace.isProtected(directory)) {
                counts.kept.add(workspace.relative(directory) + "/");
                return FileVisitResult.SKIP_SUBTREE;
            }
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
            workspace.checkStop();
            if (Workspace.isProtected(file)) {
                counts.kept.add(workspace.relative(file));
            } else {
                delete(workspace, file, changes, counts);
            }
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path directory, IOException failure) throws IOException {
            if (failure != null) {
                throw failure;
            }
            try {
                Files.delete(directory);
                changes.changed("deleted", workspace.relative(directory) + "/");
                counts.directories++;
            } catch (DirectoryNotEmptyException e) {
                // it holds a protected entry, or something new: keep it
            } catch (NoSuchFileException e) {
                // already gone
            }
            return FileVisitResult.CONTINUE;
        }
    }
}
