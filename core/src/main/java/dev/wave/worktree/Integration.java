package dev.wave.worktree;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** How a task's change came into the run's working tree. */
public sealed interface Integration permits Integration.Applied, Integration.Conflicted {
    /** Files the task created, modified or deleted. */
    List<String> files();

    /**
     * The change is in the working tree.
     *
     * @param files every path the task changed
     * @param merged those of them that others had changed too, merged line by line without conflict
     */
    record Applied(List<String> files, List<String> merged) implements Integration {
        public Applied {
            files = List.copyOf(files);
            merged = List.copyOf(merged);
        }
    }

    /**
     * Nothing was changed: these files conflict with what others did meanwhile.
     *
     * @param files every path the task changed
     * @param conflicts the paths that conflict, each with why
     * @param branch the task's branch, kept for a resolution
     */
    record Conflicted(List<String> files, List<String> conflicts, String branch) implements Integration {
        public Conflicted {
            files = List.copyOf(files);
            conflicts = List.copyOf(conflicts);
            requireNonNull(branch, "branch is null");
        }
    }
}
