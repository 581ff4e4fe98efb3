package dev.wave.action;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/** Reads files without following links and replaces them atomically. Stateless and thread-safe. */
final class AtomicFiles {
    /** Files larger than this are not read into memory for a text edit. */
    static final long MAX_TEXT_FILE_BYTES = 256L << 20;

    private AtomicFiles() {}

    /**
     * Reads a regular file whole; refuses to follow a link that replaced it since it was listed.
     * Reads at most the size the file had when opened.
     */
    static byte[] read(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            long size = channel.size();
            if (size > MAX_TEXT_FILE_BYTES) {
                throw new IOException("larger than " + (MAX_TEXT_FILE_BYTES >> 20) + " MiB");
            }
            byte[] content = new byte[(int) size];
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // read until full or at the end
            }
            return buffer.hasRemaining() ? Arrays.copyOf(content, buffer.position()) : content;
        }
    }

    /**
     * Replaces {@code file} with {@code content}: writes a temporary file beside it with the same
     * permissions, then renames it over the file, so a reader sees the old or the new content,
     * never a mix. On failure the temporary file is removed and the original is untouched.
     *
     * @param attributes the file's attributes, read without following links
     */
    static void replace(Path file, byte[] content, BasicFileAttributes attributes) throws IOException {
        Path temporary = file.resolveSibling("." + file.getFileName() + ".wave-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1) + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }
            Set<PosixFilePermission> permissions = permissions(file, attributes);
            if (permissions != null) {
                Files.setPosixFilePermissions(temporary, permissions);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** The file's permissions, or null on a file system without POSIX permissions. */
    private static Set<PosixFilePermission> permissions(Path file, BasicFileAttributes attributes) throws IOException {
        if (attributes instanceof PosixFileAttributes posix) {
            return posix.permissions();
        }
        if (!file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return null;
        }
        return Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
    }
}
