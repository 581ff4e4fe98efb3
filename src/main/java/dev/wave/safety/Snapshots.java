package dev.wave.safety;

import static java.util.Objects.requireNonNull;

import dev.wave.git.Command;
import dev.wave.git.Git;
import dev.wave.git.Result;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Takes snapshots: the git tree of the whole working tree as it is on disk, byte for byte.
 *
 * <p>A snapshot is built in a temporary index that starts as a copy of an index file (the work
 * tree's, or a backup's), so files git tracks stay in even when an ignore rule matches them, and the
 * copy's stat data spares re-reading unchanged files. {@code git add -A} brings in every change,
 * deletion and untracked file that is not ignored, with its mode; symbolic links are stored as
 * links. Content is stored exactly as it is on disk: {@code core.autocrlf} is off for the snapshot,
 * and files that attributes would convert (text, eol, filter, ident, working-tree-encoding) are
 * hashed again with {@code --no-filters}. The user's index, HEAD and refs are never written.
 *
 * <p>Thread-safe as far as git is; callers make sure no task changes the tree meanwhile.
 */
final class Snapshots {
    static final String MODE_FILE = "100644";
    static final String MODE_EXECUTABLE = "100755";
    static final String MODE_SYMLINK = "120000";
    static final String MODE_GITLINK = "160000";
    private static final List<String> CONVERTING_ATTRIBUTES = List.of("text", "eol", "filter", "ident",
            "working-tree-encoding");

    private Snapshots() {}

    /** The scratch directory for temporary index files, inside the git directory. */
    static Path scratch(Git git) {
        Path scratch = git.gitDirectory().resolve("wave").resolve("tmp");
        try {
            Files.createDirectories(scratch);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + scratch, e);
        }
        return scratch;
    }

    /**
     * The tree of the working tree as it is now, based on {@code baseIndex} (or an empty index).
     *
     * @param baseIndex the index whose entries say which files are tracked; empty for none
     */
    static String take(Git git, Optional<Path> baseIndex) {
        requireNonNull(git, "git is null");
        Path index = temporaryIndex(git, baseIndex);
        try {
            git.run(Command.of("add", "-A")
                    .withIndex(index)
                    .withConfiguration("core.autocrlf", "false")
                    .withConfiguration("core.safecrlf", "false"));
            storeUnconverted(git, index);
            return git.run(Command.of("write-tree").withIndex(index)).text();
        } finally {
            deleteQuietly(index);
        }
    }

    /** The tree of the work tree's index as it is, or empty when the index holds unresolved conflicts. */
    static Optional<String> indexTree(Git git, Optional<Path> indexFile) {
        Path index = temporaryIndex(git, indexFile);
        try {
            Result result = git.attempt(Command.of("write-tree").withIndex(index));
            return result.succeeded() ? Optional.of(result.text()) : Optional.empty();
        } finally {
            deleteQuietly(index);
        }
    }

    /** A fresh index path in the scratch directory holding a copy of {@code base}, or no file for an empty index. */
    static Path temporaryIndex(Git git, Optional<Path> base) {
        Path index = scratch(git).resolve("index-" + UUID.randomUUID());
        if (base.isPresent() && Files.isRegularFile(base.get())) {
            try {
                Files.copy(base.get(), index, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot copy the index " + base.get(), e);
            }
        }
        return index;
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
            Files.deleteIfExists(file.resolveSibling(file.getFileName() + ".lock"));
        } catch (IOException e) {
            file.toFile().deleteOnExit();
        }
    }

    /** Re-hashes, without filters, every regular file whose content git would convert when adding it. */
    private static void storeUnconverted(Git git, Path index) {
        List<IndexEntry> files = new ArrayList<>();
        for (String entry : git.run(Command.of("ls-files", "-s", "-z").withIndex(index)).nulSeparated()) {
            IndexEntry parsed = IndexEntry.parse(entry);
            if (parsed.mode().equals(MODE_FILE) || parsed.mode().equals(MODE_EXECUTABLE)) {
                files.add(parsed);
            }
        }
        if (files.isEmpty()) {
            return;
        }
        List<IndexEntry> converted = autocrlf(git) ? files : convertedByAttributes(git, files);
        if (converted.isEmpty()) {
            return;
        }
        List<String> paths = new ArrayList<>(converted.size());
        List<IndexEntry> byLine = new ArrayList<>(converted.size());
        List<IndexEntry> awkward = new ArrayList<>();
        for (IndexEntry entry : converted) {
            if (entry.path().indexOf('\n') >= 0) {
                awkward.add(entry);
            } else {
                paths.add(entry.path());
                byLine.add(entry);
            }
        }
        List<String> shas = new ArrayList<>(git.run(Command.of("hash-object", "-w", "--no-filters", "--stdin-paths")
                .withLines(paths)).lines());
        for (IndexEntry entry : awkward) {
            shas.add(git.run(Command.of("hash-object", "-w", "--no-filters", "--", entry.path())).text());
            byLine.add(entry);
        }
        List<String> updates = new ArrayList<>();
        for (int i = 0; i < byLine.size(); i++) {
            IndexEntry entry = byLine.get(i);
            if (!entry.sha().equals(shas.get(i))) {
                updates.add(entry.mode() + " " + shas.get(i) + "\t" + entry.path());
            }
        }
        if (!updates.isEmpty()) {
            git.run(Command.of("update-index", "-z", "--index-info").withIndex(index).withNulInput(updates));
        }
    }

    private static boolean autocrlf(Git git) {
        Result result = git.attempt(Command.of("config", "--get", "core.autocrlf"));
        String value = result.succeeded() ? result.text().trim().toLowerCase(Locale.ROOT) : "false";
        return !value.equals("false") && !value.isEmpty();
    }

    private static List<IndexEntry> convertedByAttributes(Git git, List<IndexEntry> files) {
        List<String> paths = new ArrayList<>(files.size());
        files.forEach(file -> paths.add(file.path()));
        List<String> args = new ArrayList<>(List.of("check-attr", "-z", "--stdin"));
        args.addAll(CONVERTING_ATTRIBUTES);
        List<String> triples = git.run(Command.of(args).withNulInput(paths)).nulSeparated();
        Set<String> converted = new HashSet<>();
        for (int i = 0; i + 2 < triples.size(); i += 3) {
            String value = triples.get(i + 2);
            if (!value.equals("unspecified") && !value.equals("unset")) {
                converted.add(triples.get(i));
            }
        }
        List<IndexEntry> result = new ArrayList<>();
        for (IndexEntry file : files) {
            if (converted.contains(file.path())) {
                result.add(file);
            }
        }
        return result;
    }

    /** One line of {@code git ls-files -s -z} or {@code git ls-tree -r -z}: mode, object id, path. */
    record IndexEntry(String mode, String sha, String path) {
        /** Parses {@code <mode> SP <sha> SP <stage> TAB <path>} or {@code <mode> SP <type> SP <sha> TAB <path>}. */
        static IndexEntry parse(String line) {
            int tab = line.indexOf('\t');
            String[] fields = line.substring(0, tab).split(" ");
            String path = line.substring(tab + 1);
            boolean tree = fields[1].equals("blob") || fields[1].equals("tree") || fields[1].equals("commit");
            return new IndexEntry(fields[0], tree ? fields[2] : fields[1], path);
        }
    }
}
