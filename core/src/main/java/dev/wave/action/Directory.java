package dev.wave.action;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An open directory, and the only way actions change files: every operation names an entry of this
 * directory, and none follows a symbolic link. On Linux (and wherever Java offers a
 * {@link SecureDirectoryStream}) the directory is held open, so that replacing it, or any directory
 * above it, with a symbolic link while an action runs changes nothing: the operations still act in
 * the directory that was opened ({@code openat}, {@code unlinkat}, {@code renameat} with no-follow).
 * Elsewhere they act on paths, checked for links just before.
 *
 * <p>Thread-safe: several threads may use one directory at once. Close it when done.
 */
interface Directory extends Closeable {
    /** Opens the directory at {@code root}: held open where the platform allows it. */
    static Directory open(Path root) throws IOException {
        DirectoryStream<Path> stream = Files.newDirectoryStream(root);
        if (stream instanceof SecureDirectoryStream<Path> secure) {
            return new HeldDirectory(root, secure);
        }
        stream.close();
        return new PathDirectory(root);
    }

    /** The file names of the stream's entries, closing it. */
    static List<String> namesOf(DirectoryStream<Path> stream) throws IOException {
        List<String> names = new ArrayList<>();
        try (stream) {
            for (Path entry : stream) {
                names.add(entry.getFileName().toString());
            }
        }
        return names;
    }

    /** The path this directory had when it was opened (for messages). */
    Path path();

    /**
     * Opens the subdirectory {@code name}, not following a link.
     *
     * @throws java.nio.file.FileSystemException if it is a symbolic link, not a directory, or missing
     */
    Directory open(String name) throws IOException;

    /** A new handle of this same directory (not of whatever has its path now), closed separately. */
    Directory again() throws IOException;

    /** The names of the entries, in no particular order. */
    List<String> names() throws IOException;

    /** The entry's attributes, of a link itself for a link; empty if there is no such entry. */
    Optional<BasicFileAttributes> attributes(String name) throws IOException;

    /** The entry's POSIX permissions, read without following a link; empty where the file system has none. */
    Optional<Set<PosixFilePermission>> permissions(String name) throws IOException;

    /** Deletes a file or a link (never its target). */
    void deleteFile(String name) throws IOException;

    /** Deletes an empty directory. */
    void deleteDirectory(String name) throws IOException;

    /** Opens a regular file for reading, refusing a link. */
    SeekableByteChannel read(String name) throws IOException;

    /** Creates a new file for writing, failing if anything is there already. */
    SeekableByteChannel create(String name) throws IOException;

    /** Sets a file's permissions, refusing a link. */
    void setPermissions(String name, Set<PosixFilePermission> permissions) throws IOException;

    /**
     * Renames the entry {@code name} to {@code targetName} in {@code target} (this directory or another
     * opened from the same tree), replacing what is there, as {@code rename(2)} does.
     */
    void move(String name, Directory target, String targetName) throws IOException;
}
