package dev.wave.safety;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wave.WaveException;
import dev.wave.git.Command;
import dev.wave.git.Git;
import dev.wave.git.Result;
import dev.wave.journal.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Takes backups and reads them back. A backup is a commit under {@code refs/wave/backups/<id>} whose
 * tree is a {@link Snapshots snapshot} of the working tree; its parents are HEAD, a commit of the
 * index's tree and the commit of every branch, so nothing a rollback may need can be garbage
 * collected while the backup exists. Beside it, in {@code <git-dir>/wave/backups/}, a JSON file holds
 * HEAD, the branches, file permissions and empty directories, and {@code <id>.index} is an exact copy
 * of the index (conflicts and flags included).
 *
 * <p>Taking a backup writes objects, wave's ref and those files, and adds {@code .wave/} to
 * {@code .git/info/exclude}; it never changes the user's branches, index, stash or HEAD.
 */
final class Backups {
    static final Pattern VALID_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,239}");
    static final String EXCLUDE_LINE = ".wave/";

    private final Git git;
    private final InstantSource clock;

    Backups(Git git, InstantSource clock) {
        this.git = requireNonNull(git, "git is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    Path directory() {
        return git.gitDirectory().resolve("wave").resolve("backups");
    }

    /** Adds {@code .wave/} to the repository's {@code info/exclude} unless a line already says so. */
    void excludeWaveDirectory() {
        Path exclude = git.gitPath("info/exclude");
        try {
            String text = Files.exists(exclude) ? Files.readString(exclude, StandardCharsets.UTF_8) : "";
            for (String line : text.split("\n")) {
                String trimmed = line.strip();
                if (trimmed.equals(EXCLUDE_LINE) || trimmed.equals("/" + EXCLUDE_LINE) || trimmed.equals(".wave")) {
                    return;
                }
            }
            Files.createDirectories(exclude.getParent());
            String addition = (text.isEmpty() || text.endsWith("\n") ? "" : "\n")
                    + "# wave's run directories (added by wave)\n" + EXCLUDE_LINE + "\n";
            Files.writeString(exclude, text + addition, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw WaveException.unsafeState("cannot add %s to %s (%s). Check that the repository is writable.", EXCLUDE_LINE,
                    exclude, e.getMessage());
        }
    }

    /**
     * Takes a backup of the repository as it is now.
     *
     * @throws WaveException of kind UNSAFE_STATE when git cannot snapshot the tree (an unreadable file, say)
     *     or a backup with this id exists
     */
    BackupState create(String id, Backup.Kind kind, Optional<String> task) {
        requireNonNull(id, "id is null");
        if (!VALID_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("not a backup id: " + id);
        }
        long start = System.nanoTime();
        Instant createdAt = clock.instant();
        excludeWaveDirectory();
        Path store = directory();
        Path jsonFile = store.resolve(id + ".json");
        Path indexCopy = store.resolve(id + ".index");
        if (Files.exists(jsonFile)) {
            throw WaveException.unsafeState("a backup with id %s exists already in %s. Use another run id.", id, store);
        }
        try {
            Files.createDirectories(store);
            Path realIndex = git.gitPath("index");
            if (Files.isRegularFile(realIndex)) {
                Files.copy(realIndex, indexCopy, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw WaveException.unsafeState("cannot write the backup to %s (%s). Check that the repository is writable.",
                    store, e.getMessage());
        }
        try {
            return create(id, kind, task, createdAt, start, jsonFile, indexCopy);
        } catch (RuntimeException e) {
            Snapshots.deleteQuietly(indexCopy);
            throw e;
        }
    }

    private BackupState create(String id, Backup.Kind kind, Optional<String> task, Instant createdAt, long start,
            Path jsonFile, Path indexCopy) {
        boolean hasIndex = Files.isRegularFile(indexCopy);
        Optional<Path> index = hasIndex ? Optional.of(indexCopy) : Optional.empty();
        String tree = Snapshots.take(git, index);
        Optional<String> indexTree = Snapshots.indexTree(git, index);
        String digest = indexDigest(git, index);
        Head head = head(git);
        Map<String, String> branches = branches(git);
        List<Snapshots.IndexEntry> entries = treeEntries(git, tree);

        Set<String> parents = new LinkedHashSet<>();
        head.commit().ifPresent(parents::add);
        if (indexTree.isPresent()) {
            List<String> args = new ArrayList<>(List.of("commit-tree", indexTree.get()));
            head.commit().ifPresent(commit -> args.addAll(List.of("-p", commit)));
            args.addAll(List.of("-m", "index of wave backup " + id));
            parents.add(git.run(Command.of(args)).text());
        }
        parents.addAll(branches.values());
        List<String> args = new ArrayList<>(List.of("commit-tree", tree));
        parents.forEach(parent -> args.addAll(List.of("-p", parent)));
        args.addAll(List.of("-m", message(id, kind, task, head)));
        String commit = git.run(Command.of(args)).text();
        String ref = Backup.REF_PREFIX + id;
        git.run(Command.of("update-ref", "--stdin").withLines(List.of("create " + ref + " " + commit)));

        BackupState state = new BackupState(
                new Backup(id, kind, task, ref, commit, tree, createdAt, entries.size(), head.describe(),
                        (System.nanoTime() - start) / 1_000_000),
                hasIndex, indexTree, digest, head, branches, permissions(git.root(), entries), emptyDirectories(git, index));
        Json.write(jsonFile, state.json());
        return state;
    }

    /** The backup with this id, if this repository holds it. */
    Optional<BackupState> load(String id) {
        if (!VALID_ID.matcher(id).matches()) {
            return Optional.empty();
        }
        Path file = directory().resolve(id + ".json");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonNode root = Json.MAPPER.readTree(file.toFile());
            return Optional.of(BackupState.parse(root));
        } catch (IOException | RuntimeException e) {
            throw WaveException.unsafeState("the backup record %s cannot be read (%s). Restore it from %s%s with git by hand.",
                    file, e.getMessage(), Backup.REF_PREFIX, id);
        }
    }

    /** The copy of the index stored with backup {@code id}. */
    Path indexCopy(String id) {
        return directory().resolve(id + ".index");
    }

    /** Every backup this repository holds, oldest first. */
    List<Backup> list() {
        Path store = directory();
        if (!Files.isDirectory(store)) {
            return List.of();
        }
        List<Backup> backups = new ArrayList<>();
        try (Stream<Path> files = Files.list(store)) {
            for (Path file : (Iterable<Path>) files.sorted()::iterator) {
                String name = file.getFileName().toString();
                if (name.endsWith(".json")) {
                    load(name.substring(0, name.length() - ".json".length())).ifPresent(state -> backups.add(state.backup()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + store, e);
        }
        backups.sort(java.util.Comparator.comparing(Backup::createdAt).thenComparing(Backup::id));
        return backups;
    }

    static Head head(Git git) {
        Result symbolic = git.attempt(Command.of("symbolic-ref", "-q", "HEAD"));
        Optional<String> branch = symbolic.succeeded() ? Optional.of(symbolic.text()) : Optional.empty();
        Result resolved = git.attempt(Command.of("rev-parse", "-q", "--verify", "HEAD^{commit}"));
        Optional<String> commit = resolved.succeeded() ? Optional.of(resolved.text()) : Optional.empty();
        return new Head(branch, commit);
    }

    static Map<String, String> branches(Git git) {
        Map<String, String> branches = new LinkedHashMap<>();
        for (String line : git.run(Command.of("for-each-ref", "--format=%(objectname) %(refname)", "refs/heads")).lines()) {
            int space = line.indexOf(' ');
            branches.put(line.substring(space + 1), line.substring(0, space));
        }
        return branches;
    }

    /** SHA-256 of the index's entries with their stages and flags, or of an empty index. */
    static String indexDigest(Git git, Optional<Path> index) {
        Path path = index.orElse(Snapshots.scratch(git).resolve("no-index"));
        byte[] listing = git.run(Command.of("ls-files", "-s", "-v", "-z").withIndex(path)).output();
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(listing));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    static List<Snapshots.IndexEntry> treeEntries(Git git, String tree) {
        List<Snapshots.IndexEntry> entries = new ArrayList<>();
        for (String line : git.run(Command.of("ls-tree", "-r", "-z", "--full-tree", tree)).nulSeparated()) {
            entries.add(Snapshots.IndexEntry.parse(line));
        }
        return entries;
    }

    /** The usual permissions of plain and executable files, and every file that has others. */
    static BackupState.Permissions permissions(Path root, List<Snapshots.IndexEntry> entries) {
        Map<String, String> actual = new HashMap<>();
        Map<String, Integer> plainCounts = new HashMap<>();
        Map<String, Integer> executableCounts = new HashMap<>();
        for (Snapshots.IndexEntry entry : entries) {
            boolean executable = entry.mode().equals(Snapshots.MODE_EXECUTABLE);
            if (!executable && !entry.mode().equals(Snapshots.MODE_FILE)) {
                continue;
            }
            Optional<String> permissions = permissionsOf(root.resolve(entry.path()));
            if (permissions.isEmpty()) {
                continue;
            }
            actual.put(entry.path(), permissions.get());
            (executable ? executableCounts : plainCounts).merge(permissions.get(), 1, Integer::sum);
        }
        String file = mostCommon(plainCounts, BackupState.Permissions.DEFAULT_FILE);
        String executable = mostCommon(executableCounts, BackupState.Permissions.DEFAULT_EXECUTABLE);
        Map<String, String> exceptions = new HashMap<>();
        for (Snapshots.IndexEntry entry : entries) {
            String permissions = actual.get(entry.path());
            if (permissions != null) {
                String usual = entry.mode().equals(Snapshots.MODE_EXECUTABLE) ? executable : file;
                if (!permissions.equals(usual)) {
                    exceptions.put(entry.path(), permissions);
                }
            }
        }
        return new BackupState.Permissions(file, executable, exceptions);
    }

    static Optional<String> permissionsOf(Path file) {
        try {
            return Optional.of(PosixFilePermissions.toString(Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS)));
        } catch (UnsupportedOperationException | IOException e) {
            return Optional.empty();
        }
    }

    private static String mostCommon(Map<String, Integer> counts, String fallback) {
        return counts.entrySet().stream()
                .max(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey)
                .orElse(fallback);
    }

    /**
     * Every untracked directory that holds no file (only, perhaps, other such directories), as paths
     * relative to the work tree, sorted: git cannot keep them in a tree.
     */
    static List<String> emptyDirectories(Git git, Optional<Path> index) {
        Path path = index.orElse(Snapshots.scratch(git).resolve("no-index"));
        List<String> all = git.run(Command.of("ls-files", "-z", "-o", "--directory", "--exclude-standard").withIndex(path))
                .nulSeparated();
        Set<String> nonEmpty = new java.util.HashSet<>(git.run(Command.of("ls-files", "-z", "-o", "--directory",
                "--no-empty-directory", "--exclude-standard").withIndex(path)).nulSeparated());
        java.util.TreeSet<String> empty = new java.util.TreeSet<>();
        for (String entry : all) {
            if (entry.endsWith("/") && !nonEmpty.contains(entry)) {
                Path top = git.root().resolve(entry);
                try (Stream<Path> walk = Files.walk(top)) {
                    walk.filter(found -> Files.isDirectory(found, LinkOption.NOFOLLOW_LINKS))
                            .forEach(found -> empty.add(git.root().relativize(found).toString()));
                } catch (IOException | UncheckedIOException e) {
                    empty.add(entry.substring(0, entry.length() - 1));
                }
            }
        }
        return new ArrayList<>(empty);
    }

    private static String message(String id, Backup.Kind kind, Optional<String> task, Head head) {
        String what = switch (kind) {
            case RUN -> "Wave 0 backup of run " + id;
            case CRITICAL -> "backup before critical task " + task.orElse("?");
            case UNDO -> "state before a rollback";
        };
        return "wave backup " + id + ": " + what + "\n\n"
                + "A snapshot of the whole working tree (tracked, staged, modified and untracked files that are not\n"
                + "ignored). HEAD was " + head.describe() + ". Restore it exactly with: wave rollback " + id + "\n";
    }
}
