package dev.wave.agent;

import static java.util.Objects.requireNonNull;

import dev.wave.WaveException;
import dev.wave.plan.Action;
import dev.wave.plan.Task;
import dev.wave.run.TaskIntegrator;
import dev.wave.worktree.Integration;
import dev.wave.worktree.Worktree;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Brings a succeeded agent task's change from its worktree into the run's working tree
 * ({@link dev.wave.worktree.Worktrees#integrate}: a three-way merge per file, all or nothing), then
 * removes the worktree and its branch. On a conflict nothing is written, the worktree and branch are
 * kept, both sides go to {@code <task>.conflict.md}, and the reason names the files and the branch; with
 * {@code on_conflict: resolve} an agent resolves it first ({@link ConflictResolver}), holding the
 * integration lock meanwhile. Other tasks worked in place: nothing to do. Its {@link IntegrationLog} hears each
 * merge before any file is written and once it is in the working tree.
 * One integration at a time, and none while an attempt takes its base snapshot. Thread-safe.
 */
public final class AgentIntegrator implements TaskIntegrator {
    private final AgentExecutor executor;
    private final IntegrationLog log;

    AgentIntegrator(AgentExecutor executor, IntegrationLog log) {
        this.executor = requireNonNull(executor, "executor is null");
        this.log = requireNonNull(log, "log is null");
    }

    @Override
    public Optional<String> integrate(Task task, Path workDirectory) throws InterruptedException {
        if (!(task.action() instanceof Action.Agent)) {
            return Optional.empty();
        }
        executor.integrationLock().lockInterruptibly();
        try {
            Optional<Worktree> finished = executor.takeFinished(task.id());
            if (finished.isEmpty()) {
                return Optional.of("agent task " + task.id() + " has no finished worktree to integrate");
            }
            Worktree worktree = finished.get();
            Integration integration;
            try {
                String commit = executor.worktrees().head(worktree);
                integration = executor.worktrees().integrate(worktree, workDirectory,
                        writes -> log.intended(task.id(), worktree.branch(), commit, writes));
            } catch (WaveException | java.io.UncheckedIOException e) {
                executor.keep(worktree);
                return Optional.of("cannot integrate " + task.id() + ": " + e.getMessage() + "; branch "
                        + worktree.branch() + " kept");
            }
            if (integration instanceof Integration.Conflicted conflicted) {
                return new ConflictResolver(executor).handle(task, worktree, conflicted, workDirectory);
            }
            log.integrated(task.id());
            executor.removeIntegrated(worktree);
            return Optional.empty();
        } finally {
            executor.integrationLock().unlock();
        }
    }
}
