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
    static final String PENDING = ".pending";
    static final String MANIFEST = ".manifest";
    static final String STASH_LOG = ".stash-log";
    static final String KEPT_PREFIX = "refs/wave/kept/";

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
     * @param ignoredMax the most bytes of ignored files to hold ({@code backup_ignored_max})
     * @throws WaveException of kind UNSAFE_STATE when git cannot snapshot the tree (an unreadable file, say)
     *     or a backup with this id exists
     */
    BackupState create(String id, Backup.Kind kind, Optional<String> task, long ignoredMax) {
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
        Path pending = store.resolve(id + PENDING);
        if (Files.exists(jsonFile)) {
            throw WaveException.unsafeState("a backup with id %s exists already in %s. Use another run id.", id, store);
        }
        try {
            Files.createDirectories(store);
            Files.writeString(pending, kind.label() + " " + Json.time(createdAt) + "\n", StandardCharsets.UTF_8);
            Path realIndex = git.gitPath("index");
            if (Files.isRegularFile(realIndex)) {
                Files.copy(realIndex, indexCopy, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw WaveException.unsafeState("cannot write the backup to %s (%s). Check that the repository is writable.",
                    store, e.getMessage());
        }
        BackupState state;
        try {
            state = create(id, kind, task, createdAt, start, jsonFile, indexCopy, ignoredMax);
        } catch (RuntimeException e) {
            Snapshots.deleteQuietly(indexCopy);
            Snapshots.deleteQuietly(pending); // refused cleanly, before any task: not a run that stopped in Wave 0
            throw e;
        }
        Snapshots.deleteQuietly(pending);
        return state;
    }

    /** As {@link #create(String, Backup.Kind, Optional, long)} with the default cap on ignored files. */
    BackupState create(String id, Backup.Kind kind, Optional<String> task) {
        return create(id, kind, task, SafetyOptions.DEFAULT_BACKUP_IGNORED_MAX);
    }

    private BackupState create(String id, Backup.Kind kind, Optional<String> task, Instant createdAt, long start,
            Path jsonFile, Path indexCopy, long ignoredMax) {
        boolean hasIndex = Files.isRegularFile(indexCopy);
        Optional<Path> index = hasIndex ? Optional.of(indexCopy) : Optional.empty();
        Head head = head(git);
        Map<String, String> refs = Refs.read(git);
        List<String> stash = Refs.stashEntries(git);
        Optional<byte[]> stashLog = Refs.readStashLog(git);
        TreeScan.Result scan = TreeScan.scan(git, ignoredMax);
        Manifest manifest = scan.manifest();
        String tree = viewTree(manifest);
        Optional<String> indexTree = Snapshots.indexTree(git, index);
        String digest = indexDigest(git, index);

        Set<String> parents = new LinkedHashSet<>();
        head.commit().ifPresent(parents::add);
        if (indexTree.isPresent()) {
            List<String> args = new ArrayList<>(List.of("commit-tree", indexTree.get()));
            head.commit().ifPresent(commit -> args.addAll(List.of("-p", commit)));
            args.addAll(List.of("-m", "index of wave backup " + id));
            parents.add(git.run(Command.of(args)).text());
        }
        parents.add(git.run(Command.of("commit-tree", objectsTree(manifest), "-m", "every file of wave backup " + id)).text());
        List<String> kept = Refs.nonCommitTargets(git);
        for (String target : refs.values()) {
            if (!kept.contains(target)) {
                parents.add(target);
            }
        }
        parents.addAll(stash);
        List<String> args = new ArrayList<>(List.of("commit-tree", tree));
        parents.forEach(parent -> args.addAll(List.of("-p", parent)));
        args.addAll(List.of("-m", message(id, kind, task, head)));
        String commit = git.run(Command.of(args)).text();
        String ref = Backup.REF_PREFIX + id;
        List<String> updates = new ArrayList<>();
        updates.add("create " + ref + " " + commit);
        for (int i = 0; i < kept.size(); i++) {
            updates.add("update " + KEPT_PREFIX + id + "/" + i + " " + kept.get(i));
        }
        git.run(Command.of("update-ref", "--stdin").withLines(updates));
        try {
            Files.write(directory().resolve(id + MANIFEST), manifest.serialize());
            if (stashLog.isPresent()) {
                Files.write(directory().resolve(id + STASH_LOG), stashLog.get());
            }
        } catch (IOException e) {
            throw WaveException.unsafeState("cannot write the backup to %s (%s). Check that the repository is writable.",
                    directory(), e.getMessage());
        }
        BackupState state = new BackupState(
                new Backup(id, kind, task, ref, commit, tree, createdAt, manifest.fileCount(), head.describe(),
                        (System.nanoTime() - start) / 1_000_000),
                hasIndex, indexTree, digest, head, refs, stashLog.isPresent(), scan.coverage());
        Json.write(jsonFile, state.json());
        return state;
    }

    /** The manifest stored with backup {@code id}. */
    Manifest manifest(String id) {
        Path file = directory().resolve(id + MANIFEST);
        try {
            return Manifest.parse(Files.readAllBytes(file));
        } catch (IOException | RuntimeException e) {
            throw WaveException.unsafeState("the manifest %s of backup %s cannot be read (%s). Restore it with git from %s%s "
                    + "by hand.", file, id, e.getMessage(), Backup.REF_PREFIX, id);
        }
    }

    /** The stash reflog stored with backup {@code id}. */
    Path stashLogCopy(String id) {
        return directory().resolve(id + STASH_LOG);
    }

    /** Wave 0 backups that were started and never finished (the run stopped during Wave 0), with their start. */
    Map<String, Instant> unfinished() {
        Path store = directory();
        if (!Files.isDirectory(store)) {
            return Map.of();
        }
        Map<String, Instant> unfinished = new java.util.TreeMap<>();
        try (Stream<Path> files = Files.list(store)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                if (!name.endsWith(PENDING) || Files.exists(store.resolve(name.substring(0, name.length() - PENDING.length())
                        + ".json"))) {
                    continue;
                }
                String[] fields = Files.readString(file, StandardCharsets.UTF_8).strip().split(" ");
                if (fields.length == 2 && fields[0].equals(Backup.Kind.RUN.label())) {
                    try {
                        unfinished.put(name.substring(0, name.length() - PENDING.length()), Instant.parse(fields[1]));
                    } catch (java.time.format.DateTimeParseException e) {
                        unfinished.put(name.substring(0, name.length() - PENDING.length()), Instant.EPOCH);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + store, e);
        }
        return unfinished;
    }

    /**
     * The tree of the files and links a user would see in {@code git ls-tree} terms: every path of the
     * manifest that git can hold (none inside a {@code .git}); for people and {@code git restore --source}.
     */
    private String viewTree(Manifest manifest) {
        List<String> lines = new ArrayList<>();
        List<String> linkPaths = new ArrayList<>();
        List<String> linkTargets = new ArrayList<>();
        for (Map.Entry<String, Manifest.Node> entry : manifest.nodes().entrySet()) {
            String path = entry.getKey();
            if (insideGitDirectory(path)) {
                continue;
            }
            if (entry.getValue() instanceof Manifest.RegularFile file) {
                boolean executable = file.permissions().length() > 2 && file.permissions().charAt(2) == 'x';
                lines.add((executable ? Snapshots.MODE_EXECUTABLE : Snapshots.MODE_FILE) + " " + file.sha() + "\t" + path);
            } else if (entry.getValue() instanceof Manifest.Link link) {
                linkPaths.add(path);
                linkTargets.add(link.target());
            }
        }
        List<String> linkBlobs = blobs(linkTargets);
        for (int i = 0; i < linkPaths.size(); i++) {
            lines.add(Snapshots.MODE_SYMLINK + " " + linkBlobs.get(i) + "\t" + linkPaths.get(i));
        }
        Path index = Snapshots.temporaryIndex(git, Optional.empty());
        try {
            if (!lines.isEmpty()) {
                git.run(Command.of("update-index", "-z", "--add", "--index-info").withIndex(index).withNulInput(lines));
            }
            return git.run(Command.of("write-tree").withIndex(index)).text();
        } finally {
            Snapshots.deleteQuietly(index);
        }
    }

    /** A flat tree naming every blob of the manifest by its id, so that none can be garbage collected. */
    private String objectsTree(Manifest manifest) {
        List<String> lines = new ArrayList<>();
        for (String blob : manifest.blobs()) {
            lines.add(Snapshots.MODE_FILE + " blob " + blob + "\t" + blob);
        }
        return git.run(Command.of("mktree", "-z").withNulInput(lines)).text();
    }

    /** Stores each text as a blob and returns their ids, in order. */
    private List<String> blobs(List<String> texts) {
        if (texts.isEmpty()) {
            return List.of();
        }
        Path scratch = Snapshots.scratch(git).resolve("links-" + java.util.UUID.randomUUID());
        try {
            Files.createDirectories(scratch);
            List<String> files = new ArrayList<>();
            for (int i = 0; i < texts.size(); i++) {
                Path file = scratch.resolve(Integer.toString(i));
                Files.writeString(file, texts.get(i), StandardCharsets.UTF_8);
                files.add(file.toString());
            }
            return git.run(Command.of("hash-object", "-w", "--no-filters", "--stdin-paths").withLines(files)).lines();
        } catch (IOException e) {
            throw WaveException.unsafeState("cannot write to %s (%s). Check that the repository is writable.", scratch,
                    e.getMessage());
        } finally {
            try (Stream<Path> files = Files.list(scratch)) {
                files.forEach(Snapshots::deleteQuietly);
                Files.deleteIfExists(scratch);
            } catch (IOException e) {
                scratch.toFile().deleteOnExit();
            }
        }
    }

    static boolean insideGitDirectory(String path) {
        for (String part : path.split("/")) {
            if (part.equalsIgnoreCase(".git")) {
                return true;
            }
        }
        return false;
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
                    try {
                        load(name.substring(0, name.length() - ".json".length())).ifPresent(state -> backups.add(state.backup()));
                    } catch (WaveException e) {
                        // A record an older wave wrote, or a damaged one: 'wave rollback ID' says which and why.
                    }
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

    private static String message(String id, Backup.Kind kind, Optional<String> task, Head head) {
        String what = switch (kind) {
            case RUN -> "Wave 0 backup of run " + id;
            case CRITICAL -> "backup before critical task " + task.orElse("?");
            case UNDO -> "state before a rollback";
        };
        return "wave backup " + id + ": " + what + "\n\n"
                + "A snapshot of the whole working tree (tracked, staged, modified, untracked and ignored files up to\n"
                + "backup_ignored_max, nested repositories); every file, .git contents of nested repositories too, is kept by the parent \"every file of wave backup\".\n"
                + "HEAD was " + head.describe() + ". Restore it exactly with: wave rollback " + id + "\n";
    }
}
