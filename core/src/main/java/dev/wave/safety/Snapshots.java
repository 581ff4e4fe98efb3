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
 * Helpers for the git side of backups: temporary index files in {@code <git-dir>/wave/tmp}, the index as a
 * tree, and which paths git would convert when adding them. The user's index, HEAD and refs are never
 * written here. Thread-safe as far as git is.
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

    /** The paths among {@code paths} whose content git converts when adding it (attributes, or core.autocrlf). */
    static Set<String> converted(Git git, List<String> paths) {
        if (paths.isEmpty()) {
            return Set.of();
        }
        if (autocrlf(git)) {
            return new HashSet<>(paths);
        }
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
        return converted;
    }

    private static boolean autocrlf(Git git) {
        Result result = git.attempt(Command.of("config", "--get", "core.autocrlf"));
        String value = result.succeeded() ? result.text().trim().toLowerCase(Locale.ROOT) : "false";
        return !value.equals("false") && !value.isEmpty();
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
