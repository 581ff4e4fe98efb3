package dev.wave.worktree;

import static java.util.Objects.requireNonNull;

import dev.wave.git.Command;
import dev.wave.git.Git;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The task branches of agents' worktrees across runs ({@code refs/heads/wave/<run>/<task>}), for a
 * rollback: what the backup does not hold goes, with its worktree. Stateless.
 */
public final class TaskBranches {
    /** Where the agents' base snapshots are kept, by run (the agent package writes them). */
    private static final String AGENT_BASES = "refs/wave/agent-bases/";

    private TaskBranches() {}

    /**
     * For a rollback: removes the worktree of every task branch of wave ({@code refs/heads/wave/<run>/<task>})
     * that {@code keep} (full ref names: the backup's refs) does not hold, then those branches, each run's
     * agent base ref, and the worktree directories of those runs ({@code .wave/worktrees/<run>} in the work
     * tree and {@code wave/worktrees/<run>} in the git directory) where no kept worktree lives. Never follows
     * a symbolic link out of those directories. Returns one line per branch deleted, {@code name: sha -> deleted}.
     */
    public static List<String> removeAllBut(Git git, Set<String> keep) {
        requireNonNull(git, "git is null");
        String heads = "refs/heads/" + Worktrees.BRANCH_PREFIX;
        git.attempt(Command.of("worktree", "prune"));
        Set<String> runs = new java.util.TreeSet<>();
        Set<String> keptRuns = new java.util.TreeSet<>();
        for (Map.Entry<Path, String> entry : checkedOut(git).entrySet()) {
            String ref = entry.getValue();
            Optional<String> run = runOf(ref, heads);
            if (run.isEmpty()) {
                continue;
            }
            if (keep.contains(ref)) {
                keptRuns.add(run.get());
            } else {
                git.attempt(Command.of("worktree", "remove", "--force", "--force", entry.getKey().toString()));
                runs.add(run.get());
            }
        }
        git.attempt(Command.of("worktree", "prune"));
        List<String> deleted = new ArrayList<>();
        for (String line : git.text("for-each-ref", "--format=%(objectname) %(refname)", heads).lines().toList()) {
            String[] fields = line.split(" ", 2);
            Optional<String> run = runOf(fields[1], heads);
            if (run.isEmpty() || keep.contains(fields[1])) {
                run.ifPresent(keptRuns::add);
                continue;
            }
            if (git.attempt(Command.of("update-ref", "-d", fields[1], fields[0])).succeeded()) {
                deleted.add(fields[1].substring("refs/heads/".length()) + ": " + fields[0].substring(0, 12)
                        + " -> deleted (an agent task's branch, its worktree removed)");
            }
            runs.add(run.get());
        }
        runs.removeAll(keptRuns);
        Path common = Path.of(git.text("rev-parse", "--path-format=absolute", "--git-common-dir"));
        for (String run : runs) {
            git.attempt(Command.of("update-ref", "-d", AGENT_BASES + run));
            RunDirectories.delete(git.root().resolve(".wave").resolve("worktrees").resolve(run));
            RunDirectories.delete(common.resolve("wave").resolve("worktrees").resolve(run));
        }
        return deleted;
    }

    /** The run id of a task branch {@code refs/heads/wave/<run>/<task>}. */
    private static Optional<String> runOf(String ref, String heads) {
        if (!ref.startsWith(heads)) {
            return Optional.empty();
        }
        String rest = ref.substring(heads.length());
        int slash = rest.indexOf('/');
        return slash > 0 && slash < rest.length() - 1 ? Optional.of(rest.substring(0, slash)) : Optional.empty();
    }

    /** Every linked worktree's path and the branch it has checked out (full ref name); the main one left out. */
    static Map<Path, String> checkedOut(Git git) {
        Map<Path, String> trees = new java.util.LinkedHashMap<>();
        Path path = null;
        for (String line : git.text("worktree", "list", "--porcelain").lines().toList()) {
            if (line.startsWith("worktree ")) {
                path = Path.of(line.substring("worktree ".length())).toAbsolutePath().normalize();
            } else if (line.startsWith("branch ") && path != null && !path.equals(git.root())) {
                trees.put(path, line.substring("branch ".length()));
            }
        }
        return trees;
    }
}
