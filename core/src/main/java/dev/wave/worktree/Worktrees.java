package dev.wave.worktree;

import static java.util.Objects.requireNonNull;

import dev.wave.WaveException;
import dev.wave.check.ToolByproducts;
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
import java.util.Optional;
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
    static final String BRANCH_PREFIX = "wave/";
    /** Where in a task's worktree its merge's new contents wait to be moved into the run's working tree. */
    static final String STAGING = ".wave-merging";

    private final Git git;
    private final String runId;
    private final Path root;
    private final Object administration = new Object(); // git worktree add / remove, one at a time
    private final WorktreePrep prep;

    private Worktrees(Git git, String runId, Path root, WorktreePrep prep) {
        this.git = git;
        this.runId = runId;
        this.root = root;
        this.prep = prep;
    }

    /** The worktrees of run {@code runId} in the repository of {@code git}. */
    public static Worktrees of(Git git, String runId) {
        requireNonNull(git, "git is null");
        requireNonNull(runId, "runId is null");
        Path common = Path.of(git.text("rev-parse", "--path-format=absolute", "--git-common-dir"));
        return new Worktrees(git, runId, common.resolve("wave").resolve("worktrees").resolve(runId), WorktreePrep.none());
    }

    /**
     * The worktrees of run {@code runId}, one directory per task under {@code root}. Agents need
     * this: Claude Code refuses to edit files under a {@code .git} directory, where {@link #of(Git, String)}
     * puts them; {@code <repository>/.wave/worktrees/<run>} suits (backups and snapshots skip {@code .wave}).
     */
    public static Worktrees of(Git git, String runId, Path root) {
        requireNonNull(git, "git is null");
        requireNonNull(runId, "runId is null");
        return new Worktrees(git, runId, root.toAbsolutePath().normalize(), WorktreePrep.none());
    }

    /** The same worktrees, each given what {@code prep} copies and links in by {@link #prepare}. */
    public Worktrees withPreparation(WorktreePrep prep) {
        return new Worktrees(git, runId, root, requireNonNull(prep, "prep is null"));
    }

    /** Where the run's worktrees live, one directory per task. */
    public Path root() {
        return root;
    }

    /**
     * Copies and links into a new worktree what the run's {@link WorktreePrep} names, and returns the
     * worktree with those paths recorded, so that {@link #commit} leaves them out.
     *
     * @param done hears what was placed and what was skipped and why, for the task's log
     */
    public Worktree prepare(Worktree worktree, java.util.function.Consumer<WorktreePrep.Prepared> done) {
        WorktreePrep.Prepared prepared = prep.prepare(worktree.path());
        done.accept(prepared);
        return new Worktree(worktree.taskId(), worktree.path(), worktree.branch(), worktree.base(), worktree.scope(),
                prepared.placed());
    }

    /** The branch of a task's worktree. */
    public String branch(String taskId) {
        return BRANCH_PREFIX + runId + "/" + taskId;
    }

    /**
     * Makes the task's worktree at {@code base}; with a scope, only the scope is checked out. An earlier
     * attempt's worktree and branch of the same task that are still there (a session that ended and was
     * resumed) are replaced.
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
        List<String> add = new ArrayList<>(List.of("worktree", "add", "-q", "--no-track"));
        if (!scope.isEmpty()) {
            add.add("--no-checkout");
        }
        add.addAll(List.of("-b", branch, path.toString(), start));
        synchronized (administration) {
            if (!git.attempt(Command.of(add)).succeeded()) {
                // an earlier attempt's worktree or branch, left by a session that ended (wave resume): replaced
                git.attempt(Command.of("worktree", "remove", "--force", "--force", path.toString()));
                git.attempt(Command.of("worktree", "prune"));
                git.attempt(Command.of("branch", "-D", branch));
                RunDirectories.delete(path);
                git.run(Command.of(add));
            }
        }
        if (!scope.isEmpty()) {
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
     * After a setup command ran in the worktree: the worktree with the untracked paths it made (not ignored;
     * a new directory as one path) recorded as prepared, so that {@link #commit} leaves them out.
     */
    public Worktree setUp(Worktree worktree) {
        List<String> made = new ArrayList<>(worktree.prepared());
        for (String path : open(worktree.path()).run(sparse(Command.of("ls-files", "-z", "--others", "--exclude-standard",
                "--directory", "--no-empty-directory"))).nulSeparated()) {
            String entry = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
            if (!entry.isEmpty() && !made.contains(entry)) {
                made.add(entry);
            }
        }
        return new Worktree(worktree.taskId(), worktree.path(), worktree.branch(), worktree.base(), worktree.scope(), made);
    }

    /**
     * Commits everything the agent changed in its worktree on the task's branch (no hooks run), but new tools'
     * byproducts ({@code __pycache__/} ...), and returns the paths changed since the base, sorted.
     */
    public List<String> commit(Worktree worktree, String message) {
        Git tree = open(worktree.path());
        List<String> add = new ArrayList<>(List.of("add", "-A", "--sparse"));
        if (!worktree.prepared().isEmpty()) {
            // git add refuses a pathspec naming an ignored path, even to exclude it; ignored ones stay out anyway
            Set<String> ignored = new java.util.HashSet<>(tree.attempt(Command.of("check-ignore", "--stdin")
                    .withLines(worktree.prepared())).lines());
            add.addAll(List.of("--", ":(top)"));
            worktree.prepared().stream().filter(path -> !ignored.contains(path))
                    .forEach(path -> add.add(":(top,exclude,literal)" + path));
        }
        tree.run(sparse(Command.of(add)));
        leaveOutByproducts(tree);
        Result staged = tree.attempt(Command.of("diff", "--cached", "--quiet"));
        if (staged.exitCode() == 1) {
            tree.run(Command.of("commit", "-q", "--no-verify", "-m", message).withConfiguration("core.hooksPath", "/dev/null"));
        }
        return changed(tree, worktree.base(), "HEAD");
    }

    /**
     * Takes out of the index the new files that are tools' byproducts ({@code __pycache__/}, {@code .pytest_cache/} ...:
     * {@link ToolByproducts}), which an agent running the tests leaves and which are not its change (nor in its scope).
     * Those the task's start tracks stay.
     */
    private static void leaveOutByproducts(Git tree) {
        List<String> byproducts = tree.run(Command.of("diff", "--cached", "--name-only", "--diff-filter=A", "-z", "--no-renames"))
                .nulSeparated().stream().filter(path -> ToolByproducts.byproduct(path).isPresent()).toList();
        if (!byproducts.isEmpty()) {
            tree.run(Command.of("reset", "-q", "--pathspec-from-file=-", "--pathspec-file-nul")
                    .withNulInput(byproducts.stream().map(path -> ":(top,literal)" + path).toList()));
        }
    }

    /**
     * Brings the task's committed change into {@code target}, the run's working tree, file by file:
     * a file nobody else touched takes the task's version, one that others changed too is merged
     * line by line ({@code git merge-file}). All or nothing: on any conflict nothing is written and
     * the branch is kept. Never writes through a symbolic link; never touches the index or HEAD.
     */
    public Integration integrate(Worktree worktree, Path target) {
        return integrate(worktree, target, files -> { });
    }

    /**
     * As {@link #integrate(Worktree, Path)}, telling {@code beforeWriting} first, once the merge is decided and its new
     * contents are staged (in the task's worktree) and before any file of {@code target} is written, what each path
     * held and will hold and where its new content waits ({@link MergeWrite}). A resumed run reads that back to tell
     * whether the merge was done, and finishes one that a dead process left halfway ({@link MergeFinish}). An exception
     * from {@code beforeWriting} leaves {@code target} untouched (and the staged contents in the worktree).
     */
    public Integration integrate(Worktree worktree, Path target,
            java.util.function.Consumer<List<MergeWrite>> beforeWriting) {
        requireNonNull(target, "target is null");
        requireNonNull(beforeWriting, "beforeWriting is null");
        List<Blobs.Change> changes = Blobs.changes(git, worktree.base(), worktree.branch());
        List<String> files = changes.stream().map(Blobs.Change::path).toList();
        FileMerge merge = new FileMerge(git, target);
        List<FileMerge.Step> steps = new ArrayList<>();
        List<String> conflicts = new ArrayList<>();
        List<String> merged = new ArrayList<>();
        for (Blobs.Change change : changes) {
            String file = change.path();
            FileMerge.Decision decision = merge.decide(file, change.before(), change.after());
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
        steps.sort(java.util.Comparator.comparing(FileMerge.Step::path));
        Path staging = worktree.path().resolve(STAGING);
        List<MergeWrite> writes = merge.stage(steps, staging);
        beforeWriting.accept(writes);
        merge.apply(writes);
        RunDirectories.delete(staging); // on a failure it stays, as after a kill: the worktree is kept, then removed
        return new Integration.Applied(files, merged);
    }

    /** The SHA-256 of {@code bytes}, in hex. */
    public static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    /**
     * Both sides of each file of a conflicted integration, read from the task's base, its branch and
     * {@code target}, the run's working tree, as they are now.
     */
    public MergeConflict describe(Worktree worktree, Integration.Conflicted conflicted, Path target) {
        requireNonNull(conflicted, "conflicted is null");
        List<String> paths = new ArrayList<>();
        Map<String, String> reasons = new java.util.LinkedHashMap<>();
        for (String conflict : conflicted.conflicts()) {
            int open = conflict.indexOf(" (");
            String path = open < 0 ? conflict : conflict.substring(0, open);
            reasons.put(path, open < 0 ? "it conflicts" : conflict.substring(open + 2, conflict.length() - 1));
            paths.add(path);
        }
        Map<String, Blobs.Entry> before = Blobs.list(git, worktree.base(), paths);
        Map<String, Blobs.Entry> after = Blobs.list(git, worktree.branch(), paths);
        FileMerge merge = new FileMerge(git, target.toAbsolutePath().normalize());
        List<MergeConflict.File> files = new ArrayList<>();
        for (String path : paths) {
            files.add(merge.describe(path, reasons.get(path), before.get(path), after.get(path)));
        }
        return new MergeConflict(worktree.taskId(), worktree.branch(), worktree.base(), conflicted.files(), files);
    }

    /**
     * A worktree to resolve {@code conflict} in: task {@code taskId}'s worktree at {@code base} (the run's
     * state now) with the conflicted task's change merged in as far as it goes, as {@code git merge}
     * leaves it: files only the task changed take its version, files both changed are merged line by line,
     * and where the lines conflict the file holds both sides between conflict markers
     * ({@code <<<<<<< run}, {@code ||||||| base}, {@code =======}, {@code >>>>>>> task}). A conflict that
     * cannot be marked (a deletion, a link, a binary file) leaves the run's version for the agent to decide.
     */
    public Worktree createResolution(String taskId, String base, List<String> scope, MergeConflict conflict) {
        Worktree worktree = create(taskId, base, scope);
        List<String> files = conflict.files();
        Map<String, Blobs.Entry> before = Blobs.list(git, conflict.base(), files);
        Map<String, Blobs.Entry> after = Blobs.list(git, conflict.branch(), files);
        FileMerge merge = new FileMerge(git, worktree.path());
        List<FileMerge.Step> steps = new ArrayList<>();
        for (String file : files) {
            FileMerge.Decision decision = merge.decide(file, before.get(file), after.get(file));
            if (decision instanceof FileMerge.Step step) {
                steps.add(step);
            } else if (decision instanceof FileMerge.Conflict) {
                Blobs.Entry task = after.get(file);
                merge.withMarkers(file, before.get(file), task).ifPresent(marked -> steps.add(
                        new FileMerge.Step(file, Optional.of(marked), task.executable(), false, true)));
            }
        }
        Path staging = worktree.path().resolve(STAGING);
        merge.apply(merge.stage(steps, staging));
        RunDirectories.delete(staging);
        return worktree;
    }

    /**
     * Removes the worktree, and its branch unless {@code keepBranch}; the run's directory of worktrees too
     * once it is empty, and the {@code worktrees} directory that holds it once that is empty.
     */
    public void remove(Worktree worktree, boolean keepBranch) {
        // one at a time: a worktree added meanwhile would need the directory, and git deletes a branch under
        // packed-refs.lock, which a concurrent deletion holds (git gives up after core.packedRefsTimeout)
        synchronized (administration) {
            git.attempt(Command.of("worktree", "remove", "--force", "--force", worktree.path().toString()));
            RunDirectories.deleteIfEmpty(root);
            if (!keepBranch) {
                git.attempt(Command.of("branch", "-D", worktree.branch()));
            }
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

    /**
     * A worktree of the run as git lists it: for the report of what was kept, and for a later session
     * that never made it.
     */
    public record Found(String taskId, Path path, String branch) {
        public Found {
            requireNonNull(taskId, "taskId is null");
            requireNonNull(path, "path is null");
            requireNonNull(branch, "branch is null");
        }
    }

    /** The run's worktrees that exist now, sorted by task id. */
    public List<Found> list() {
        String prefix = "refs/heads/" + BRANCH_PREFIX + runId + "/";
        List<Found> found = new ArrayList<>();
        for (Map.Entry<Path, String> entry : TaskBranches.checkedOut(git).entrySet()) {
            if (entry.getValue().startsWith(prefix)) {
                String branch = entry.getValue().substring("refs/heads/".length());
                found.add(new Found(entry.getValue().substring(prefix.length()), entry.getKey(), branch));
            }
        }
        found.sort(java.util.Comparator.comparing(Found::taskId));
        return found;
    }

    /**
     * At the end of a run: removes the worktree and the branch of every task of the run except those in
     * {@code keepTaskIds} (failed attempts, conflicts), whose worktrees and branches stay for inspection,
     * and returns what is kept, sorted by task id: what the report lists. A kept task's branch without a
     * worktree stays too. What git still remembers of worktrees removed by hand is pruned.
     */
    public List<Found> cleanUp(Set<String> keepTaskIds) {
        git.attempt(Command.of("worktree", "prune"));
        List<Found> kept = new ArrayList<>();
        for (Found found : list()) {
            if (keepTaskIds.contains(found.taskId())) {
                kept.add(found);
            } else {
                git.attempt(Command.of("worktree", "remove", "--force", "--force", found.path().toString()));
            }
        }
        for (String branch : branches()) {
            String taskId = branch.substring((BRANCH_PREFIX + runId + "/").length());
            if (!keepTaskIds.contains(taskId)) {
                git.attempt(Command.of("branch", "-D", branch));
            }
        }
        if (kept.isEmpty()) {
            RunDirectories.delete(root);
            RunDirectories.deleteIfEmpty(root);
        }
        return kept;
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
