package dev.wave.action;

import dev.wave.plan.FileAction;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The remove-empty-dirs action: removes, bottom-up, every directory under each {@code under}
 * directory that holds nothing or only directories removed before it. A link, a {@code .git}, a
 * {@code .wave} or an excluded entry makes its directory non-empty. The {@code under}
 * directories themselves stay. Directories are entered and removed through handles opened from
 * their parents without following links ({@link Directory}).
 */
final class RemoveEmptyDirs {
    private RemoveEmptyDirs() {}

    static String run(FileAction.RemoveEmptyDirs action, Workspace workspace, Tree tree, Changes changes) throws IOException {
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
            String relative = workspace.relative(start);
            try (Directory directory = tree.directory(relative)) {
                new Remover(workspace, exclude, changes).empty(directory, relative);
            }
        }
        int removed = changes.count() - before;
        String summary = removed == 0 ? "removed no directories: none was empty"
                : "removed " + Summaries.plural(removed, "empty directory");
        return missing.isEmpty() ? summary : summary + "; not there: " + String.join(", ", missing);
    }

    private record Remover(Workspace workspace, Globs exclude, Changes changes) {
        /** Removes the empty directories inside {@code directory}; returns whether it is empty now. */
        boolean empty(Directory directory, String relative) throws IOException {
            int staying = 0;
            List<String> names = directory.names();
            names.sort(null);
            for (String name : names) {
                workspace.checkStop();
                String path = Tree.child(relative, name);
                Optional<BasicFileAttributes> attributes = directory.attributes(name);
                if (attributes.isEmpty()) {
                    continue; // removed meanwhile
                }
                if (!attributes.get().isDirectory() || Workspace.PROTECTED_NAMES.contains(name) || exclude.matches(path)) {
                    staying++;
                } else if (!removeIfEmpty(directory, name, path)) {
                    staying++;
                }
            }
            return staying == 0;
        }

        private boolean removeIfEmpty(Directory parent, String name, String path) throws IOException {
            boolean empty;
            try (Directory child = parent.open(name)) {
                empty = empty(child, path);
            } catch (NoSuchFileException e) {
                return true;
            } catch (FileSystemException e) {
                return false; // no longer a directory: something else took its place, and it stays
            }
            if (!empty) {
                return false;
            }
            try {
                parent.deleteDirectory(name);
                changes.changed("removed", path + "/");
                return true;
            } catch (NoSuchFileException e) {
                return true;
            } catch (FileSystemException e) {
                return false; // something appeared in it, or took its place, meanwhile
            }
        }
    }
}
