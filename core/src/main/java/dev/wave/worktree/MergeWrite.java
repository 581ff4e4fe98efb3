package dev.wave.worktree;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Optional;

/**
 * One path an integration writes into the run's working tree, as it is decided before anything is written: enough for
 * a later process to tell, path by path, whether the write happened, and to finish it ({@link MergeFinish}).
 *
 * @param path the path, relative to the working tree
 * @param before the SHA-256 of what the path holds before the merge (of its target for a symbolic link); empty when
 *     absent
 * @param after the SHA-256 of what the merge writes there; empty when the merge deletes it
 * @param staged the file (or symbolic link) that holds the new content with its mode, ready to be moved into place:
 *     the move is atomic, so it is either still there or in place; empty for a deletion
 */
public record MergeWrite(String path, Optional<String> before, Optional<String> after, Optional<Path> staged) {
    public MergeWrite {
        requireNonNull(path, "path is null");
        requireNonNull(before, "before is null");
        requireNonNull(after, "after is null");
        requireNonNull(staged, "staged is null");
        if (after.isPresent() != staged.isPresent()) {
            throw new IllegalArgumentException("new content is staged exactly when there is new content: " + path);
        }
    }
}
