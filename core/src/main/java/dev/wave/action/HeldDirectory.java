package dev.wave.action;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A directory held open as a {@link SecureDirectoryStream}: every operation is relative to it and follows no link. */
final class HeldDirectory implements Directory {
    private static final Set<OpenOption> READ = Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    private static final Set<OpenOption> CREATE = Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW,
            LinkOption.NOFOLLOW_LINKS);

    private final Path path;
    private final SecureDirectoryStream<Path> stream;

    HeldDirectory(Path path, SecureDirectoryStream<Path> stream) {
        this.path = requireNonNull(path, "path is null");
        this.stream = requireNonNull(stream, "stream is null");
    }

    private Path name(String name) {
        if (name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("not an entry name: \"" + name + "\"");
        }
        return path.getFileSystem().getPath(name);
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public Directory open(String name) throws IOException {
        return new HeldDirectory(path.resolve(name), stream.newDirectoryStream(name(name), LinkOption.NOFOLLOW_LINKS));
    }

    @Override
    public Directory again() throws IOException {
        return new HeldDirectory(path, stream.newDirectoryStream(path.getFileSystem().getPath("."), LinkOption.NOFOLLOW_LINKS));
    }

    @Override
    public List<String> names() throws IOException {
        // a stream iterates once: list a fresh one of the same directory, opened through this one
        return Directory.namesOf(stream.newDirectoryStream(path.getFileSystem().getPath("."), LinkOption.NOFOLLOW_LINKS));
    }

    @Override
    public Optional<BasicFileAttributes> attributes(String name) throws IOException {
        try {
            return Optional.of(stream.getFileAttributeView(name(name), BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .readAttributes());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<Set<PosixFilePermission>> permissions(String name) throws IOException {
        PosixFileAttributeView view = stream.getFileAttributeView(name(name), PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        return view == null ? Optional.empty() : Optional.of(view.readAttributes().permissions());
    }

    @Override
    public void deleteFile(String name) throws IOException {
        stream.deleteFile(name(name));
    }

    @Override
    public void deleteDirectory(String name) throws IOException {
        stream.deleteDirectory(name(name));
    }

    @Override
    public SeekableByteChannel read(String name) throws IOException {
        return stream.newByteChannel(name(name), READ);
    }

    @Override
    public SeekableByteChannel create(String name) throws IOException {
        return stream.newByteChannel(name(name), CREATE);
    }

    @Override
    public void setPermissions(String name, Set<PosixFilePermission> permissions) throws IOException {
        PosixFileAttributeView view = stream.getFileAttributeView(name(name), PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        if (view != null) {
            view.setPermissions(permissions);
        }
    }

    @Override
    public void move(String name, Directory target, String targetName) throws IOException {
        if (!(target instanceof HeldDirectory held)) {
            throw new IllegalArgumentException("target is not held open: " + target.path());
        }
        stream.move(name(name), held.stream, held.name(targetName));
    }

    @Override
    public void close() throws IOException {
        stream.close();
    }
}
