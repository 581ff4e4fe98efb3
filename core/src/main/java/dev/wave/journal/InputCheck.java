package dev.wave.journal;

import static java.util.Objects.requireNonNull;

import dev.wave.plan.Action;
import dev.wave.plan.Task;
import dev.wave.run.ExecutionResult;
import dev.wave.run.TaskExecutor;
import dev.wave.schedule.TaskState;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks a task's inputs before it starts: the checkpoint of each of its dependencies is read back
 * from the journal (as committed: this process's commits, or the database for an earlier session's) and verified (present, the right task, succeeded), and the files each dependency
 * left behind (what it changed that existed when it ended, for dependencies run by this process)
 * still exist. An agent task's change is made in its worktree and lands in the repository when it is
 * integrated, after it ended and before its dependents start: what it left is taken when the first
 * dependent is checked (a file it deleted is not one it left). A failed check fails the attempt with
 * the reason, before anything starts.
 * Thread-safe, as the executor it wraps.
 */
public final class InputCheck implements TaskExecutor {
    private static final int NAMED = 5;

    private final TaskExecutor delegate;
    private final RunJournal journal;
    private final Path repository;
    private final Map<String, List<String>> left = new ConcurrentHashMap<>();
    private final Map<String, List<String>> landing = new ConcurrentHashMap<>();

    public InputCheck(TaskExecutor delegate, RunJournal journal, Path repository) {
        this.delegate = requireNonNull(delegate, "delegate is null");
        this.journal = requireNonNull(journal, "journal is null");
        this.repository = requireNonNull(repository, "repository is null");
    }

    @Override
    public ExecutionResult execute(Task task, Path workDirectory, Path log) throws InterruptedException {
        Optional<String> problem = check(task);
        if (problem.isPresent()) {
            return ExecutionResult.failed("input check failed: " + problem.get());
        }
        ExecutionResult result = delegate.execute(task, workDirectory, log);
        if (result.succeeded() && !result.filesChanged().isEmpty()) {
            if (task.action() instanceof Action.Agent) {
                landing.put(task.id(), result.filesChanged()); // in its worktree: the integration lands it later
            } else {
                left.put(task.id(), present(result.filesChanged()));
            }
        }
        return result;
    }

    private List<String> present(List<String> files) {
        List<String> present = new ArrayList<>();
        for (String file : files) {
            if (Files.exists(repository.resolve(file), LinkOption.NOFOLLOW_LINKS)) {
                present.add(file);
            }
        }
        return present;
    }

    /** Why the task's inputs are not as its dependencies left them; empty when they are. */
    Optional<String> check(Task task) {
        for (String dependency : task.dependsOn()) {
            Optional<Checkpoint> checkpoint = journal.lastEnd(dependency);
            if (checkpoint.isEmpty()) {
                return Optional.of("the journal has no checkpoint of its dependency \"" + dependency + "\"");
            }
            if (!checkpoint.get().taskId().equals(dependency) || checkpoint.get().state() != TaskState.SUCCEEDED) {
                return Optional.of("its dependency \"" + dependency + "\" is recorded as " + checkpoint.get().status()
                        + ", not succeeded");
            }
            List<String> landed = landing.remove(dependency);
            if (landed != null) {
                left.putIfAbsent(dependency, present(landed));
            }
            List<String> missing = new ArrayList<>();
            for (String file : left.getOrDefault(dependency, List.of())) {
                if (!Files.exists(repository.resolve(file), LinkOption.NOFOLLOW_LINKS)) {
                    missing.add(file);
                }
            }
            if (!missing.isEmpty()) {
                return Optional.of(missing.size() + " file" + (missing.size() == 1 ? "" : "s") + " that \"" + dependency
                        + "\" left are gone: " + String.join(", ", missing.subList(0, Math.min(NAMED, missing.size())))
                        + (missing.size() > NAMED ? ", ..." : ""));
            }
        }
        return Optional.empty();
    }

    /** For tests: the files {@code taskId} left behind. */
    Set<String> left(String taskId) {
        return Set.copyOf(left.getOrDefault(taskId, List.of()));
    }
}
