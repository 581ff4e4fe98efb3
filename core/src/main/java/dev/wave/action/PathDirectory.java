package dev.wave.action;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A directory by its path, for platforms without {@link java.nio.file.SecureDirectoryStream}: each
 * operation checks for links just before it acts, which narrows the window for a swap but cannot close it.
 */
final class PathDirectory implements Directory {
    private final Path path;

    PathDirectory(Path path) {
        this.path = requireNonNull(path, "path is null");
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public Directory open(String name) throws IOException {
        Path child = path.resolve(name);
        BasicFileAttributes attributes = Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (attributes.isSymbolicLink()) {
            throw new FileSystemException(child.toString(), null, "a symbolic link, not followed");
        }
        if (!attributes.isDirectory()) {
            throw new NotDirectoryException(child.toString());
        }
        return new PathDirectory(child);
    }

    @Override
    public Directory again() {
        return new PathDirectory(path);
    }

    @Override
    public List<String> names() throws IOException {
        return Directory.namesOf(Files.newDirectoryStream(path));
    }

    @Override
    public Optional<BasicFileAttributes> attributes(String name) throws IOException {
        try {
            return Optional.of(Files.readAttributes(path.resolve(name), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<Set<PosixFilePermission>> permissions(String name) throws IOException {
        Path file = path.resolve(name);
        if (!file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return Optional.empty();
        }
        return Optional.of(Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS));
    }

    @Override
    public void deleteFile(String name) throws IOException {
        Path file = path.resolve(name);
        if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileSystemException(file.toString(), null, "Is a directory");
        }
        Files.delete(file);
    }

    @Override
    public void deleteDirectory(String name) throws IOException {
        Path directory = path.resolve(name);
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            throw new NotDirectoryException(directory.toString());
        }
        Files.delete(directory);
    }

    @Override
    public SeekableByteChannel read(String name) throws IOException {
        return FileChannel.open(path.resolve(name), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public SeekableByteChannel create(String name) throws IOException {
        return FileChannel.open(path.resolve(name), StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW,
                LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public void setPermissions(String name, Set<PosixFilePermission> permissions) throws IOException {
        Path file = path.resolve(name);
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")
                && !Files.isSymbolicLink(file)) {
            Files.setPosixFilePermissions(file, permissions);
        }
    }

    @Override
    public void move(String name, Directory target, String targetName) throws IOException {
        Files.move(path.resolve(name), target.path().resolve(targetName), StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public void close() {
        // nothing held
    }
}
