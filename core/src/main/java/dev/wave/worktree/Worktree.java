package dev.wave.worktree;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;

/**
 * One task's worktree.
 *
 * @param taskId the task it belongs to
 * @param path where it is checked out
 * @param branch its branch, {@code wave/<run>/<task>}
 * @param base the commit it started from
 * @param scope the paths and globs checked out; empty for the whole tree
 * @param prepared the paths copied or linked in from the repository ({@link WorktreePrep}), left out of its commit
 */
public record Worktree(String taskId, Path path, String branch, String base, List<String> scope, List<String> prepared) {
    public Worktree {
        requireNonNull(taskId, "taskId is null");
        requireNonNull(path, "path is null");
        requireNonNull(branch, "branch is null");
        requireNonNull(base, "base is null");
        scope = List.copyOf(scope);
        prepared = List.copyOf(prepared);
    }

    /** A worktree with nothing copied or linked in. */
    public Worktree(String taskId, Path path, String branch, String base, List<String> scope) {
        this(taskId, path, branch, base, scope, List.of());
    }

    public boolean sparse() {
        return !scope.isEmpty();
    }
}
