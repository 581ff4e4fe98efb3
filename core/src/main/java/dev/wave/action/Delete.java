package dev.wave.action;

import dev.wave.plan.FileAction;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The delete action: removes the selected files and links (a link, never its target) and the
 * selected directories with everything in them, except {@code .git} and {@code .wave} inside
 * them, which stay with the directories that hold them.
 *
 * <p>Races: each directory is emptied through a handle opened from its parent without following
 * links ({@link Directory}), so a directory replaced by a link to elsewhere while the action runs
 * is never entered: the link itself is what gets deleted.
 */
final class Delete {
    private Delete() {}

    static String run(FileAction.Delete delete, Workspace workspace, Tree tree, Changes changes) throws IOException {
        List<String> missing = new ArrayList<>();
        List<Entry> entries = workspace.select(delete.scope(), delete.type(), Workspace.Reach.WHOLE, missing);
        Counts counts = new Counts();
        for (Entry entry : entries) {
            workspace.checkStop();
            Directory parent;
            try {
                parent = tree.parentOf(entry.relative());
            } catch (NoSuchFileException e) {
                continue; // removed by someone else meanwhile, with what held it
            }
            if (entry.kind() == Entry.Kind.DIRECTORY) {
                deleteTree(workspace, parent, entry.name(), entry.relative(), changes, counts);
            } else {
                deleteFile(parent, entry.name(), entry.relative(), changes, counts);
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

    private static void deleteFile(Directory parent, String name, String relative, Changes changes, Counts counts)
            throws IOException {
        try {
            parent.deleteFile(name);
            changes.changed("deleted", relative);
            counts.files++;
        } catch (NoSuchFileException e) {
            // removed by someone else meanwhile: the goal is met
        }
    }

    /**
     * Deletes the directory {@code name} of {@code parent} with everything in it, bottom-up, keeping
     * protected entries (and so the directories holding them).
     */
    private static void deleteTree(Workspace workspace, Directory parent, String name, String relative, Changes changes,
            Counts counts) throws IOException {
        Directory directory;
        try {
            directory = parent.open(name);
        } catch (NoSuchFileException e) {
            return;
        } catch (FileSystemException e) {
            // no longer a directory: a link or a file took its place; delete that, never what a link points to
            Optional<BasicFileAttributes> now = parent.attributes(name);
            if (now.isPresent() && !now.get().isDirectory()) {
                deleteFile(parent, name, relative, changes, counts);
                return;
            }
            throw e;
        }
        try (directory) {
            List<String> names = directory.names();
            names.sort(null);
            for (String child : names) {
                workspace.checkStop();
                String path = relative + "/" + child;
                Optional<BasicFileAttributes> attributes = directory.attributes(child);
                if (attributes.isEmpty()) {
                    continue;
                }
                boolean isDirectory = attributes.get().isDirectory();
                if (Workspace.PROTECTED_NAMES.contains(child)) {
                    counts.kept.add(isDirectory ? path + "/" : path);
                } else if (isDirectory) {
                    deleteTree(workspace, directory, child, path, changes, counts);
                } else {
                    deleteFile(directory, child, path, changes, counts);
                }
            }
        }
        try {
            parent.deleteDirectory(name);
            changes.changed("deleted", relative + "/");
            counts.directories++;
        } catch (DirectoryNotEmptyException e) {
            // it holds a protected entry, or something new: keep it
        } catch (NoSuchFileException e) {
            // already gone
        } catch (FileSystemException e) {
            Optional<BasicFileAttributes> now = parent.attributes(name);
            if (now.isEmpty() || now.get().isDirectory()) {
                throw e;
            }
            // something else took its place meanwhile: it is not what was selected, so it stays
        }
    }

    private static final class Counts {
        int files;
        int directories;
        final List<String> kept = new ArrayList<>();
    }
}
