package dev.wave.worktree;

import dev.wave.FileTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Deletes what is left of a run's worktree directory: the tree itself, never what a link in it points at;
 * or, once empty, the directory and the {@code worktrees} directory holding it.
 */
final class RunDirectories {
    private RunDirectories() {}

    /** Deletes {@code directory} and everything in it; a symbolic link is deleted as a link. Nothing when absent. */
    static void delete(Path directory) {
        try {
            FileTrees.delete(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the worktree directory " + directory, e);
        }
    }

    /**
     * Deletes the run's directory of worktrees when it is empty (or absent), then its parent when that is
     * an empty directory named {@code worktrees} ({@code .wave/worktrees}); leaves both when anything is in them
     * or they cannot be deleted.
     */
    static void deleteIfEmpty(Path runDirectory) {
        if (deletedOrAbsent(runDirectory)) {
            Path parent = runDirectory.getParent();
            if (parent != null && parent.getFileName() != null && parent.getFileName().toString().equals("worktrees")) {
                deletedOrAbsent(parent);
            }
        }
    }

    private static boolean deletedOrAbsent(Path directory) {
        try {
            if (Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
                Files.delete(directory);
            }
            return !Files.exists(directory, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) { // an empty directory left behind is untidy, not a reason to fail the task
            return false;
        }
    }
}
