package dev.wave.worktree;

import dev.wave.FileTrees;
import dev.wave.git.Command;
import dev.wave.git.Git;
import dev.wave.git.Result;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decides, for one file a task changed, what its integration writes into the run's working tree,
 * then writes all of a task's decisions. The three versions are the base (what the task started
 * from), the task's, and the working tree's now.
 */
final class FileMerge {
    private final Git git;
    private final Path target;

    FileMerge(Git git, Path target) {
        this.git = git;
        this.target = target;
    }

    sealed interface Decision permits Step, Conflict, Nothing {}

    /** Write {@code content} (empty: delete the file) with the task's mode. */
    record Step(String path, Optional<byte[]> content, boolean executable, boolean link, boolean merged) implements Decision {}

    record Conflict(String reason) implements Decision {}

    record Nothing() implements Decision {}

    /** A version of a file: its bytes, and whether it is executable or a symbolic link. */
    private record Version(byte[] bytes, boolean executable, boolean link) {
        boolean same(Version other) {
            return other != null && link == other.link && executable == other.executable && Arrays.equals(bytes, other.bytes);
        }
    }

    Decision decide(String path, Blobs.Entry baseEntry, Blobs.Entry taskEntry) {
        Path file = target.resolve(path);
        if (!insideWithoutLinks(file)) {
            return new Conflict("a symbolic link stands in its path in the working tree");
        }
        Version base = version(baseEntry);
        Version task = version(taskEntry);
        Version current = current(file);
        if (task == null) {
            if (current == null) {
                return new Nothing();
            }
            return current.same(base) ? new Step(path, Optional.empty(), false, false, false)
                    : new Conflict("the task deleted it, and it was changed meanwhile");
        }
        if (task.same(current)) {
            return new Nothing();
        }
        if (current == null ? base == null : current.same(base)) {
            return new Step(path, Optional.of(task.bytes()), task.executable(), task.link(), false);
        }
        if (current == null) {
            return new Conflict("the task changed it, and it was deleted meanwhile");
        }
        if (base == null) {
            return new Conflict("the task and the run both created it, differently");
        }
        if (task.link() || current.link() || base.link()) {
            return new Conflict("a symbolic link changed on both sides");
        }
        return mergeLines(path, base, current, task);
    }

    private Decision mergeLines(String path, Version base, Version current, Version task) {
        if (binary(base.bytes()) || binary(current.bytes()) || binary(task.bytes())) {
            return new Conflict("it cannot be merged line by line (a binary file)");
        }
        Result result = mergeFile(base, current, task, false, "cannot merge " + path);
        if (result.exitCode() != 0) {
            // merge-file exits with the number of conflicts, or 255 (-1) when it cannot merge at all
            return new Conflict(result.exitCode() > 0 && result.exitCode() < 128
                    ? "the task and the run changed the same lines" : "it cannot be merged line by line (binary?)");
        }
        boolean executable = task.executable() != base.executable() ? task.executable() : current.executable();
        return new Step(path, Optional.of(result.output()), executable, false, true);
    }

    /** Both sides of a file that conflicts, and the conflicting hunks where it can be merged line by line. */
    MergeConflict.File describe(String path, String reason, Blobs.Entry baseEntry, Blobs.Entry taskEntry) {
        Version base = version(baseEntry);
        Version task = version(taskEntry);
        Path file = target.resolve(path);
        Version current = insideWithoutLinks(file) ? current(file) : null;
        List<MergeConflict.Hunk> hunks = new java.util.ArrayList<>();
        Optional<byte[]> marked = markers(base, current, task);
        if (marked.isPresent()) {
            hunks.addAll(hunks(new String(marked.get(), StandardCharsets.UTF_8)));
        }
        return new MergeConflict.File(path, reason, side(base), side(current), side(task), hunks);
    }

    /**
     * The file merged line by line with conflict markers where the run and the task differ ({@code --diff3}
     * style: run, base, task); empty when a side is missing, a link or binary. For a resolution's worktree.
     */
    Optional<byte[]> withMarkers(String path, Blobs.Entry baseEntry, Blobs.Entry taskEntry) {
        Path file = target.resolve(path);
        if (!insideWithoutLinks(file)) {
            return Optional.empty();
        }
        return markers(version(baseEntry), current(file), version(taskEntry));
    }

    private Optional<byte[]> markers(Version base, Version current, Version task) {
        if (base == null || current == null || task == null || base.link() || current.link() || task.link()
                || binary(base.bytes()) || binary(current.bytes()) || binary(task.bytes())) {
            return Optional.empty();
        }
        Result result = mergeFile(base, current, task, true, "cannot merge with conflict markers");
        return result.exitCode() >= 0 && result.exitCode() < 128 ? Optional.of(result.output()) : Optional.empty();
    }

    /**
     * {@code git merge-file -p} of the three versions, labelled run, base and task ({@code diff3}: with the base's
     * lines between the markers): the merged text, and as exit code the number of conflicts, or 255 when it
     * cannot merge at all.
     *
     * @param failure the message when the versions cannot be written to a temporary directory
     */
    private Result mergeFile(Version base, Version current, Version task, boolean diff3, String failure) {
        Path directory = null;
        try {
            directory = Files.createTempDirectory("wave-merge-");
            Path ours = Files.write(directory.resolve("current"), current.bytes());
            Path original = Files.write(directory.resolve("base"), base.bytes());
            Path theirs = Files.write(directory.resolve("task"), task.bytes());
            List<String> merge = new java.util.ArrayList<>(List.of("merge-file", "-p"));
            if (diff3) {
                merge.add("--diff3");
            }
            merge.addAll(List.of("-L", "run", "-L", "base", "-L", "task", ours.toString(), original.toString(),
                    theirs.toString()));
            return git.attempt(Command.of(merge));
        } catch (IOException e) {
            throw new UncheckedIOException(failure, e);
        } finally {
            deleteTree(directory);
        }
    }

    /** The conflict blocks of a merged text, each from {@code <<<<<<< run} to {@code >>>>>>> task}. */
    static List<MergeConflict.Hunk> hunks(String merged) {
        List<MergeConflict.Hunk> hunks = new java.util.ArrayList<>();
        String[] lines = merged.split("\n", -1);
        int start = -1;
        for (int i = 0; i < lines.length; i++) {
            if (start < 0 && lines[i].startsWith("<<<<<<< run")) {
                start = i;
            } else if (start >= 0 && lines[i].startsWith(">>>>>>> task")) {
                hunks.add(new MergeConflict.Hunk(start + 1, String.join("\n", Arrays.asList(lines).subList(start, i + 1))));
                start = -1;
            }
        }
        return hunks;
    }

    private static Optional<MergeConflict.Side> side(Version version) {
        if (version == null) {
            return Optional.empty();
        }
        boolean binary = !version.link() && binary(version.bytes());
        String text = binary ? "(a binary file of " + version.bytes().length + " bytes)"
                : new String(version.bytes(), StandardCharsets.UTF_8);
        return Optional.of(new MergeConflict.Side(text, binary, version.link(), version.executable()));
    }

    /** Not text: holds a NUL byte, or is not valid UTF-8. */
    static boolean binary(byte[] bytes) {
        for (byte b : bytes) {
            if (b == 0) {
                return true;
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes));
            return false;
        } catch (java.nio.charset.CharacterCodingException e) {
            return true;
        }
    }

    /**
     * Writes the new content of each regular file among {@code steps} into {@code directory} with its mode, ready to be
     * moved into place ({@link #apply}): what a process that dies halfway through the merge leaves for a later one to
     * finish. A symbolic link is staged as a link; a deletion needs nothing staged.
     */
    List<MergeWrite> stage(List<Step> steps, Path directory) {
        List<MergeWrite> writes = new ArrayList<>(steps.size());
        try {
            FileTrees.delete(directory); // an earlier attempt's
            Files.createDirectories(directory);
            for (int i = 0; i < steps.size(); i++) {
                Step step = steps.get(i);
                Optional<String> before = MergeFinish.sha(target.resolve(step.path()));
                if (step.content().isEmpty()) {
                    writes.add(new MergeWrite(step.path(), before, Optional.empty(), Optional.empty()));
                    continue;
                }
                Path staged = directory.resolve(i + ".tmp");
                if (step.link()) {
                    Files.createSymbolicLink(staged, Path.of(new String(step.content().get(), StandardCharsets.UTF_8)));
                } else {
                    Files.write(staged, step.content().get());
                    Set<PosixFilePermission> permissions = EnumSet.of(PosixFilePermission.OWNER_READ,
                            PosixFilePermission.OWNER_WRITE, PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);
                    if (step.executable()) {
                        permissions.addAll(EnumSet.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
                                PosixFilePermission.OTHERS_EXECUTE));
                    }
                    Files.setPosixFilePermissions(staged, permissions);
                }
                writes.add(new MergeWrite(step.path(), before, step.content().map(Worktrees::sha256), Optional.of(staged)));
            }
        } catch (IOException e) {
            deleteTree(directory);
            throw new UncheckedIOException("cannot stage the merge in " + directory, e);
        }
        return writes;
    }

    /** Writes the staged merge into the working tree, path by path in order; {@link MergeFinish} finishes it if cut short. */
    void apply(List<MergeWrite> writes) {
        MergeFinish.Outcome outcome = MergeFinish.finish(target, writes);
        if (outcome instanceof MergeFinish.NotFinished notFinished) {
            throw new UncheckedIOException(new IOException("cannot write the merge into " + target + ": " + notFinished.reason()));
        }
    }

    /**
     * Moves a staged file (or link) onto {@code file} by one rename, so that {@code file} holds what it held or all its
     * new content whenever the process dies. From a staging directory on another file system, where no rename reaches,
     * it is copied next to {@code file} first ({@code .NAME.wave-merging}) and renamed from there; the staged file goes
     * last, so that a finish after a kill still finds it.
     */
    static void moveIntoPlace(Path staged, Path file) throws IOException {
        try {
            Files.move(staged, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.AtomicMoveNotSupportedException e) {
            Path copy = file.resolveSibling("." + file.getFileName() + ".wave-merging");
            Files.copy(staged, copy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES,
                    LinkOption.NOFOLLOW_LINKS);
            Files.move(copy, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Files.delete(staged);
        }
    }

    private Version version(Blobs.Entry entry) {
        return entry == null ? null : new Version(Blobs.content(git, entry), entry.executable(), entry.link());
    }

    private static Version current(Path file) {
        try {
            if (Files.isSymbolicLink(file)) {
                return new Version(Files.readSymbolicLink(file).toString().getBytes(StandardCharsets.UTF_8), false, true);
            }
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                return null;
            }
            return new Version(Files.readAllBytes(file), Files.isExecutable(file), false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Whether every directory between the target and {@code file} is a real directory, not a link. */
    private boolean insideWithoutLinks(Path file) {
        Path normal = file.normalize();
        if (!normal.startsWith(target)) {
            return false;
        }
        for (Path directory = normal.getParent(); directory != null && !directory.equals(target);
                directory = directory.getParent()) {
            if (Files.isSymbolicLink(directory)) {
                return false;
            }
        }
        return true;
    }

    private static void deleteTree(Path directory) {
        if (directory == null) {
            return;
        }
        try {
            FileTrees.delete(directory);
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
