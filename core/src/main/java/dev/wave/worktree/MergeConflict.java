package dev.wave.worktree;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * An agent task's change that could not be integrated, with both sides of every conflicting file: what
 * a resolution needs, or what the report shows. Made by {@link Worktrees#describe}.
 *
 * @param taskId the task whose change conflicts
 * @param branch its branch, kept: {@code wave/<run>/<task>}
 * @param base the commit the task started from
 * @param files every file the task changed
 * @param conflicts the files that conflict, in path order
 */
public record MergeConflict(String taskId, String branch, String base, List<String> files, List<File> conflicts) {
    public MergeConflict {
        requireNonNull(taskId, "taskId is null");
        requireNonNull(branch, "branch is null");
        requireNonNull(base, "base is null");
        files = List.copyOf(files);
        conflicts = List.copyOf(conflicts);
    }

    /**
     * One conflicting file.
     *
     * @param path its path in the repository
     * @param reason why it conflicts ("the task and the run changed the same lines")
     * @param base the file when the task started; empty when it did not exist
     * @param run the file in the run's working tree now ("ours"); empty when it does not exist
     * @param task the file as the task left it ("theirs"); empty when the task deleted it
     * @param hunks the conflicting hunks of a line-by-line merge, each with its conflict markers
     *     ({@code <<<<<<< run}, {@code ||||||| base}, {@code =======}, {@code >>>>>>> task}) and where it
     *     starts; empty when the file cannot be merged line by line
     */
    public record File(String path, String reason, Optional<Side> base, Optional<Side> run, Optional<Side> task,
            List<Hunk> hunks) {
        public File {
            requireNonNull(path, "path is null");
            requireNonNull(reason, "reason is null");
            requireNonNull(base, "base is null");
            requireNonNull(run, "run is null");
            requireNonNull(task, "task is null");
            hunks = List.copyOf(hunks);
        }
    }

    /**
     * One version of a file.
     *
     * @param text its content as UTF-8 text; for a binary file, a line saying so and its size; for a symbolic
     *     link, its target
     * @param binary whether it is binary (not UTF-8, or holding a NUL byte)
     * @param link whether it is a symbolic link
     * @param executable whether it is executable
     */
    public record Side(String text, boolean binary, boolean link, boolean executable) {
        public Side {
            requireNonNull(text, "text is null");
        }
    }

    /**
     * A conflicting hunk of the line-by-line merge.
     *
     * @param line the line of the merged file where it starts (1-based)
     * @param text the hunk, markers included
     */
    public record Hunk(int line, String text) {
        public Hunk {
            requireNonNull(text, "text is null");
        }
    }
}
