package dev.wave.action;

import static java.util.Objects.requireNonNull;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The repository held open for one action: every directory an action changes is reached from the
 * open root one entry at a time, following no link ({@link Directory}). A directory that became a
 * symbolic link (or a file) since the action listed it stops the action with an {@link ActionFailure}
 * before it changes anything there.
 *
 * <p>Each thread keeps the last parent directory it opened, so that files of one directory (which
 * {@link FileWork} hands out together) cost one open. Thread-safe; close it when the action ends.
 */
final class Tree implements Closeable {
    private final Directory root;
    private final Map<Thread, Cursor> cursors = new ConcurrentHashMap<>();

    private Tree(Directory root) {
        this.root = requireNonNull(root, "root is null");
    }

    static Tree open(Path root) throws IOException {
        return new Tree(Directory.open(root));
    }

    /**
     * Opens the directory at a repository-relative path ({@code .} for the root). The caller closes it.
     *
     * @throws NoSuchFileException if a part of it is missing
     * @throws ActionFailure if a part of it is a symbolic link or not a directory
     */
    Directory directory(String relative) throws IOException {
        Directory directory = root.again();
        if (relative.equals(".")) {
            return directory;
        }
        String walked = "";
        for (String part : relative.split("/")) {
            walked = walked.isEmpty() ? part : walked + "/" + part;
            try (Directory parent = directory) {
                directory = parent.open(part);
            } catch (NoSuchFileException e) {
                throw e;
            } catch (FileSystemException e) {
                throw new ActionFailure("%s changed while the action ran: it is no longer a directory (now a symbolic link "
                        + "or a file), and wave does not follow it; nothing outside the repository was touched. "
                        + "Run the task again once nothing else changes the repository", walked);
            }
        }
        return directory;
    }

    /**
     * The directory holding the entry at a repository-relative path, kept open for this thread until the
     * next call asks for another one or the tree closes. The caller must not close it.
     */
    Directory parentOf(String relative) throws IOException {
        int slash = relative.lastIndexOf('/');
        String parent = slash < 0 ? "." : relative.substring(0, slash);
        Cursor cursor = cursors.computeIfAbsent(Thread.currentThread(), thread -> new Cursor());
        if (!parent.equals(cursor.relative)) {
            Directory opened = directory(parent);
            if (cursor.directory != null) {
                cursor.directory.close();
            }
            cursor.relative = parent;
            cursor.directory = opened;
        }
        return cursor.directory;
    }

    /** Forgets this thread's open parent, for example after it was renamed or removed. */
    void forget() throws IOException {
        Cursor cursor = cursors.remove(Thread.currentThread());
        if (cursor != null && cursor.directory != null) {
            cursor.directory.close();
        }
    }

    @Override
    public void close() throws IOException {
        IOException failure = null;
        for (Cursor cursor : cursors.values()) {
            try {
                if (cursor.directory != null) {
                    cursor.directory.close();
                }
            } catch (IOException e) {
                failure = e;
            }
        }
        cursors.clear();
        root.close();
        if (failure != null) {
            throw failure;
        }
    }

    /** One thread's open parent directory. */
    private static final class Cursor {
        String relative; // the open directory's repository-relative path, or null
        Directory directory; // open, or null
    }

    /** The repository-relative path of an entry named {@code name} in the directory at {@code directory}. */
    static String child(String directory, String name) {
        return directory.equals(".") ? name : directory + "/" + name;
    }
}
