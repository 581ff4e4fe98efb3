package dev.wave.safety;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Everything on disk in a work tree that a backup covers, path by path: each directory with its
 * permission bits, each regular file with its permission bits and the git blob of its exact bytes,
 * each symbolic link with its target. Paths are relative to the work tree, with {@code /}. Two
 * manifests are equal exactly when the two trees are the same to a user, byte for byte; that is what
 * "verified" means. Immutable.
 */
final class Manifest {
    private final SortedMap<String, Node> nodes;

    Manifest(Map<String, Node> nodes) {
        this.nodes = Collections.unmodifiableSortedMap(new TreeMap<>(nodes));
    }

    SortedMap<String, Node> nodes() {
        return nodes;
    }

    /** The regular files' blobs. */
    Set<String> blobs() {
        Set<String> blobs = new TreeSet<>();
        for (Node node : nodes.values()) {
            if (node instanceof RegularFile file) {
                blobs.add(file.sha());
            }
        }
        return blobs;
    }

    int fileCount() {
        int files = 0;
        for (Node node : nodes.values()) {
            if (!(node instanceof Directory)) {
                files++;
            }
        }
        return files;
    }

    /**
     * Where {@code actual} differs from this manifest, path by path in path order: what this one expects
     * and what {@code actual} has ("missing" when a side has nothing there).
     */
    List<Difference> differences(Manifest actual) {
        requireNonNull(actual, "actual is null");
        Set<String> paths = new TreeSet<>(nodes.keySet());
        paths.addAll(actual.nodes.keySet());
        List<Difference> differences = new ArrayList<>();
        for (String path : paths) {
            Node expected = nodes.get(path);
            Node found = actual.nodes.get(path);
            if (expected == null || !expected.equals(found)) {
                differences.add(new Difference(path, expected == null ? "nothing" : expected.describe(),
                        found == null ? "nothing" : found.describe()));
            }
        }
        return differences;
    }

    /** The manifest as bytes: six NUL-terminated fields per path (kind, permissions, blob, size, link target, path). */
    byte[] serialize() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Map.Entry<String, Node> entry : nodes.entrySet()) {
            Node node = entry.getValue();
            String[] fields = switch (node.kind()) {
                case 'd' -> new String[] {"d", ((Directory) node).permissions(), "", "", ""};
                case 'f' -> new String[] {"f", ((RegularFile) node).permissions(), ((RegularFile) node).sha(),
                        Long.toString(((RegularFile) node).size()), ""};
                case 'l' -> new String[] {"l", "", "", "", ((Link) node).target()};
                default -> new String[] {"s", "", "", "", ((Special) node).type()};
            };
            for (String field : fields) {
                out.writeBytes(field.getBytes(StandardCharsets.UTF_8));
                out.write(0);
            }
            out.writeBytes(entry.getKey().getBytes(StandardCharsets.UTF_8));
            out.write(0);
        }
        return out.toByteArray();
    }

    static Manifest parse(byte[] bytes) {
        List<String> fields = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                fields.add(new String(bytes, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        if (fields.size() % 6 != 0) {
            throw new IllegalArgumentException("a manifest has six fields per path, found " + fields.size() + " fields");
        }
        Map<String, Node> nodes = new TreeMap<>();
        for (int i = 0; i < fields.size(); i += 6) {
            String path = fields.get(i + 5);
            Node node = switch (fields.get(i)) {
                case "d" -> new Directory(fields.get(i + 1));
                case "f" -> new RegularFile(fields.get(i + 1), fields.get(i + 2), Long.parseLong(fields.get(i + 3)));
                case "l" -> new Link(fields.get(i + 4));
                case "s" -> new Special(fields.get(i + 4));
                default -> throw new IllegalArgumentException("unknown manifest entry kind " + fields.get(i) + " at " + path);
            };
            nodes.put(path, node);
        }
        return new Manifest(nodes);
    }

    /** One path on disk. */
    sealed interface Node permits Directory, RegularFile, Link, Special {
        char kind();

        String describe();
    }

    /** A directory and its permission bits, as {@code rwxr-xr-x}. */
    record Directory(String permissions) implements Node {
        Directory {
            requireNonNull(permissions, "permissions is null");
        }

        @Override
        public char kind() {
            return 'd';
        }

        @Override
        public String describe() {
            return "directory " + permissions;
        }
    }

    /** A regular file: permission bits, the blob of its exact bytes, its size. */
    record RegularFile(String permissions, String sha, long size) implements Node {
        RegularFile {
            requireNonNull(permissions, "permissions is null");
            requireNonNull(sha, "sha is null");
        }

        @Override
        public char kind() {
            return 'f';
        }

        @Override
        public String describe() {
            return "file " + permissions + " " + sha.substring(0, Math.min(12, sha.length())) + " (" + size + " bytes)";
        }
    }

    /** A symbolic link and its target, never followed. */
    record Link(String target) implements Node {
        Link {
            requireNonNull(target, "target is null");
        }

        @Override
        public char kind() {
            return 'l';
        }

        @Override
        public String describe() {
            return "link -> " + target;
        }
    }

    /** A FIFO, socket or device: recorded so that a change shows, but wave cannot recreate one. */
    record Special(String type) implements Node {
        Special {
            requireNonNull(type, "type is null");
        }

        @Override
        public char kind() {
            return 's';
        }

        @Override
        public String describe() {
            return type;
        }
    }

    /**
     * One path where two states differ.
     *
     * @param path the path, relative to the work tree
     * @param expected what the backup holds there ("nothing" for no entry)
     * @param actual what is there now ("nothing" for no entry)
     */
    record Difference(String path, String expected, String actual) {
        Difference {
            requireNonNull(path, "path is null");
            requireNonNull(expected, "expected is null");
            requireNonNull(actual, "actual is null");
        }
    }
}
