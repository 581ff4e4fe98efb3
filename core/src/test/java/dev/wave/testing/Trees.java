package dev.wave.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Snapshots of a whole directory tree, never following links, to check what a command changed. */
public final class Trees {
    private Trees() {}

    /**
     * Every entry under {@code base}, {@code .git} included: its relative path mapped to {@code dir
     * <mode>}, {@code link -> <target>} or {@code file <mode> <sha-256>}.
     */
    public static Map<String, String> snapshot(Path base) {
        Map<String, String> snapshot = new TreeMap<>();
        try {
            Files.walkFileTree(base, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes) throws IOException {
                    if (!directory.equals(base)) {
                        snapshot.put(base.relativize(directory) + "/", "dir " + mode(directory));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    String key = base.relativize(file).toString();
                    if (attributes.isSymbolicLink()) {
                        snapshot.put(key, "link -> " + Files.readSymbolicLink(file));
                    } else {
                        snapshot.put(key, "file " + mode(file) + " " + sha256(Files.readAllBytes(file)));
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return snapshot;
    }

    /** The paths added, removed or changed between two snapshots, sorted. */
    public static Set<String> changed(Map<String, String> before, Map<String, String> after) {
        Set<String> all = new HashSet<>(before.keySet());
        all.addAll(after.keySet());
        Set<String> changed = new TreeSet<>();
        for (String path : all) {
            if (!Objects.equals(before.get(path), after.get(path))) {
                changed.add(path);
            }
        }
        return changed;
    }

    /** The changed paths that do not start with any of {@code prefixes}. */
    public static Set<String> changedOutside(Map<String, String> before, Map<String, String> after, String... prefixes) {
        Set<String> changed = changed(before, after);
        changed.removeIf(path -> {
            for (String prefix : prefixes) {
                if (path.startsWith(prefix)) {
                    return true;
                }
            }
            return false;
        });
        return changed;
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
