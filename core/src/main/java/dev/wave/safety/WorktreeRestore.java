package dev.wave.safety;

import static java.util.Objects.requireNonNull;

import dev.wave.git.Command;
import dev.wave.git.Git;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Turns the working tree from one {@link Manifest} into another, on disk, touching only the paths that differ.
 *
 * <p>Design, in three passes. (1) Removal, deepest first: what the target does not have, or has as
 * another kind of entry, is deleted (a link itself, never what it points at); a directory that still
 * holds something the backup does not cover stays, and is reported. (2) Creation, parents first:
 * directories, symbolic links, and files written from the object database by {@code git cat-file
 * --batch}, byte for byte with no filters, each into a new file beside its place and then renamed over
 * it (so a hard link planted in the tree never carries the write elsewhere). (3) Permission bits,
 * deepest first, for files and directories alike.
 *
 * <p>Safety: every path is checked to lie under real directories (no symbolic link on the way) just
 * before it is touched, and a mode is only ever set on an entry that is, at that moment, a regular file
 * or a directory, never through a symbolic link. Entries the backup does not cover are never in either
 * manifest, so they are neither removed nor compared. Paths that cannot be restored are collected as
 * conflicts; they never stop the others.
 *
 * <p>Not thread-safe. Assumes nothing else changes the tree meanwhile.
 */
final class WorktreeRestore {
    private static final String TEMPORARY_PREFIX = ".wave-restore-";

    private final Git git;
    private final Path root;
    private final List<String> conflicts = new ArrayList<>();
    private int removed;
    private int written;
    private int permissionsFixed;

    WorktreeRestore(Git git) {
        this.git = requireNonNull(git, "git is null");
        this.root = git.root();
    }

    int removed() {
        return removed;
    }

    int written() {
        return written;
    }

    int permissionsFixed() {
        return permissionsFixed;
    }

    List<String> conflicts() {
        return List.copyOf(new java.util.LinkedHashSet<>(conflicts));
    }

    /** Makes the working tree, currently {@code current}, look like {@code target}. */
    void apply(Manifest target, Manifest current) {
        Map<String, Manifest.Node> want = target.nodes();
        Map<String, Manifest.Node> have = new java.util.TreeMap<>(current.nodes());

        List<String> removals = new ArrayList<>();
        for (Map.Entry<String, Manifest.Node> entry : have.entrySet()) {
            Manifest.Node wanted = want.get(entry.getKey());
            if (wanted == null || wanted.kind() != entry.getValue().kind()
                    || (wanted instanceof Manifest.Link && !wanted.equals(entry.getValue()))) {
                removals.add(entry.getKey());
            }
        }
        removals.sort(Comparator.comparingInt(WorktreeRestore::depth).reversed().thenComparing(Comparator.naturalOrder()));
        for (String path : removals) {
            if (remove(path, have.get(path))) {
                have.remove(path);
            }
        }

        List<Map.Entry<String, Manifest.RegularFile>> files = new ArrayList<>();
        for (Map.Entry<String, Manifest.Node> entry : want.entrySet()) {
            String path = entry.getKey();
            Manifest.Node wanted = entry.getValue();
            Manifest.Node found = have.get(path);
            if (wanted instanceof Manifest.Directory) {
                if (found == null && realParents(path)) {
                    create(path);
                }
            } else if (wanted instanceof Manifest.Link link) {
                if (found == null && realParents(path) && absent(path)) {
                    link(path, link.target());
                }
            } else if (wanted instanceof Manifest.RegularFile file) {
                if (!(found instanceof Manifest.RegularFile existing) || !existing.sha().equals(file.sha())) {
                    files.add(Map.entry(path, file));
                }
            } else {
                conflicts.add(path + " (a " + wanted.describe() + ": wave cannot recreate it)");
            }
        }
        write(files);

        List<String> byDepth = new ArrayList<>(want.keySet());
        byDepth.sort(Comparator.comparingInt(WorktreeRestore::depth).reversed().thenComparing(Comparator.naturalOrder()));
        for (String path : byDepth) {
            Manifest.Node wanted = want.get(path);
            if (wanted instanceof Manifest.Directory directory) {
                permissions(path, directory.permissions(), true);
            } else if (wanted instanceof Manifest.RegularFile file) {
                permissions(path, file.permissions(), false);
            }
        }
    }

    private boolean remove(String path, Manifest.Node node) {
        if (!realParents(path)) {
            return true; // a parent went first, or is not a real directory: nothing of ours is there
        }
        Path entry = root.resolve(path);
        try {
            writable(entry.getParent());
            if (node instanceof Manifest.Directory) {
                writable(entry);
            }
            Files.delete(entry);
            if (!(node instanceof Manifest.Directory)) {
                removed++;
            }
            return true;
        } catch (NoSuchFileException e) {
            return true;
        } catch (DirectoryNotEmptyException e) {
            conflicts.add(path + "/ (holds files the backup does not cover; left alone)");
        } catch (IOException e) {
            conflicts.add(path + " (cannot remove it: " + e.getMessage() + ")");
        }
        return false;
    }

    private void create(String path) {
        try {
            writable(root.resolve(path).getParent());
            Files.createDirectory(root.resolve(path));
        } catch (IOException e) {
            conflicts.add(path + "/ (cannot create the directory: " + e.getMessage() + ")");
        }
    }

    private void link(String path, String target) {
        try {
            writable(root.resolve(path).getParent());
            Files.createSymbolicLink(root.resolve(path), Path.of(target));
            written++;
        } catch (IOException | RuntimeException e) {
            conflicts.add(path + " (cannot create the link: " + e.getMessage() + ")");
        }
    }

    private boolean absent(String path) {
        if (Files.exists(root.resolve(path), LinkOption.NOFOLLOW_LINKS)) {
            conflicts.add(path + " (something the backup does not cover stands in its place; left alone)");
            return false;
        }
        return true;
    }

    private void write(List<Map.Entry<String, Manifest.RegularFile>> files) {
        List<Map.Entry<String, Manifest.RegularFile>> ready = new ArrayList<>();
        for (Map.Entry<String, Manifest.RegularFile> file : files) {
            Path place = root.resolve(file.getKey());
            if (!realParents(file.getKey())) {
                conflicts.add(file.getKey() + " (a parent is not a directory; left alone)");
            } else if (Files.isDirectory(place, LinkOption.NOFOLLOW_LINKS)) {
                conflicts.add(file.getKey() + " (a directory with files the backup does not cover stands in its place; left alone)");
            } else {
                ready.add(file);
            }
        }
        if (ready.isEmpty()) {
            return;
        }
        List<String> objects = new ArrayList<>(ready.size());
        ready.forEach(file -> objects.add(file.getValue().sha()));
        git.read(Command.of("cat-file", "--batch").withLines(objects), output -> {
            for (Map.Entry<String, Manifest.RegularFile> file : ready) {
                String sha = file.getValue().sha();
                long size = header(output, sha);
                ObjectInput object = new ObjectInput(output, size);
                try {
                    writeOne(file.getKey(), file.getValue(), object, size);
                    written++;
                } catch (IOException e) {
                    conflicts.add(file.getKey() + " (cannot write it: " + e.getMessage() + ")");
                }
                object.skipRest();
                if (output.read() != '\n') {
                    throw new IOException("git cat-file --batch: no newline after object " + sha);
                }
            }
            return null;
        });
    }

    private void writeOne(String path, Manifest.RegularFile file, InputStream content, long size) throws IOException {
        Path place = root.resolve(path);
        Path parent = place.getParent();
        writable(parent);
        Path temporary = parent.resolve(TEMPORARY_PREFIX + UUID.randomUUID());
        try {
            try (OutputStream out = Files.newOutputStream(temporary, LinkOption.NOFOLLOW_LINKS, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                copy(content, out, size);
            }
            if (!file.permissions().isEmpty()) {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString(file.permissions()));
            }
            Files.move(temporary, place, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Sets a file's or directory's permission bits, never through a symbolic link. */
    private void permissions(String path, String wanted, boolean directory) {
        if (wanted.isEmpty() || !realParents(path)) {
            return;
        }
        Path entry = root.resolve(path);
        try {
            BasicFileAttributes attributes = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (attributes.isSymbolicLink() || (directory ? !attributes.isDirectory() : !attributes.isRegularFile())) {
                return; // not what the backup had there: the verification reports it
            }
            if (TreeScan.permissions(entry).equals(wanted)) {
                return;
            }
            Files.getFileAttributeView(entry, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setPermissions(PosixFilePermissions.fromString(wanted));
            if (!directory) {
                permissionsFixed++;
            }
        } catch (NoSuchFileException e) {
            // Not there: the verification reports it.
        } catch (IOException | UnsupportedOperationException e) {
            conflicts.add(path + " (cannot set permissions " + wanted + ": " + e.getMessage() + ")");
        }
    }

    /** Gives the owner write and search permission on a real directory, for the moment; pass (3) sets its bits back. */
    private void writable(Path directory) throws IOException {
        if (directory == null || !directory.startsWith(root)) {
            return;
        }
        BasicFileAttributes attributes = Files.readAttributes(directory, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!attributes.isDirectory()) {
            return;
        }
        String bits = TreeScan.permissions(directory);
        if (bits.length() == 9 && (bits.charAt(1) != 'w' || bits.charAt(2) != 'x')) {
            Files.getFileAttributeView(directory, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setPermissions(PosixFilePermissions.fromString(bits.charAt(0) + "wx" + bits.substring(3)));
        }
    }

    /** Whether every directory between the work tree and {@code path} is a real directory, not a link. */
    private boolean realParents(String path) {
        Path parent = root.resolve(path).getParent();
        for (Path at = parent; at != null && at.startsWith(root) && !at.equals(root); at = at.getParent()) {
            if (!Files.isDirectory(at, LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
        }
        return true;
    }

    private static int depth(String path) {
        int depth = 0;
        for (int i = 0; i < path.length(); i++) {
            if (path.charAt(i) == '/') {
                depth++;
            }
        }
        return depth;
    }

    private static long header(InputStream output, String sha) throws IOException {
        StringBuilder line = new StringBuilder();
        int next;
        while ((next = output.read()) != '\n') {
            if (next < 0) {
                throw new IOException("git cat-file --batch ended before object " + sha);
            }
            line.append((char) next);
        }
        String[] fields = line.toString().split(" ");
        if (fields.length != 3 || !fields[0].equals(sha)) {
            throw new IOException("git cat-file --batch: object " + sha + " is missing (" + line + ")");
        }
        return Long.parseLong(fields[2]);
    }

    private static void copy(InputStream input, OutputStream output, long size) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long left = size;
        while (left > 0) {
            int read = input.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (read < 0) {
                throw new IOException("git cat-file --batch ended inside an object");
            }
            output.write(buffer, 0, read);
            left -= read;
        }
    }

    /** The bytes of one object in a {@code cat-file --batch} stream; never reads past its end. */
    private static final class ObjectInput extends InputStream {
        private final InputStream stream;
        private long remaining;

        ObjectInput(InputStream stream, long size) {
            this.stream = stream;
            this.remaining = size;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int next = stream.read();
            if (next >= 0) {
                remaining--;
            }
            return next;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int read = stream.read(buffer, offset, (int) Math.min(length, remaining));
            if (read > 0) {
                remaining -= read;
            }
            return read;
        }

        void skipRest() throws IOException {
            stream.skipNBytes(remaining);
            remaining = 0;
        }
    }
}
