package dev.wave.planner;

import dev.wave.WaveException;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a repository the way every planner scan does: regular files only, never through a
 * symbolic link, never inside {@code .git}, wave's own {@code .wave}, other version-control
 * directories, {@code node_modules} or virtual environments. Paths are relative, with {@code /}.
 */
final class RepositoryFiles {
    /** Directory names no scan enters, at any depth. */
    static final Set<String> SKIPPED_DIRECTORIES = Set.of(".git", ".wave", ".hg", ".svn", "node_modules", ".venv",
            "venv", ".tox");
    /** Files larger than this are not read for text edits. */
    static final long MAX_TEXT_BYTES = 10L << 20;
    private static final int BINARY_PROBE_BYTES = 8000;

    private RepositoryFiles() {}

    /** A regular file of the repository. */
    record FileEntry(String path, long size) {}

    /** Every regular file of the repository, sorted by path. */
    static List<FileEntry> list(Path root) {
        List<FileEntry> files = new ArrayList<>();
        walk(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes) {
                return !directory.equals(root) && isSkipped(directory) ? FileVisitResult.SKIP_SUBTREE
                        : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                if (attributes.isRegularFile() && !attributes.isSymbolicLink()) {
                    files.add(new FileEntry(relative(root, file), attributes.size()));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
        files.sort(Comparator.comparing(FileEntry::path));
        return files;
    }

    static void walk(Path root, SimpleFileVisitor<Path> visitor) {
        try {
            Files.walkFileTree(root, EnumSet.noneOf(java.nio.file.FileVisitOption.class), Integer.MAX_VALUE, visitor);
        } catch (IOException e) {
            throw WaveException.invalidInput("%s: cannot scan the repository (%s). Check that it is readable.", root, e.getMessage());
        }
    }

    /** The names of the repository's top-level directories, not links, sorted. */
    static List<String> topLevelDirectories(Path root) {
        List<String> names = new ArrayList<>();
        try (java.util.stream.Stream<Path> entries = Files.list(root)) {
            entries.filter(entry -> Files.isDirectory(entry, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                    .forEach(entry -> names.add(entry.getFileName().toString()));
        } catch (IOException e) {
            throw WaveException.invalidInput("%s: cannot list the repository (%s). Check that it is readable.", root, e.getMessage());
        }
        names.sort(null);
        return names;
    }

    static boolean isSkipped(Path directory) {
        Path name = directory.getFileName();
        return name != null && SKIPPED_DIRECTORIES.contains(name.toString());
    }

    static String relative(Path root, Path file) {
        return root.relativize(file).toString().replace(java.io.File.separatorChar, '/');
    }

    /** The directory part of a relative path, {@code .} for the top level. */
    static String directoryOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "." : path.substring(0, slash);
    }

    static String nameOf(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** Whether a file's bytes, read one char per byte (ISO-8859-1), look binary: a NUL byte in the first 8000, as git decides. */
    static boolean isBinary(String latin1) {
        int nul = latin1.indexOf('\0');
        return nul >= 0 && nul < BINARY_PROBE_BYTES;
    }
}
