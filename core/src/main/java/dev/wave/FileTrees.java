package dev.wave;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** Deletes a tree of files: the tree itself, never what a symbolic link in it points at. Stateless. */
public final class FileTrees {
    private FileTrees() {}

    /**
     * Deletes {@code path} and, when it is a directory, everything in it; a symbolic link (the path itself
     * or one inside) is deleted as a link. Nothing when it is absent.
     *
     * @return the bytes of the files deleted
     * @throws IOException when something cannot be deleted; what was deleted before stays deleted
     */
    public static long delete(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return 0;
        }
        if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            long size = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).size();
            Files.delete(path);
            return size;
        }
        long[] bytes = {0};
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                bytes[0] += attributes.size();
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path directory, IOException failure) throws IOException {
                if (failure != null) {
                    throw failure;
                }
                Files.delete(directory);
                return FileVisitResult.CONTINUE;
            }
        });
        return bytes[0];
    }
}
