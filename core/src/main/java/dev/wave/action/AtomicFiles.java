package dev.wave.action;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Reads files without following links and replaces them atomically, each inside an open
 * {@link Directory}, so that a directory swapped for a link meanwhile is never written through.
 * Stateless and thread-safe.
 */
final class AtomicFiles {
    /** Files larger than this are not read into memory for a text edit. */
    static final long MAX_TEXT_FILE_BYTES = 256L << 20;

    private AtomicFiles() {}

    /**
     * Reads the regular file {@code name} of {@code directory} whole; refuses to follow a link that
     * replaced it since it was listed. Reads at most the size the file had when opened.
     */
    static byte[] read(Directory directory, String name) throws IOException {
        try (SeekableByteChannel channel = directory.read(name)) {
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
     * Replaces the file {@code name} of {@code directory} with {@code content}: writes a temporary file
     * beside it with the same permissions, then renames it over the file, so a reader sees the old or
     * the new content, never a mix. On failure the temporary file is removed and the original is untouched.
     *
     * @param attributes the file's attributes, read without following links
     */
    static void replace(Directory directory, String name, byte[] content, BasicFileAttributes attributes) throws IOException {
        String temporary = "." + name + ".wave-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1) + ".tmp";
        try {
            try (SeekableByteChannel channel = directory.create(temporary)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }
            Optional<Set<PosixFilePermission>> permissions = attributes instanceof PosixFileAttributes posix
                    ? Optional.of(posix.permissions()) : directory.permissions(name);
            if (permissions.isPresent()) {
                directory.setPermissions(temporary, permissions.get());
            }
            directory.move(temporary, directory, name);
        } catch (IOException | RuntimeException e) {
            try {
                directory.deleteFile(temporary);
            } catch (IOException suppressed) {
                if (!(suppressed instanceof java.nio.file.NoSuchFileException)) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }
}
