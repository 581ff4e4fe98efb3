package dev.wave.worktree;

import static java.util.Objects.requireNonNull;

import dev.wave.WaveException;
import dev.wave.git.Command;
import dev.wave.git.Git;
import dev.wave.git.Result;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The worktrees of one run's agent tasks. The entry point of the {@code worktree} package.
 *
 * <p>Each task gets {@code <git-dir>/wave/worktrees/<run>/<task>} on branch {@code wave/<run>/<task>}
 * made from a base commit (the Wave 0 backup, or the run's state when the task starts). A task
 * with a scope gets a sparse checkout of just its scope, so preparing it costs what the scope
 * holds, not what the repository holds; the sparse setting lives in that worktree's own git
 * directory and leaves the repository's configuration alone.
 *
 * <p>Thread-safety: calls for different tasks may run at once; adding and removing worktrees take
 * turns (git's {@code worktree add} reads the administrative directories of the others and fails,
 * "failed to read .git/worktrees/X/commondir", on one another is still writing).
 * {@link #integrate} must be called for one task at a time (the run does it in dependency order).
 * Failures of git are {@link WaveException}s of kind UNSAFE_STATE naming the command.
 */
public final class Worktrees {
    private static final String BRANCH_PREFIX = "wave/";

    private final Git git;
    private final String runId;
    private final Path root;
    private final Object administration = new Object(); // git worktree add / remove, one at a time

    private Worktrees(Git git, String runId, Path root) {
        this.git = git;
        this.runId = runId;
        this.root = root;
    }

    /** The worktrees of run {@code runId} in the repository of {@code git}. */
    public static Worktrees of(Git git, String runId) {
        requireNonNull(git, "git is null");
        requireNonNull(runId, "runId is null");
        Path common = Path.of(git.text("rev-parse", "--path-format=absolute", "--git-common-dir"));
        return new Worktrees(git, runId, common.resolve("wave").resolve("worktrees").resolve(runId));
    }

    /**
     * The worktrees of run {@code runId}, one directory per task under {@code root}. Agents need
     * this: Claude Code refuses to edit files under a {@code .git} directory, where {@link #of(Git, String)}
     * puts them; {@code <repository>/.wave/worktrees/<run>} suits (backups and snapshots skip {@code .wave}).
     */
    public static Worktrees of(Git git, String runId, Path root) {
        requireNonNull(git, "git is null");
        requireNonNull(runId, "runId is null");
        return new Worktrees(git, runId, root.toAbsolutePath().normalize());
    }

    /** The branch of a task's worktree. */
    public String branch(String taskId) {
        return BRANCH_PREFIX + runId + "/" + taskId;
    }

    /**
     * Makes the task's worktree at {@code base}; with a scope, only the scope is checked out.
     *
     * @param scope repository-relative files, directories ({@code src/api/}) or globs ({@code **}{@code /*.py})
     */
    public Worktree create(String taskId, String base, List<String> scope) {
        return create(taskId, base, base, scope);
    }

    /**
     * Makes the task's worktree checked out at {@code start}, a commit on top of {@code base} (the failed
     * attempt a fix wave builds on); its change is still counted, committed and integrated from {@code base}.
     */
    public Worktree create(String taskId, String base, String start, List<String> scope) {
        requireNonNull(taskId, "taskId is null");
        requireNonNull(base, "base is null");
        requireNonNull(start, "start is null");
        Path path = root.resolve(taskId);
        String branch = branch(taskId);
        if (scope.isEmpty()) {
            synchronized (administration) {
                git.run(Command.of("worktree", "add", "-q", "--no-track", "-b", branch, path.toString(), start));
            }
        } else {
            synchronized (administration) {
                git.run(Command.of("worktree", "add", "-q", "--no-track", "--no-checkout", "-b", branch, path.toString(), start));
            }
            Git tree = open(path);
            Path info = Path.of(tree.text("rev-parse", "--path-format=absolute", "--git-dir")).resolve("info");
            try {
                Files.createDirectories(info);
                Files.writeString(info.resolve("sparse-checkout"), String.join("\n", sparsePatterns(scope)) + "\n");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the sparse-checkout of " + path, e);
            }
            tree.run(sparse(Command.of("read-tree", "-mu", "HEAD")));
        }
        return new Worktree(taskId, path, branch, base, scope);
    }

    /**
     * Commits everything the agent changed in its worktree on the task's branch (no hooks run) and
     * returns the paths changed since the base, sorted.
     */
    public List<String> commit(Worktree worktree, String message) {
        Git tree = open(worktree.path());
        tree.run(sparse(Command.of("add", "-A", "--sparse")));
        Result staged = tree.attempt(Command.of("diff", "--cached", "--quiet"));
        if (staged.exitCode() == 1) {
            tree.run(Command.of("commit", "-q", "--no-verify", "-m", message).withConfiguration("core.hooksPath", "/dev/null"));
        }
        return changed(tree, worktree.base(), "HEAD");
    }

    /**
     * Brings the task's committed change into {@code target}, the run's working tree, file by file:
     * a file nobody else touched takes the task's version, one that others changed too is merged
     * line by line ({@code git merge-file}). All or nothing: on any conflict nothing is written and
     * the branch is kept. Never writes through a symbolic link; never touches the index or HEAD.
     */
    public Integration integrate(Worktree worktree, Path target) {
        requireNonNull(target, "target is null");
        List<String> files = changed(git, worktree.base(), worktree.branch());
        Map<String, Blobs.Entry> before = Blobs.list(git, worktree.base(), files);
        Map<String, Blobs.Entry> after = Blobs.list(git, worktree.branch(), files);
        FileMerge merge = new FileMerge(git, target);
        List<FileMerge.Step> steps = new ArrayList<>();
        List<String> conflicts = new ArrayList<>();
        List<String> merged = new ArrayList<>();
        for (String file : files) {
            FileMerge.Decision decision = merge.decide(file, before.get(file), after.get(file));
            if (decision instanceof FileMerge.Conflict conflict) {
                conflicts.add(file + " (" + conflict.reason() + ")");
            } else if (decision instanceof FileMerge.Step step) {
                steps.add(step);
                if (step.merged()) {
                    merged.add(file);
                }
            }
        }
        if (!conflicts.isEmpty()) {
            return new Integration.Conflicted(files, conflicts, worktree.branch());
        }
        merge.apply(steps);
        return new Integration.Applied(files, merged);
    }

    /** Removes the worktree, and its branch unless {@code keepBranch}. */
    public void remove(Worktree worktree, boolean keepBranch) {
        synchronized (administration) {
            git.attempt(Command.of("worktree", "remove", "--force", "--force", worktree.path().toString()));
        }
        if (!keepBranch) {
            git.attempt(Command.of("branch", "-D", worktree.branch()));
        }
    }

    /**
     * Removes the worktree and branch an earlier session of the run left for the task (a resumed run's
     * kept attempt), so that {@link #create} can make them afresh. Does nothing when there are none.
     */
    public void discard(String taskId) {
        requireNonNull(taskId, "taskId is null");
        Path path = root.resolve(taskId);
        String branch = branch(taskId);
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            synchronized (administration) {
                git.attempt(Command.of("worktree", "remove", "--force", "--force", path.toString()));
            }
        }
        if (git.attempt(Command.of("rev-parse", "--verify", "--quiet", "refs/heads/" + branch)).exitCode() == 0) {
            synchronized (administration) {
                git.attempt(Command.of("worktree", "prune"));
            }
            git.attempt(Command.of("branch", "-D", branch));
        }
    }

    /**
     * Checks out the whole tree in a sparse worktree (once the agent's change is committed), so that a
     * check run there sees the project, not only the task's scope. Does nothing for a full worktree.
     */
    public void expand(Worktree worktree) {
        if (!worktree.sparse()) {
            return;
        }
        Git tree = open(worktree.path());
        Path info = Path.of(tree.text("rev-parse", "--path-format=absolute", "--git-dir")).resolve("info");
        try {
            Files.writeString(info.resolve("sparse-checkout"), "/*\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the sparse-checkout of " + worktree.path(), e);
        }
        tree.run(sparse(Command.of("read-tree", "-mu", "HEAD")));
    }

    /** The commit the worktree's branch is at. */
    public String head(Worktree worktree) {
        return git.text("rev-parse", "--verify", "refs/heads/" + worktree.branch()).strip();
    }

    /** Removes every worktree of the run, and the branches not in {@code keep}; prunes what git remembers. */
    public void removeAll(Set<String> keepBranches) {
        if (Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            try (var tasks = Files.list(root)) {
                for (Path path : tasks.toList()) {
                    git.attempt(Command.of("worktree", "remove", "--force", "--force", path.toString()));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + root, e);
            }
        }
        git.attempt(Command.of("worktree", "prune"));
        for (String branch : branches()) {
            if (!keepBranches.contains(branch)) {
                git.attempt(Command.of("branch", "-D", branch));
            }
        }
    }

    /** The run's task branches that exist now. */
    public List<String> branches() {
        String listed = git.text("for-each-ref", "--format=%(refname:short)", "refs/heads/" + BRANCH_PREFIX + runId + "/");
        return listed.isEmpty() ? List.of() : List.of(listed.split("\n"));
    }

    /** Sparse patterns (non-cone) for a scope: anchored at the top, directories with everything in them. */
    static List<String> sparsePatterns(List<String> scope) {
        List<String> patterns = new ArrayList<>();
        for (String entry : scope) {
            String path = entry.startsWith("./") ? entry.substring(2) : entry;
            if (path.startsWith("**")) {
                patterns.add(path);
            } else {
                patterns.add("/" + path);
            }
        }
        return patterns;
    }

    private static Command sparse(Command command) {
        return command.withConfiguration("core.sparseCheckout", "true").withConfiguration("core.sparseCheckoutCone", "false");
    }

    private static List<String> changed(Git git, String from, String to) {
        return git.run(Command.of("diff", "--name-only", "-z", "--no-renames", from, to)).nulSeparated().stream()
                .sorted().toList();
    }

    private static Git open(Path path) {
        return Git.open(path).orElseThrow(() -> WaveException.unsafeState(
                "the worktree %s is not a git work tree any more. Run 'git worktree prune' and try again.", path));
    }
}
