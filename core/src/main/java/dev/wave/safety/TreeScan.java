package dev.wave.safety;

import static java.util.Objects.requireNonNull;

import dev.wave.WaveException;
import dev.wave.git.Command;
import dev.wave.git.Git;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

/**
 * Walks a work tree, never following a symbolic link, and records every directory, file and link
 * (a {@link Manifest}), storing each file's exact bytes as a git blob. Left out: the work tree's own
 * {@code .git} and {@code .wave}, and what {@link BackupCoverage} leaves out.
 *
 * <p>Coverage: ignored entries (git's own rules, {@code --directory}) are measured and held, smallest
 * first, while their total stays within {@code backup_ignored_max}; ignored dependency trees
 * ({@code node_modules}, virtual environments and the like) are never held. Nested repositories and
 * submodule working trees are walked like any directory, their {@code .git} included, so their history
 * is held too; their own ignore rules apply inside them. The index is not consulted: files flagged
 * assume-unchanged or skip-worktree, and sparse checkouts, are recorded as they are on disk, and no
 * attribute or filter applies.
 *
 * <p>Not thread-safe; one scan per instance. Blocks while git hashes.
 */
final class TreeScan {
    static final Set<String> DEPENDENCY_NAMES = Set.of("node_modules", "bower_components", "jspm_packages", ".tox", ".nox",
            "__pypackages__", ".venv", "venv", ".virtualenv");

    private final Git git;
    private final Path root;
    private final long ignoredMax;
    private final boolean decide;
    private boolean record = true; // false: only decide what a backup covers, recording no entry
    private final Set<String> excluded = new HashSet<>();
    private final List<BackupCoverage.Gap> gaps = new ArrayList<>();
    private final List<String> nested = new ArrayList<>();
    private final Map<String, Manifest.Node> nodes = new TreeMap<>();
    private final Map<String, String[]> files = new LinkedHashMap<>(); // path -> {permissions, size}
    private long ignoredBytes;

    private TreeScan(Git git, long ignoredMax, boolean decide, Set<String> excluded) {
        this.git = git;
        this.root = git.root();
        this.ignoredMax = ignoredMax;
        this.decide = decide;
        this.excluded.addAll(excluded);
    }

    /** The result of a scan: what is on disk, and what the backup covers. */
    record Result(Manifest manifest, BackupCoverage coverage) {}

    /** Decides what a backup would cover and scans the tree, hashing and storing every file's content. */
    static Result scan(Git git, long ignoredMax) {
        requireNonNull(git, "git is null");
        TreeScan scan = new TreeScan(git, ignoredMax, true, Set.of());
        scan.considerIgnored(git, "");
        scan.walk();
        Manifest manifest = scan.manifest(true, true);
        return new Result(manifest, new BackupCoverage(scan.gaps, scan.nested, scan.ignoredBytes, ignoredMax));
    }

    /**
     * Only decides what a backup would cover (ignored entries, dependency trees, nested repositories),
     * for the analysis before anything runs: the walk looks for nested repositories and records no
     * file, so it costs a directory listing, not a stat and a hash per file.
     */
    static BackupCoverage coverage(Git git, long ignoredMax) {
        requireNonNull(git, "git is null");
        TreeScan scan = new TreeScan(git, ignoredMax, true, Set.of());
        scan.record = false;
        scan.considerIgnored(git, "");
        scan.walk();
        return new BackupCoverage(scan.gaps, scan.nested, scan.ignoredBytes, ignoredMax);
    }

    /**
     * Scans the tree as an earlier backup saw it, leaving out exactly what that backup left out.
     *
     * @param write whether to store the files' blobs (needed when they must be restorable)
     */
    static Manifest rescan(Git git, BackupCoverage coverage, boolean write) {
        requireNonNull(git, "git is null");
        TreeScan scan = new TreeScan(git, coverage.ignoredMax(), false, coverage.excluded());
        scan.walk();
        return scan.manifest(true, write);
    }

    private void walk() {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes) throws IOException {
                    if (directory.equals(root)) {
                        return FileVisitResult.CONTINUE;
                    }
                    String path = relative(directory);
                    if (path.equals(".git") || path.equals(".wave") || excluded.contains(path)) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    if (record) {
                        nodes.put(path, new Manifest.Directory(permissions(directory, attributes)));
                    }
                    if (decide && !path.endsWith("/.git") && !path.contains("/.git/")
                            && Files.exists(directory.resolve(".git"), LinkOption.NOFOLLOW_LINKS)) {
                        nested.add(path);
                        Git.open(directory).filter(inner -> inner.root().equals(directory))
                                .ifPresent(inner -> considerIgnored(inner, path + "/"));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    if (!record) {
                        return FileVisitResult.CONTINUE;
                    }
                    String path = relative(file);
                    if (path.equals(".git") || path.equals(".wave") || excluded.contains(path)) {
                        return FileVisitResult.CONTINUE;
                    }
                    if (attributes.isSymbolicLink()) {
                        nodes.put(path, new Manifest.Link(Files.readSymbolicLink(file).toString()));
                    } else if (attributes.isRegularFile()) {
                        files.put(path, new String[] {permissions(file, attributes), Long.toString(attributes.size())});
                    } else {
                        nodes.put(path, new Manifest.Special(attributes.isOther() ? "special file" : "unknown entry"));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    throw e;
                }
            });
        } catch (IOException e) {
            throw WaveException.unsafeState("cannot read %s to back it up (%s). Make it readable, or move it out of the "
                    + "repository, and try again.", e.getMessage(), e.getClass().getSimpleName());
        }
    }

    private Manifest manifest(boolean hash, boolean write) {
        Map<String, Manifest.Node> all = new TreeMap<>(nodes);
        Map<String, String> known = hash ? cleanInIndex() : Map.of();
        List<String> paths = new ArrayList<>();
        for (String path : files.keySet()) {
            if (!known.containsKey(path)) {
                paths.add(path);
            }
        }
        List<String> shas = hash ? hash(paths, write) : java.util.Collections.nCopies(paths.size(), "");
        for (int i = 0; i < paths.size(); i++) {
            String[] stat = files.get(paths.get(i));
            all.put(paths.get(i), new Manifest.RegularFile(stat[0], shas.get(i), Long.parseLong(stat[1])));
        }
        known.forEach((path, sha) -> {
            String[] stat = files.get(path);
            if (stat != null) {
                all.put(path, new Manifest.RegularFile(stat[0], sha, Long.parseLong(stat[1])));
            }
        });
        return new Manifest(all);
    }

    /**
     * The blobs of tracked files whose bytes on disk are exactly their index entry's, so they need no hashing:
     * entries git reports unchanged ({@code git diff-files}, stat data checked, racily clean files compared),
     * with no flag that makes git look away (assume-unchanged, skip-worktree), no conflict, and no attribute or
     * {@code core.autocrlf} that converts content (then the index holds other bytes than the disk). Their blobs
     * are in the object database already.
     */
    private Map<String, String> cleanInIndex() {
        Path index = git.gitPath("index");
        if (!Files.isRegularFile(index)) {
            return Map.of();
        }
        Map<String, String> candidates = new java.util.HashMap<>();
        for (String line : git.run(Command.of("ls-files", "-s", "-v", "-z")).nulSeparated()) {
            int tab = line.indexOf('\t');
            String[] fields = line.substring(0, tab).split(" ");
            String path = line.substring(tab + 1);
            boolean regular = fields[1].equals(Snapshots.MODE_FILE) || fields[1].equals(Snapshots.MODE_EXECUTABLE);
            if (fields[0].equals("H") && fields[3].equals("0") && regular && files.containsKey(path)) {
                candidates.put(path, fields[2]);
            }
        }
        if (candidates.isEmpty()) {
            return Map.of();
        }
        for (String path : git.run(Command.of("diff-files", "--name-only", "-z")
                .withConfiguration("core.fsmonitor", "false")
                .withConfiguration("core.ignoreStat", "false")).nulSeparated()) {
            candidates.remove(path);
        }
        for (String path : Snapshots.converted(git, new ArrayList<>(candidates.keySet()))) {
            candidates.remove(path);
        }
        return candidates;
    }

    /** The blob ids of the files' exact bytes (no filters), in order; with {@code write} the blobs are stored. */
    private List<String> hash(List<String> paths, boolean write) {
        List<String> byLine = new ArrayList<>();
        List<Integer> awkward = new ArrayList<>();
        for (int i = 0; i < paths.size(); i++) {
            if (paths.get(i).indexOf('\n') >= 0) {
                awkward.add(i);
            } else {
                byLine.add(paths.get(i));
            }
        }
        List<String> args = new ArrayList<>(List.of("hash-object"));
        if (write) {
            args.add("-w");
        }
        args.addAll(List.of("--no-filters", "--stdin-paths"));
        List<String> hashed = byLine.isEmpty() ? List.of() : git.run(Command.of(args).withLines(byLine)).lines();
        if (hashed.size() != byLine.size()) {
            throw WaveException.unsafeState("git hash-object returned %d ids for %d files in %s. Check the repository with "
                    + "'git fsck' and try again.", hashed.size(), byLine.size(), root);
        }
        List<String> shas = new ArrayList<>(paths.size());
        int next = 0;
        int nextAwkward = 0;
        for (int i = 0; i < paths.size(); i++) {
            if (nextAwkward < awkward.size() && awkward.get(nextAwkward) == i) {
                List<String> one = new ArrayList<>(args.subList(0, args.size() - 1));
                one.addAll(List.of("--", paths.get(i)));
                shas.add(git.run(Command.of(one)).text());
                nextAwkward++;
            } else {
                shas.add(hashed.get(next++));
            }
        }
        return shas;
    }

    /**
     * Takes in the ignored entries of the repository {@code repository} (the work tree or a nested one at
     * {@code prefix}): dependency trees are left out; the others are held, smallest first, within the cap.
     */
    private void considerIgnored(Git repository, String prefix) {
        List<String> entries = repository.run(Command.of("ls-files", "-z", "-o", "-i", "--exclude-standard", "--directory"))
                .nulSeparated();
        List<Candidate> candidates = new ArrayList<>();
        for (String entry : entries) {
            boolean directory = entry.endsWith("/");
            String path = prefix + (directory ? entry.substring(0, entry.length() - 1) : entry);
            if (path.isEmpty() || path.equals(".wave") || path.startsWith(".wave/") || path.equals(".git")) {
                continue;
            }
            Path absolute = root.resolve(path);
            if (directory && dependencyTree(absolute)) {
                gaps.add(new BackupCoverage.Gap(path, true, BackupCoverage.Reason.DEPENDENCY_TREE, OptionalLong.empty()));
                excluded.add(path);
                continue;
            }
            candidates.add(new Candidate(path, directory, size(absolute)));
        }
        candidates.sort(Comparator.comparingLong(Candidate::bytes).thenComparing(Candidate::path));
        for (Candidate candidate : candidates) {
            if (ignoredBytes + candidate.bytes() <= ignoredMax) {
                ignoredBytes += candidate.bytes();
            } else {
                gaps.add(new BackupCoverage.Gap(candidate.path(), candidate.directory(), BackupCoverage.Reason.OVER_IGNORED_MAX,
                        OptionalLong.of(candidate.bytes())));
                excluded.add(candidate.path());
            }
        }
        gaps.sort(Comparator.comparing(BackupCoverage.Gap::path));
    }

    private record Candidate(String path, boolean directory, long bytes) {}

    static boolean dependencyTree(Path directory) {
        return DEPENDENCY_NAMES.contains(directory.getFileName().toString())
                || Files.isRegularFile(directory.resolve("pyvenv.cfg"), LinkOption.NOFOLLOW_LINKS);
    }

    /** The bytes of the regular files at or under {@code path}, links not followed. */
    static long size(Path path) {
        long[] total = {0};
        try {
            Files.walkFileTree(path, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (attributes.isRegularFile()) {
                        total[0] += attributes.size();
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            return total[0];
        }
        return total[0];
    }

    private String relative(Path path) {
        return root.relativize(path).toString();
    }

    /** The permission bits from attributes read already (on POSIX systems they carry them), else read now. */
    private static String permissions(Path path, BasicFileAttributes attributes) throws IOException {
        if (attributes instanceof PosixFileAttributes posix) {
            return PosixFilePermissions.toString(posix.permissions());
        }
        return permissions(path);
    }

    static String permissions(Path path) throws IOException {
        try {
            return PosixFilePermissions.toString(Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                    .permissions());
        } catch (UnsupportedOperationException e) {
            return "";
        }
    }

    /** The nested repository {@code path} lies in, if it lies in one of {@code nestedRepositories}. */
    static Optional<String> insideNested(String path, List<String> nestedRepositories) {
        for (String repository : nestedRepositories) {
            if (path.startsWith(repository + "/")) {
                return Optional.of(repository);
            }
        }
        return Optional.empty();
    }

}
