package dev.wave.worktree;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Writes a staged merge into the run's working tree, and finishes one that a dead process left halfway: each path of
 * the merge either is written (its staged content moved into place, which is atomic; a deletion done), or still holds
 * what it held before, its staged content waiting. The rest is then written, in the merge's order, as the merge would
 * have. When a path holds neither (changed since), or its staged content is gone or changed, nothing is written and
 * the outcome says why. Stateless.
 */
public final class MergeFinish {
    private MergeFinish() {}

    /** How finishing went. */
    public sealed interface Outcome permits Finished, NotFinished {}

    /**
     * The merge is in the working tree now.
     *
     * @param written how many paths this call wrote (0 when the merge had written all before the process died)
     * @param total how many paths the merge writes
     */
    public record Finished(int written, int total) implements Outcome {}

    /** Nothing was written: {@code reason} says why the merge cannot be finished. */
    public record NotFinished(String reason) implements Outcome {
        public NotFinished {
            requireNonNull(reason, "reason is null");
        }
    }

    /**
     * Finishes the merge {@code writes} describe into {@code target}, the run's working tree. Reads every path first and
     * writes only when all can be finished. Not thread-safe against other writers of those paths.
     *
     * @throws UncheckedIOException when a path cannot be read or written
     */
    public static Outcome finish(Path target, List<MergeWrite> writes) {
        requireNonNull(target, "target is null");
        List<MergeWrite> remaining = new ArrayList<>();
        for (MergeWrite write : writes) {
            Optional<String> now = sha(target.resolve(write.path()));
            if (write.staged().isPresent() && !Files.exists(write.staged().get(), LinkOption.NOFOLLOW_LINKS)) {
                if (now.equals(write.after())) {
                    continue; // moved into place
                }
                return new NotFinished(now.equals(write.before())
                        ? "the merge's new content of " + write.path() + ", staged at " + write.staged().get() + ", is gone"
                        : write.path() + " holds neither what it held before the merge nor what the merge wrote, and the "
                                + "merge's new content is gone");
            }
            if (write.staged().isPresent() && !sha(write.staged().get()).equals(write.after())) {
                return new NotFinished("the merge's staged content of " + write.path() + " was changed");
            }
            if (write.staged().isEmpty() && now.isEmpty()) {
                continue; // deleted
            }
            if (!now.equals(write.before()) && !now.equals(write.after())) {
                return new NotFinished(write.path() + " changed since the merge began");
            }
            remaining.add(write);
        }
        for (MergeWrite write : remaining) {
            Path file = target.resolve(write.path());
            try {
                if (write.staged().isEmpty()) {
                    Files.deleteIfExists(file);
                } else {
                    Files.createDirectories(file.getParent());
                    FileMerge.moveIntoPlace(write.staged().get(), file);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + write.path() + " into " + target, e);
            }
        }
        return new Finished(remaining.size(), writes.size());
    }

    /** The SHA-256 of what {@code file} holds (of its target for a symbolic link); empty when it is no file or link. */
    public static Optional<String> sha(Path file) {
        try {
            if (Files.isSymbolicLink(file)) {
                return Optional.of(Worktrees.sha256(Files.readSymbolicLink(file).toString().getBytes(StandardCharsets.UTF_8)));
            }
            return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) ? Optional.of(Worktrees.sha256(Files.readAllBytes(file)))
                    : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
