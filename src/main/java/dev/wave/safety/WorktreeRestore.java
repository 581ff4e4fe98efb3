package dev.wave.safety;

import static java.util.Objects.requireNonNull;

import dev.wave.git.Command;
import dev.wave.git.Git;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the working tree from one snapshot into another, on disk, touching only the paths that differ.
 *
 * <p>Design: {@code git diff-tree} between the current snapshot and the target lists what differs.
 * Files only in the current snapshot (what the run created) are deleted; the directories that
 * leaves empty are removed unless the target has them or they were empty directories at backup
 * time. Files only in the target, or different there, are written from the object database by
 * {@code git cat-file --batch}, byte for byte with no filters: content, the executable bit, and
 * symbolic links as links. A file that still exists is rewritten in place, which keeps its owner and
 * permissions; then every file's permission bits are set back to what the backup recorded.
 *
 * <p>Safety: a path is never touched through a symbolic link, nor outside the work tree, nor inside a
 * {@code .wave} directory. Ignored files are never in a snapshot, so they are never deleted; when one
 * stands where the target needs a file or a directory, that path is reported as a conflict and left
 * alone. Submodules are reported, not restored.
 */
final class WorktreeRestore {
    private final Git git;
    private final Path root;
    private final List<String> conflicts = new ArrayList<>();
    private int removed;
    private int written;

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

    List<String> conflicts() {
        return List.copyOf(conflicts);
    }

    /** Makes the working tree, currently {@code current}, look like {@code target}. */
    void apply(String current, String target, BackupState state) {
        List<Change> changes = new ArrayList<>();
        List<String> fields = git.run(Command.of("diff-tree", "-r", "-z", "--no-renames", current, target)).nulSeparated();
        for (int i = 0; i + 1 < fields.size(); i += 2) {
            changes.add(Change.parse(fields.get(i), fields.get(i + 1)));
        }
        Set<String> keep = new HashSet<>(targetDirectories(target));
        for (String empty : state.emptyDirectories()) {
            keep.add(empty);
            keep.addAll(ancestors(empty));
        }
        List<Change> writes = new ArrayList<>();
        Set<Path> touchedDirectories = new HashSet<>();
        for (Change change : changes) {
            if (untouchable(change.path())) {
                continue;
            }
            if (change.fromMode().equals(Snapshots.MODE_GITLINK) || change.toMode().equals(Snapshots.MODE_GITLINK)) {
                conflicts.add(change.path() + " (a submodule: wave does not restore submodules)");
                continue;
            }
            if (change.status() == 'D') {
                delete(change.path());
                if (change.path().indexOf('/') > 0) {
                    touchedDirectories.add(root.resolve(change.path()).getParent());
                }
            } else {
                writes.add(change);
            }
        }
        pruneEmptyDirectories(touchedDirectories, keep);
        write(writes);
        for (String empty : state.emptyDirectories()) {
            Path directory = root.resolve(empty);
            if (!untouchable(empty) && !Files.exists(directory, LinkOption.NOFOLLOW_LINKS) && parentsAreDirectories(empty)) {
                try {
                    Files.createDirectories(directory);
                } catch (IOException e) {
                    conflicts.add(empty + "/ (cannot recreate the empty directory: " + e.getMessage() + ")");
                }
            }
        }
    }

    /**
     * Removes the empty directories the run created: untracked directories with nothing in them at all
     * that the backup did not record. A directory holding anything, an ignored file say, stays.
     */
    void removeCreatedEmptyDirectories(BackupState state) {
        Set<String> recorded = new HashSet<>(state.emptyDirectories());
        List<String> now = Backups.emptyDirectories(git, Optional.of(git.gitPath("index")).filter(Files::isRegularFile));
        List<String> deepestFirst = new ArrayList<>(now);
        deepestFirst.sort(Comparator.comparingInt((String path) -> path.split("/").length).reversed());
        for (String path : deepestFirst) {
            if (recorded.contains(path) || untouchable(path) || !parentsAreDirectories(path)) {
                continue;
            }
            try {
                Files.delete(root.resolve(path));
                removed++;
            } catch (DirectoryNotEmptyException | NoSuchFileException e) {
                // It holds a recorded directory or something ignored: it stays.
            } catch (IOException e) {
                conflicts.add(path + "/ (cannot remove the empty directory the run created: " + e.getMessage() + ")");
            }
        }
    }

    /** The empty directories that differ from the backup's: created by the run, or gone. */
    List<String> emptyDirectoryMismatches(BackupState state) {
        Set<String> now = new java.util.TreeSet<>(Backups.emptyDirectories(git,
                Optional.of(git.gitPath("index")).filter(Files::isRegularFile)));
        Set<String> recorded = new java.util.TreeSet<>(state.emptyDirectories());
        List<String> mismatches = new ArrayList<>();
        for (String path : now) {
            if (!recorded.contains(path)) {
                mismatches.add(path + "/ (created)");
            }
        }
        for (String path : recorded) {
            if (!now.contains(path)) {
                mismatches.add(path + "/ (missing)");
            }
        }
        return mismatches;
    }

    /** Sets every file of {@code target} back to the permission bits the backup recorded; returns how many changed. */
    int restorePermissions(String target, BackupState state) {
        int fixed = 0;
        for (Snapshots.IndexEntry entry : Backups.treeEntries(git, target)) {
            boolean regular = entry.mode().equals(Snapshots.MODE_FILE) || entry.mode().equals(Snapshots.MODE_EXECUTABLE);
            if (!regular || untouchable(entry.path())) {
                continue;
            }
            Path file = root.resolve(entry.path());
            Optional<String> actual = Backups.permissionsOf(file);
            String expected = state.permissions().expected(entry.path(), entry.mode());
            if (actual.isPresent() && !actual.get().equals(expected) && parentsAreDirectories(entry.path())) {
                try {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(expected));
                    fixed++;
                } catch (IOException | UnsupportedOperationException e) {
                    conflicts.add(entry.path() + " (cannot set permissions " + expected + ": " + e.getMessage() + ")");
                }
            }
        }
        return fixed;
    }

    /** The paths of files whose permission bits differ from the backup's. */
    List<String> permissionMismatches(String target, BackupState state) {
        List<String> mismatches = new ArrayList<>();
        for (Snapshots.IndexEntry entry : Backups.treeEntries(git, target)) {
            boolean regular = entry.mode().equals(Snapshots.MODE_FILE) || entry.mode().equals(Snapshots.MODE_EXECUTABLE);
            if (regular && !untouchable(entry.path())) {
                Optional<String> actual = Backups.permissionsOf(root.resolve(entry.path()));
                if (actual.isPresent() && !actual.get().equals(state.permissions().expected(entry.path(), entry.mode()))) {
                    mismatches.add(entry.path());
                }
            }
        }
        return mismatches;
    }

    /** Paths wave never touches: anything inside a {@code .wave} directory. */
    static boolean untouchable(String path) {
        return path.equals(".wave") || path.startsWith(".wave/") || path.contains("/.wave/") || path.endsWith("/.wave");
    }

    private void delete(String path) {
        if (!parentsAreDirectories(path)) {
            return; // a parent is gone or is not a real directory: the file cannot be there
        }
        Path file = root.resolve(path);
        try {
            if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
                conflicts.add(path + " (a directory stands where the run's file was; left alone)");
                return;
            }
            if (Files.deleteIfExists(file)) {
                removed++;
            }
        } catch (IOException e) {
            conflicts.add(path + " (cannot delete it: " + e.getMessage() + ")");
        }
    }

    private void pruneEmptyDirectories(Set<Path> directories, Set<String> keep) {
        List<Path> candidates = new ArrayList<>();
        for (Path directory : directories) {
            for (Path at = directory; at != null && at.startsWith(root) && !at.equals(root); at = at.getParent()) {
                candidates.add(at);
            }
        }
        candidates.sort(Comparator.comparingInt(Path::getNameCount).reversed());
        for (Path directory : new java.util.LinkedHashSet<>(candidates)) {
            String relative = root.relativize(directory).toString();
            if (keep.contains(relative) || untouchable(relative) || !Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            try {
                Files.delete(directory);
            } catch (DirectoryNotEmptyException | NoSuchFileException e) {
                // It holds something the run did not create (an ignored file, say), or is gone already.
            } catch (IOException e) {
                conflicts.add(relative + "/ (cannot remove the empty directory: " + e.getMessage() + ")");
            }
        }
    }

    private void write(List<Change> writes) {
        List<Change> ready = new ArrayList<>();
        for (Change change : writes) {
            if (prepare(change.path())) {
                ready.add(change);
            }
        }
        if (ready.isEmpty()) {
            return;
        }
        List<String> objects = new ArrayList<>(ready.size());
        ready.forEach(change -> objects.add(change.toSha()));
        git.read(Command.of("cat-file", "--batch").withLines(objects), output -> {
            for (Change change : ready) {
                long size = header(output, change.toSha());
                ObjectInput object = new ObjectInput(output, size);
                try {
                    writeOne(change, object, size);
                } catch (java.nio.file.FileSystemException e) {
                    conflicts.add(change.path() + " (cannot write it: " + e.getMessage() + ")");
                }
                object.skipRest();
                if (output.read() != '\n') {
                    throw new IOException("git cat-file --batch: no newline after object " + change.toSha());
                }
            }
            return null;
        });
    }

    /** Makes room for a file at {@code path}: real parent directories, and nothing but a file or an empty directory in its place. */
    private boolean prepare(String path) {
        Path file = root.resolve(path).normalize();
        if (!file.startsWith(root)) {
            conflicts.add(path + " (outside the work tree)");
            return false;
        }
        Path parent = file.getParent();
        for (Path at = root; !at.equals(parent); ) {
            at = at.resolve(parent.getName(at.getNameCount()).toString());
            if (Files.isDirectory(at, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            if (Files.exists(at, LinkOption.NOFOLLOW_LINKS)) {
                conflicts.add(path + " (" + root.relativize(at) + " is an ignored file or link in the way; left alone)");
                return false;
            }
            try {
                Files.createDirectory(at);
            } catch (IOException e) {
                conflicts.add(path + " (cannot create " + root.relativize(at) + ": " + e.getMessage() + ")");
                return false;
            }
        }
        if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.delete(file);
            } catch (IOException e) {
                conflicts.add(path + " (a directory with ignored files stands in its place; left alone)");
                return false;
            }
        }
        return true;
    }

    private void writeOne(Change change, InputStream output, long size) throws IOException {
        Path file = root.resolve(change.path());
        if (change.toMode().equals(Snapshots.MODE_SYMLINK)) {
            byte[] target = output.readNBytes((int) size);
            Files.deleteIfExists(file);
            Files.createSymbolicLink(file, Path.of(new String(target, StandardCharsets.UTF_8)));
            written++;
            return;
        }
        boolean inPlace = Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS);
        if (inPlace) {
            try (OutputStream out = Files.newOutputStream(file, LinkOption.NOFOLLOW_LINKS, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                copy(output, out, size);
            } catch (AccessDeniedException e) {
                inPlace = false; // a read-only file: replace it below
            }
        }
        if (!inPlace) {
            Files.deleteIfExists(file);
            try (OutputStream out = Files.newOutputStream(file, LinkOption.NOFOLLOW_LINKS, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                copy(output, out, size);
            }
        }
        setExecutable(file, change.toMode().equals(Snapshots.MODE_EXECUTABLE));
        written++;
    }

    private static void setExecutable(Path file, boolean executable) throws IOException {
        Optional<String> current = Backups.permissionsOf(file);
        if (current.isEmpty()) {
            return;
        }
        char[] bits = current.get().toCharArray();
        for (int i = 0; i < 3; i++) {
            bits[i * 3 + 2] = executable && bits[i * 3] == 'r' ? 'x' : '-';
        }
        String wanted = new String(bits);
        if (!wanted.equals(current.get())) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(wanted));
        }
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

    private boolean parentsAreDirectories(String path) {
        Path parent = root.resolve(path).getParent();
        for (Path at = parent; at != null && at.startsWith(root) && !at.equals(root); at = at.getParent()) {
            if (!Files.isDirectory(at, LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
        }
        return true;
    }

    private List<String> targetDirectories(String target) {
        List<String> directories = new ArrayList<>();
        for (String line : git.run(Command.of("ls-tree", "-r", "-d", "-z", "--name-only", "--full-tree", target)).nulSeparated()) {
            directories.add(line);
        }
        return directories;
    }

    private static List<String> ancestors(String path) {
        List<String> ancestors = new ArrayList<>();
        for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
            ancestors.add(path.substring(0, slash));
        }
        return ancestors;
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

    /** One line of {@code git diff-tree -r -z}: {@code :<from mode> <to mode> <from sha> <to sha> <status>} and a path. */
    record Change(String fromMode, String toMode, String fromSha, String toSha, char status, String path) {
        static Change parse(String header, String path) {
            String[] fields = header.substring(1).split(" ");
            return new Change(fields[0], fields[1], fields[2], fields[3], fields[4].charAt(0), path);
        }
    }
}
