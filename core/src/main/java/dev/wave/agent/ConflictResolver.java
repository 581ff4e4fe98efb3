package dev.wave.agent;

import dev.wave.WaveException;
import dev.wave.plan.Action;
import dev.wave.plan.Task;
import dev.wave.run.ExecutionResult;
import dev.wave.worktree.Integration;
import dev.wave.worktree.MergeConflict;
import dev.wave.worktree.Worktree;
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
 * A conflicted integration, handled as {@code on_conflict} says, inside the task's integration step and
 * under the integration lock, so nothing else is integrated meanwhile. Both ways, both sides of every
 * conflicting file go to {@code <task>.conflict.md} beside the task's log and the task's branch is kept.
 * Report: the task fails, naming the files. Resolve: the resolution task ({@link ConflictResolution}) runs
 * once with the task's agent in a worktree of the run's state now with the task's change merged in; when
 * it succeeds, leaves no conflict marker and its change integrates, that change stands for the task's, and
 * both worktrees and branches are removed; otherwise the task fails and both stay for inspection.
 */
final class ConflictResolver {
    private final AgentExecutor executor;

    ConflictResolver(AgentExecutor executor) {
        this.executor = executor;
    }

    /** Why the task could not be integrated, or empty when the conflict was resolved and integrated. */
    Optional<String> handle(Task task, Worktree worktree, Integration.Conflicted conflicted, Path target)
            throws InterruptedException {
        executor.keep(worktree);
        String reported = "conflict integrating " + task.id() + ": " + String.join(", ", conflicted.conflicts())
                + "; nothing was written; branch " + conflicted.branch() + " kept at " + worktree.path();
        MergeConflict conflict;
        try {
            conflict = executor.worktrees().describe(worktree, conflicted, target);
        } catch (WaveException | UncheckedIOException e) {
            return Optional.of(reported);
        }
        Optional<Path> log = executor.log(task.id());
        Optional<Path> record = log.map(path -> path.resolveSibling(task.id() + ".conflict.md"));
        record.ifPresent(path -> write(path, ConflictResolution.prompt(task, conflict)));
        String sides = record.map(path -> "; both sides in " + path).orElse("");
        if (executor.worktreeOptions().onConflict() != dev.wave.request.OnConflict.RESOLVE || log.isEmpty()) {
            return Optional.of(reported + sides);
        }
        return resolve(task, worktree, conflict, target, log.get(), reported + sides);
    }

    private Optional<String> resolve(Task task, Worktree worktree, MergeConflict conflict, Path target, Path taskLog,
            String reported) throws InterruptedException {
        Task resolution = ConflictResolution.task(task, conflict);
        Path log = taskLog.resolveSibling(resolution.id() + ".log");
        AgentExecutor.note(taskLog, "wave: " + reported + "; resolving it with " + resolution.id() + " (log " + log + ")");
        executor.resolving(resolution.id(), task.id());
        executor.discardEarlierAttempt(resolution.id());
        Worktree created;
        try {
            created = executor.worktrees().createResolution(resolution.id(), executor.baseCommit(), resolution.scope(),
                    conflict);
        } catch (WaveException | UncheckedIOException e) {
            return Optional.of(reported + "; cannot prepare the resolution's worktree: " + e.getMessage());
        }
        ExecutionResult result = executor.executeIn(resolution, (Action.Agent) resolution.action(), created, log);
        if (!result.succeeded()) {
            return Optional.of(reported + "; its resolution " + resolution.id() + " failed: " + result.summary());
        }
        Worktree resolved = executor.takeFinished(resolution.id()).orElseThrow();
        List<String> marked = markersLeft(resolved, conflict);
        if (!marked.isEmpty()) {
            executor.keep(resolved);
            return Optional.of(reported + "; its resolution " + resolution.id() + " left conflict markers in "
                    + String.join(", ", marked) + " (kept at " + resolved.path() + ")");
        }
        Integration integration;
        try {
            integration = executor.worktrees().integrate(resolved, target);
        } catch (WaveException | UncheckedIOException e) {
            executor.keep(resolved);
            return Optional.of(reported + "; cannot integrate its resolution " + resolution.id() + ": " + e.getMessage());
        }
        if (integration instanceof Integration.Conflicted again) {
            executor.keep(resolved);
            return Optional.of(reported + "; its resolution " + resolution.id() + " conflicts too: "
                    + String.join(", ", again.conflicts()));
        }
        executor.worktrees().remove(resolved, false);
        executor.worktrees().remove(worktree, false);
        executor.forget(task.id());
        AgentExecutor.note(taskLog, "wave: the conflict was resolved by " + resolution.id() + " (" + result.summary()
                + ") and its change integrated; branches " + worktree.branch() + " and " + resolved.branch() + " removed");
        return Optional.empty();
    }

    /** The conflicting files of the resolution's change that still hold a conflict marker line. */
    private static List<String> markersLeft(Worktree resolved, MergeConflict conflict) {
        List<String> marked = new ArrayList<>();
        for (MergeConflict.File file : conflict.conflicts()) {
            Path path = resolved.path().resolve(file.path());
            if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            try {
                String text = new String(Files.readAllBytes(path), StandardCharsets.UTF_8);
                if (text.lines().anyMatch(line -> line.startsWith("<<<<<<< run") || line.startsWith(">>>>>>> task")
                        || line.startsWith("||||||| base"))) {
                    marked.add(file.path());
                }
            } catch (IOException e) {
                marked.add(file.path() + " (unreadable: " + e.getMessage() + ")");
            }
        }
        return marked;
    }

    private static void write(Path path, String text) {
        try {
            Files.writeString(path, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            // the record is for people; the failure line names the files anyway
        }
    }
}
