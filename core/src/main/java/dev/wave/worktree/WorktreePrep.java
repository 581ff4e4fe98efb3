package dev.wave.worktree;

import static java.util.Objects.requireNonNull;

import dev.wave.WaveException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * What a new agent worktree gets from the repository besides its checkout: files and directories
 * copied in ({@code worktree_copy}: {@code .env}, local configuration) and linked in
 * ({@code worktree_link}: {@code node_modules}, {@code .venv}, so that a task does not install its
 * dependencies again). Every path is one the user named inside the repository: {@link #of} refuses,
 * in one line, a path outside it, also through a symbolic link on the way. A link in the worktree
 * points at exactly the path named; a copied directory keeps the links inside it that stay inside
 * it, and leaves out, by name, those that would lead out. A path the checkout already has is left
 * as checked out; a path missing from the repository is skipped, by name. What was placed is left
 * out of the task's commit ({@link Worktrees#commit}). Immutable and thread-safe.
 */
public final class WorktreePrep {
    private static final WorktreePrep NONE = new WorktreePrep(Path.of("/"), List.of(), List.of());

    private final Path repository;
    private final List<String> copy;
    private final List<String> link;

    private WorktreePrep(Path repository, List<String> copy, List<String> link) {
        this.repository = repository;
        this.copy = List.copyOf(copy);
        this.link = List.copyOf(link);
    }

    /** Nothing copied or linked. */
    public static WorktreePrep none() {
        return NONE;
    }

    /**
     * The preparation from {@code repository}: {@code copy} and {@code link} are repository-relative paths.
     *
     * @throws WaveException of kind INVALID_INPUT, one line naming the setting and the path, when a path is
     *     absolute, climbs out with '..', lies in {@code .git} or {@code .wave}, or leads out of the repository
     *     through a symbolic link
     */
    public static WorktreePrep of(Path repository, List<String> copy, List<String> link) {
        requireNonNull(repository, "repository is null");
        Path root = real(repository);
        for (String path : copy) {
            check(root, "worktree_copy", path);
        }
        for (String path : link) {
            check(root, "worktree_link", path);
        }
        return new WorktreePrep(root, copy, link);
    }

    public boolean isEmpty() {
        return copy.isEmpty() && link.isEmpty();
    }

    public List<String> copy() {
        return copy;
    }

    public List<String> link() {
        return link;
    }

    /**
     * What the links of a worktree point at, those that exist now: a sandboxed setup command must see
     * them (read-only), also where the sandbox hides the rest of the file system.
     */
    public List<Path> linkTargets() {
        return link.stream().map(repository::resolve).filter(Files::exists).toList();
    }

    /**
     * What one preparation did.
     *
     * @param placed the paths copied or linked in, which the task's commit leaves out
     * @param skipped each path not placed, with why ("{@code .venv}: not in the repository")
     */
    public record Prepared(List<String> placed, List<String> skipped) {
        public static final Prepared NOTHING = new Prepared(List.of(), List.of());

        public Prepared {
            placed = List.copyOf(placed);
            skipped = List.copyOf(skipped);
        }

        /** One line for the task's log: what was copied or linked, and what was skipped and why. */
        public String describe() {
            StringBuilder line = new StringBuilder(placed.isEmpty() ? "nothing copied or linked"
                    : "copied or linked " + String.join(", ", placed));
            if (!skipped.isEmpty()) {
                line.append("; skipped ").append(String.join("; ", skipped));
            }
            return line.toString();
        }
    }

    /** Copies and links the paths into the worktree at {@code worktree}. */
    public Prepared prepare(Path worktree) {
        requireNonNull(worktree, "worktree is null");
        if (isEmpty()) {
            return Prepared.NOTHING;
        }
        Path tree = worktree.toAbsolutePath().normalize();
        List<String> placed = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (String path : copy) {
            place(tree, path, false, placed, skipped);
        }
        for (String path : link) {
            place(tree, path, true, placed, skipped);
        }
        return new Prepared(placed, skipped);
    }

    private void place(Path tree, String path, boolean asLink, List<String> placed, List<String> skipped) {
        Path source = repository.resolve(path);
        Path target = tree.resolve(path);
        if (!Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
            skipped.add(path + ": not in the repository");
            return;
        }
        if (!insideWithoutLinks(tree, target.getParent())) {
            skipped.add(path + ": a symbolic link of the checkout stands in its way");
            return;
        }
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            skipped.add(path + ": the checkout has it already");
            return;
        }
        if (!Files.exists(source) || !realInside(source)) {
            skipped.add(path + ": a symbolic link that leads out of the repository, or nowhere");
            return;
        }
        try {
            Files.createDirectories(target.getParent());
            if (asLink) {
                Files.createSymbolicLink(target, source);
            } else {
                copyTree(source, target, path, skipped);
            }
            placed.add(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot " + (asLink ? "link " : "copy ") + path + " into the worktree " + tree, e);
        }
    }

    /**
     * Copies a file or directory tree, with permissions. A link named itself is copied as what it points at;
     * a link inside a copied directory is copied as a link when it stays inside that directory, else left out.
     */
    private static void copyTree(Path named, Path target, String path, List<String> skipped) throws IOException {
        Path source = Files.isSymbolicLink(named) ? named.toRealPath() : named;
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes) throws IOException {
                Files.copy(directory, target.resolve(source.relativize(directory).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Path copy = target.resolve(source.relativize(file).toString());
                if (attributes.isSymbolicLink()) {
                    Path pointsAt = Files.readSymbolicLink(file);
                    if (pointsAt.isAbsolute() || !file.getParent().resolve(pointsAt).normalize().startsWith(source)) {
                        skipped.add(path + "/" + source.relativize(file) + ": a symbolic link that leads out of " + path);
                        return FileVisitResult.CONTINUE;
                    }
                    Files.createSymbolicLink(copy, pointsAt);
                } else if (attributes.isRegularFile()) {
                    Files.copy(file, copy, StandardCopyOption.COPY_ATTRIBUTES);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void check(Path root, String setting, String path) {
        requireNonNull(path, "path is null");
        String fix = "Name a path inside the repository " + root + ", or remove the entry.";
        Path relative = Path.of(path);
        Path normal = root.resolve(relative).normalize();
        if (path.isBlank() || relative.isAbsolute() || !normal.startsWith(root) || normal.equals(root)) {
            throw WaveException.invalidInput("%s: %s is outside the repository. %s", setting, path, fix);
        }
        String first = root.relativize(normal).getName(0).toString();
        if (first.equals(".git") || first.equals(".wave")) {
            throw WaveException.invalidInput("%s: %s is in %s, which is git's or wave's own. %s", setting, path, first, fix);
        }
        Path existing = normal;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing != null && Files.exists(existing) && !real(existing).startsWith(root)) {
            throw WaveException.invalidInput("%s: %s leads to %s through a symbolic link, outside the repository. %s",
                    setting, path, real(existing), fix);
        }
    }

    private boolean realInside(Path source) {
        try {
            return source.toRealPath().startsWith(repository);
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean insideWithoutLinks(Path tree, Path directory) {
        for (Path at = directory; at != null && !at.equals(tree); at = at.getParent()) {
            if (Files.isSymbolicLink(at)) {
                return false;
            }
        }
        return true;
    }

    private static Path real(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            throw WaveException.invalidInput("%s: cannot resolve it (%s). Check that it exists.", path, e.getMessage());
        }
    }
}
