/**
 * Per-task git worktrees for agent tasks, and the integration of their work into the run's tree.
 *
 * <p>The entry point is {@link dev.wave.worktree.Worktrees}: one per run, it makes a worktree on a
 * branch of wave's own for a task ({@code wave/<run>/<task>}, sparse when the task declares a
 * scope), commits what the agent changed there, and {@linkplain
 * dev.wave.worktree.Worktrees#integrate integrates} that change into the run's working tree by a
 * three-way merge per file, all or nothing, so work the run or the user did meanwhile is kept.
 * A conflict changes nothing and names the files; the branch stays for a resolution:
 * {@link dev.wave.worktree.Worktrees#describe} gives both sides of each conflicting file
 * ({@link dev.wave.worktree.MergeConflict}), and {@link dev.wave.worktree.Worktrees#createResolution}
 * a worktree of the run's state with the change merged in and conflict markers where it conflicts.
 * {@link dev.wave.worktree.WorktreePrep} copies and links into each worktree what the run's config names;
 * {@link dev.wave.worktree.Worktrees#cleanUp} and {@link dev.wave.worktree.Worktrees#list} end a run,
 * and {@link dev.wave.worktree.TaskBranches#removeAllBut} is a rollback's part.
 */
package dev.wave.worktree;
