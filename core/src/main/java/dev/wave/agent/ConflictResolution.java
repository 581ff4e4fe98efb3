package dev.wave.agent;

import static java.util.Objects.requireNonNull;

import dev.wave.plan.Action;
import dev.wave.plan.Task;
import dev.wave.worktree.MergeConflict;
import java.util.List;
import java.util.Optional;

/**
 * The resolution task of a merge conflict ({@code on_conflict: resolve}): an agent task given both sides
 * of every conflicting file, which works in a worktree of the run's current state with the conflicted
 * task's change merged in, conflict markers and all ({@link dev.wave.worktree.Worktrees#createResolution}),
 * and whose change is then integrated in place of the task's. Also the text of a reported conflict.
 * Deterministic: the same conflict gives the same text. Stateless.
 */
public final class ConflictResolution {
    /** The role of a resolving agent. */
    public static final String ROLE = "Merge Resolver";
    /** The id of a task's resolution: {@code <task>.resolve}. */
    public static final String SUFFIX = ".resolve";
    /** The most characters of one version of a file the prompt quotes; the rest is in the worktree or on the branch. */
    static final int MAX_SIDE = 6000;

    private ConflictResolution() {}

    /**
     * The resolution task of {@code conflicted}'s conflict: an agent prompt with both sides, the task's
     * scope, environment, timeout, check and network, no retries and no dependencies (it runs in the
     * task's integration step, after the task's dependencies).
     */
    public static Task task(Task conflicted, MergeConflict conflict) {
        requireNonNull(conflicted, "conflicted is null");
        requireNonNull(conflict, "conflict is null");
        String id = conflicted.id() + SUFFIX;
        return new Task(id, "Resolve the merge conflict of " + conflicted.id(), new Action.Agent(prompt(conflicted, conflict)),
                List.of(), Optional.empty(), Optional.of(ROLE), false, conflicted.timeout(), 0, conflicted.env(),
                conflicted.verify(), conflicted.scope(), conflicted.network());
    }

    /** The resolving agent's instructions: what happened, the task's own instructions, and both sides of each file. */
    public static String prompt(Task conflicted, MergeConflict conflict) {
        StringBuilder text = new StringBuilder();
        text.append("Resolve the merge conflict of task \"").append(conflicted.id()).append("\" of a plan run by wave.\n\n");
        text.append("The task finished its change on branch ").append(conflict.branch()).append(", but it could not be "
                + "merged into the run's working tree: the run changed the same files meanwhile. Your worktree holds the "
                + "run's current state with the task's change merged in as far as it goes. Where both changed the same "
                + "lines, the file holds both sides between conflict markers:\n")
                .append("<<<<<<< run      (the run's version now)\n")
                .append("||||||| base     (the file when the task started)\n")
                .append("=======\n")
                .append(">>>>>>> task     (the task's version)\n\n");
        text.append("Resolve every conflict so that the result keeps what the run did and also does what the task set "
                + "out to do; remove every conflict marker. Where a file could not be marked (one side deleted it, a "
                + "symbolic link, a binary file) it holds the run's version: decide from both sides below. The task's "
                + "other changes are already in place; change only what the resolution needs.\n\n");
        text.append("The task's instructions:\n").append(quote(instructions(conflicted)));
        text.append("Files the task changed: ").append(String.join(", ", conflict.files())).append('\n');
        text.append("Conflicting files (").append(conflict.conflicts().size()).append("):\n");
        for (MergeConflict.File file : conflict.conflicts()) {
            text.append("\n## ").append(file.path()).append(": ").append(file.reason()).append('\n');
            if (!file.hunks().isEmpty()) {
                text.append("\nConflicting hunks (").append(file.hunks().size()).append("):\n");
                for (MergeConflict.Hunk hunk : file.hunks()) {
                    text.append("at line ").append(hunk.line()).append(":\n").append(quote(cut(hunk.text(), file.path())));
                }
            }
            side(text, "Base (the file when the task started)", file.base(), file.path());
            side(text, "Run (ours: the run's version now)", file.run(), file.path());
            side(text, "Task (theirs: the task's version, on its branch)", file.task(), file.path());
        }
        return text.toString();
    }

    private static void side(StringBuilder text, String title, Optional<MergeConflict.Side> side, String path) {
        text.append('\n').append(title).append(":\n");
        if (side.isEmpty()) {
            text.append("(no such file)\n");
            return;
        }
        MergeConflict.Side version = side.get();
        if (version.link()) {
            text.append("(a symbolic link to ").append(version.text()).append(")\n");
        } else if (version.binary()) {
            text.append(version.text()).append('\n');
        } else {
            text.append(quote(cut(version.text(), path)));
        }
    }

    private static String instructions(Task task) {
        return task.action() instanceof Action.Agent agent ? agent.prompt() : task.action().describe();
    }

    private static String cut(String text, String path) {
        if (text.length() <= MAX_SIDE) {
            return text;
        }
        return text.substring(0, MAX_SIDE) + "\n... (cut: " + (text.length() - MAX_SIDE) + " more characters; read "
                + path + " in full)";
    }

    private static String quote(String text) {
        String fence = text.contains("```") ? "~~~~" : "```";
        return fence + "\n" + (text.endsWith("\n") ? text : text + "\n") + fence + "\n";
    }
}
