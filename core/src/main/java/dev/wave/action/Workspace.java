package dev.wave.action;

import static java.util.Objects.requireNonNull;

import dev.wave.plan.Durations;
import dev.wave.plan.FileAction;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The repository an action runs in, and the only way actions reach its files.
 *
 * <p>Safety: the root is the repository's real path. Walks never follow symbolic links and never
 * enter an entry named {@code .git} or {@code .wave}. An explicit path that reaches outside the
 * root or into a protected directory through a symbolic link is refused with an
 * {@link ActionFailure}, before the action changes anything. Walks only select: what they find is
 * changed through {@link Tree}, from directories held open, so a directory swapped for a link
 * after the walk saw it is never written through.
 *
 * <p>Stopping: {@link #checkStop} throws {@link InterruptedIOException} once the thread is
 * interrupted and an {@link ActionFailure} once the task's timeout has passed; walks call it for
 * every entry. Not thread-safe beyond {@link #checkStop}, which any thread may call.
 */
final class Workspace {
    static final Set<String> PROTECTED_NAMES = Set.of(".git", ".wave");

    private final Path root;
    private final LongSupplier nanoTime;
    private final Optional<Duration> timeout;
    private final long startedAt;

    /**
     * @param root the repository's real path
     * @param nanoTime the clock for the timeout, as {@link System#nanoTime()}
     * @param timeout how long the action may run, if limited
     */
    Workspace(Path root, LongSupplier nanoTime, Optional<Duration> timeout) {
        this.root = requireNonNull(root, "root is null");
        this.nanoTime = requireNonNull(nanoTime, "nanoTime is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
        this.startedAt = nanoTime.getAsLong();
    }

    Path root() {
        return root;
    }

    /** Throws when the action must stop: interrupted (cancelled) or out of time. */
    void checkStop() throws InterruptedIOException {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedIOException("cancelled");
        }
        if (timeout.isPresent() && Duration.ofNanos(nanoTime.getAsLong() - startedAt).compareTo(timeout.get()) > 0) {
            throw new ActionFailure("timed out after %s; the changes made before that are listed in the checkpoint",
                    Durations.format(timeout.get()));
        }
    }

    /** The repository-relative path of {@code path}, {@code /}-separated; {@code .} for the root. */
    String relative(Path path) {
        return slashes(root.relativize(path));
    }

    private static String slashes(Path relative) {
        String text = relative.toString();
        if (text.isEmpty()) {
            return ".";
        }
        String separator = relative.getFileSystem().getSeparator();
        return separator.equals("/") ? text : text.replace(separator, "/");
    }

    /**
     * Resolves a repository-relative path that the plan names, following symbolic links in its
     * directories but not in its last element (which may not exist).
     *
     * @param key the plan key that gave the path, for messages
     * @throws ActionFailure if a link takes it outside the repository or into {@code .git} or {@code .wave}
     */
    Path resolve(String key, String relative) throws IOException {
        if (relative.equals(".")) {
            return root;
        }
        String[] parts = relative.split("/");
        Path path = root;
        for (int i = 0; i < parts.length - 1; i++) {
            path = path.resolve(parts[i]);
            if (Files.isSymbolicLink(path)) {
                Path target;
                try {
                    target = path.toRealPath();
                } catch (NoSuchFileException e) {
                    throw new ActionFailure("%s \"%s\" goes through the broken symbolic link %s. Fix the link or the path",
                            key, relative, relative(path));
                }
                checkInside(key, relative, target);
                path = target;
            }
        }
        return path.resolve(parts[parts.length - 1]);
    }

    /** Like {@link #resolve}, but a link in the last element is followed too, to the directory it names. */
    Path resolveDirectory(String key, String relative) throws IOException {
        Path path = resolve(key, relative);
        if (!Files.isSymbolicLink(path)) {
            return path;
        }
        try {
            Path target = path.toRealPath();
            checkInside(key, relative, target);
            return target;
        } catch (NoSuchFileException e) {
            throw new ActionFailure("%s \"%s\" is a broken symbolic link. Fix the link or the path", key, relative);
        }
    }

    private void checkInside(String key, String relative, Path target) {
        if (!target.startsWith(root)) {
            throw new ActionFailure("%s \"%s\" resolves outside the repository, through a symbolic link to %s. "
                    + "wave changes files inside the repository only", key, relative, target);
        }
        for (Path part : root.relativize(target)) {
            if (PROTECTED_NAMES.contains(part.toString())) {
                throw new ActionFailure("%s \"%s\" resolves into %s through a symbolic link; wave never changes %s",
                        key, relative, part, part);
            }
        }
    }

    /** The entry at {@code path} without following a link, or empty if nothing is there. */
    Optional<Entry> entry(Path path) throws IOException {
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return Optional.of(new Entry(path, relative(path), Entry.Kind.of(attributes), attributes));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** How far a selection reaches into a selected directory. */
    enum Reach {
        /** The selected entries themselves; nothing under a selected directory (delete, move). */
        WHOLE,
        /** The selected entries and everything under a selected directory (find, replace, rename). */
        EXPAND
    }

    /**
     * The entries of {@code scope} of kind {@code type}, in walk order (a directory before its
     * contents). Explicit paths that do not exist are added to {@code missing}.
     */
    List<Entry> select(FileAction.Scope scope, FileAction.EntryType type, Reach reach, List<String> missing)
            throws IOException {
        Globs include = Globs.of(scope.globs());
        Globs exclude = Globs.of(scope.exclude());
        List<Path> starts = new ArrayList<>();
        if (scope.paths().isEmpty()) {
            starts.add(root);
        } else {
            for (String path : scope.paths()) {
                starts.add(resolve("paths entry", path));
            }
        }
        List<Entry> selected = new ArrayList<>();
        for (Path start : outermost(starts)) {
            if (entry(start).isEmpty()) {
                missing.add(relative(start));
                continue;
            }
            walk(start, new Selector(start, include, exclude, type, reach, selected));
        }
        selected.sort(Comparator.comparing(Entry::relative)); // a directory still comes before its contents
        return selected;
    }

    /**
     * The recorded paths of everything under {@code directory}, a directory before its contents.
     *
     * @param verb what the action would do to it ("move", "rename"), for the refusal
     * @throws ActionFailure if it holds a {@code .git} or {@code .wave}
     */
    List<String> contents(Entry directory, String verb) throws IOException {
        List<String> contents = new ArrayList<>();
        walk(directory.path(), new Walker() {
            @Override
            public FileVisitResult preVisitDirectory(Path path, BasicFileAttributes attributes) throws IOException {
                if (!path.equals(directory.path())) {
                    add(path, "/");
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path path, BasicFileAttributes attributes) throws IOException {
                add(path, "");
                return FileVisitResult.CONTINUE;
            }

            private void add(Path path, String suffix) throws IOException {
                checkStop();
                if (isProtected(path)) {
                    throw new ActionFailure("cannot %s %s: it holds %s, and wave never changes .git or .wave. "
                            + "Exclude it, or %s it with git", verb, directory.recorded(), relative(path), verb);
                }
                contents.add(relative(path) + suffix);
            }
        });
        return contents;
    }

    /** The paths that are not under (or equal to) another one of them, in their order. */
    private static List<Path> outermost(List<Path> paths) {
        List<Path> outermost = new ArrayList<>();
        for (Path path : paths) {
            boolean nested = false;
            for (Path other : paths) {
                if (other != path && path.startsWith(other) && (!path.equals(other) || outermost.contains(other))) {
                    nested = true;
                    break;
                }
            }
            if (!nested) {
                outermost.add(path);
            }
        }
        return outermost;
    }

    /** Walks from {@code start} without following links; the walker checks for a stop at every entry. */
    void walk(Path start, Walker visitor) throws IOException {
        Files.walkFileTree(start, EnumSet.noneOf(java.nio.file.FileVisitOption.class), Integer.MAX_VALUE, visitor);
    }

    /**
     * A visitor for {@link #walk}: it passes over an entry removed while the walk ran and fails on
     * any other entry it cannot read.
     */
    abstract static class Walker extends SimpleFileVisitor<Path> {
        @Override
        public FileVisitResult visitFileFailed(Path file, IOException failure) throws IOException {
            if (failure instanceof NoSuchFileException) {
                return FileVisitResult.CONTINUE; // removed while we walked
            }
            throw failure;
        }
    }

    /** Whether a walk must not enter or touch this entry: {@code .git} and {@code .wave}, anywhere. */
    static boolean isProtected(Path path) {
        Path name = path.getFileName();
        return name != null && PROTECTED_NAMES.contains(name.toString());
    }

    private final class Selector extends Walker {
        private final Path start;
        private final Globs include;
        private final Globs exclude;
        private final FileAction.EntryType type;
        private final Reach reach;
        private final List<Entry> selected;
        private Path expanded; // the selected directory whose contents are all selected, if any

        Selector(Path start, Globs include, Globs exclude, FileAction.EntryType type, Reach reach, List<Entry> selected) {
            this.start = start;
            this.include = include;
            this.exclude = exclude;
            this.type = type;
            this.reach = reach;
            this.selected = selected;
        }

        @Override
        public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes) throws IOException {
            checkStop();
            boolean isRoot = directory.equals(root);
            String relative = relative(directory);
            if (!isRoot && (isProtected(directory) || exclude.matches(relative))) {
                return FileVisitResult.SKIP_SUBTREE;
            }
            if (expanded != null) {
                add(directory, relative, attributes);
                return FileVisitResult.CONTINUE;
            }
            if (!isSelected(directory, relative)) {
                return FileVisitResult.CONTINUE;
            }
            if (reach == Reach.WHOLE && type != FileAction.EntryType.FILE && !isRoot) { // the root is never an entry
                add(directory, relative, attributes);
                return FileVisitResult.SKIP_SUBTREE;
            }
            if (reach == Reach.EXPAND) {
                if (!isRoot) {
                    add(directory, relative, attributes);
                }
                expanded = directory;
            }
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path directory, IOException failure) throws IOException {
            if (failure != null) {
                throw failure;
            }
            if (directory.equals(expanded)) {
                expanded = null;
            }
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
            checkStop();
            if (isProtected(file)) {
                return FileVisitResult.CONTINUE;
            }
            String relative = relative(file);
            if (exclude.matches(relative)) {
                return FileVisitResult.CONTINUE;
            }
            if (expanded != null || isSelected(file, relative)) {
                add(file, relative, attributes);
            }
            return FileVisitResult.CONTINUE;
        }

        private boolean isSelected(Path path, String relative) {
            return include.isEmpty() ? path.equals(start) : include.matches(relative);
        }

        private void add(Path path, String relative, BasicFileAttributes attributes) {
            Entry.Kind kind = Entry.Kind.of(attributes);
            boolean accepted = switch (type) {
                case FILE -> kind != Entry.Kind.DIRECTORY;
                case DIR -> kind == Entry.Kind.DIRECTORY;
                case ANY -> true;
            };
            if (accepted) {
                selected.add(new Entry(path, relative, kind, attributes));
            }
        }
    }
}
