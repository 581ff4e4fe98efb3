package dev.wave.agent;

import static java.util.Objects.requireNonNull;

import dev.wave.request.OnConflict;
import dev.wave.request.Settings;
import dev.wave.run.TaskExecutor;
import dev.wave.sandbox.Sandbox;
import dev.wave.worktree.WorktreePrep;
import java.util.Optional;

/**
 * What {@link AgentExecutor} does around each agent's worktree besides copying and linking
 * ({@link dev.wave.worktree.WorktreePrep}, given to the {@link dev.wave.worktree.Worktrees}): the setup
 * command run in each new worktree before its agent, and what a conflicting change becomes.
 *
 * @param setup the command ({@code worktree_setup}), run with {@code shell} in the worktree with the task's
 *     timeout, environment and network; its failure fails the attempt
 * @param shell runs the setup command as a shell task: {@code TaskExecutor.shell(sandbox)}, sandboxed as
 *     shell tasks are
 * @param onConflict report: the task fails and keeps its branch; resolve: an agent resolves the conflict
 *     ({@link ConflictResolution}) in the task's integration step
 */
public record WorktreeOptions(Optional<String> setup, TaskExecutor shell, OnConflict onConflict) {
    public WorktreeOptions {
        requireNonNull(setup, "setup is null");
        requireNonNull(shell, "shell is null");
        requireNonNull(onConflict, "onConflict is null");
    }

    /** No setup command; conflicts are reported. */
    public static WorktreeOptions none() {
        return new WorktreeOptions(Optional.empty(), TaskExecutor.refusing("no worktree setup command"), OnConflict.REPORT);
    }

    /**
     * As the settings say ({@code worktree_setup}, {@code on_conflict}): the setup sandboxed as run
     * {@code runId}'s shell tasks are, seeing what {@code prep} links in read-only.
     */
    public static WorktreeOptions of(Settings settings, String runId, WorktreePrep prep) {
        return new WorktreeOptions(settings.worktreeSetup().value(),
                TaskExecutor.shell(Sandbox.of(settings, runId).withReadOnly(prep.linkTargets())), settings.onConflict().value());
    }
}
