package dev.wave.safety;

import static java.util.Objects.requireNonNull;

import dev.wave.WaveException;
import dev.wave.check.ToolByproducts;
import dev.wave.git.Command;
import dev.wave.git.Git;
import dev.wave.git.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.IntFunction;

/**
 * The last wave: one commit of the run's change and nothing else.
 *
 * <p>Design: the run's change is what differs between the Wave 0 {@link Manifest} and a scan now
 * (files and links; ignored files and everything inside nested repositories left out). The commit is
 * HEAD plus that change: git's own three-way merge ({@code git merge-tree}) applies "Wave 0 state to
 * end state" onto HEAD's tree, with the content as {@code git add} would store it (clean filters, line
 * endings). So a user's staged and unstaged edits in the same files stay out of the commit and stay
 * where they were: the index gets the same change applied onto the user's staged version, and the
 * working tree is not touched. Where the run's change and the user's edit overlap in one hunk, nothing
 * is committed and the result names those files: the commit is the user's to make. Files the run
 * changed that no commit or index held before (the user's untracked files) are left out and named, and so are
 * the byproducts of tools ({@link ToolByproducts}: {@code __pycache__/}, {@code .pytest_cache/} ...) that no commit
 * or index holds: they stay in the working tree, untracked.
 * The commit's parent is HEAD, and it goes on the current branch, or on a new branch that HEAD then
 * points at. Hooks do not run: this is plumbing, like a commit made by a merge tool.
 *
 * <p>Resume: the commit object is made first and recorded in the run's {@link CommitJournal} before HEAD (or the new
 * branch) moves to it. A resumed run whose journal holds such a commit, and whose HEAD already is that commit with
 * the tree the run's change gives now, takes it as its commit and brings the index up to it: a crash between the
 * commit and the journal's record of it never makes a second commit.
 */
final class FinalCommit {
    private final Git git;

    FinalCommit(Git git) {
        this.git = requireNonNull(git, "git is null");
    }

    /**
     * Commits the run's change since {@code start}.
     *
     * @param coverage what the Wave 0 backup left out, which the scan now leaves out too
     * @param body the message body, given the number of files changed
     * @param newBranch a branch to create for the commit instead of committing on the current one
     */
    CommitResult commit(Manifest start, BackupCoverage coverage, String subject, IntFunction<String> body,
            Optional<String> newBranch) {
        return commit(start, coverage, subject, body, newBranch, CommitJournal.none());
    }

    /**
     * As {@link #commit(Manifest, BackupCoverage, String, IntFunction, Optional)}, recording the commit in
     * {@code journal} before HEAD moves to it. When the journal holds a commit an earlier session made and HEAD
     * (or the new branch) already is that commit with the tree this run would commit, that commit is the
     * result: the index is brought up to it and no second commit is made.
     */
    CommitResult commit(Manifest start, BackupCoverage coverage, String subject, IntFunction<String> body,
            Optional<String> newBranch, CommitJournal journal) {
        Optional<Landed> landed = journal.intended().flatMap(commit -> landed(commit, newBranch));
        if (landed.isPresent()) {
            CommitResult completed = commitOnto(start, coverage, subject, body, newBranch, landed.get().parent(), journal,
                    landed);
            if (completed.committed()) {
                return completed;
            }
        }
        return commitOnto(start, coverage, subject, body, newBranch, Backups.head(git), journal, Optional.empty());
    }

    /**
     * A commit an earlier session made and moved HEAD (or the new branch) to: {@code parent} is HEAD as it was
     * before, on the same branch.
     */
    private record Landed(String commit, String tree, Head parent) {}

    private Optional<Landed> landed(String commit, Optional<String> newBranch) {
        Optional<String> ref = newBranch.map(name -> "refs/heads/" + name);
        Result at = git.attempt(Command.of("rev-parse", "-q", "--verify", ref.orElse("HEAD") + "^{commit}"));
        if (!at.succeeded() || !at.text().equals(commit)) {
            return Optional.empty();
        }
        List<String> line = List.of(git.text("rev-list", "--parents", "-n", "1", commit).split(" "));
        Optional<String> parent = line.size() > 1 ? Optional.of(line.get(1)) : Optional.empty();
        Head head = Backups.head(git);
        if (ref.isPresent() && !head.branch().equals(ref)) {
            // The earlier session died between creating the branch and pointing HEAD at it: HEAD is still where it was.
            if (!head.commit().equals(parent)) {
                return Optional.empty();
            }
            git.run(Command.of("symbolic-ref", "-m", "wave: commit on new branch " + newBranch.get(), "HEAD", ref.get()));
            head = Backups.head(git);
        }
        return Optional.of(new Landed(commit, git.text("rev-parse", commit + "^{tree}"),
                new Head(ref.isPresent() ? Optional.empty() : head.branch(), parent)));
    }

    private CommitResult commitOnto(Manifest start, BackupCoverage coverage, String subject, IntFunction<String> body,
            Optional<String> newBranch, Head head, CommitJournal journal, Optional<Landed> landed) {
        Manifest end = TreeScan.rescan(git, coverage, true);
        Map<String, Entry> before = entries(start, coverage);
        Map<String, Entry> after = entries(end, coverage);
        Set<String> changed = new TreeSet<>();
        Set<String> all = new TreeSet<>(before.keySet());
        all.addAll(after.keySet());
        for (String path : all) {
            if (!Objects.equals(before.get(path), after.get(path))) {
                changed.add(path);
            }
        }
        Set<String> present = new TreeSet<>(changed);
        present.retainAll(after.keySet()); // what the run deleted is not on disk, and may lie beyond a link now
        changed.removeAll(ignored(present));
        if (changed.isEmpty()) {
            return CommitResult.skipped("nothing to commit: the run changed no files");
        }
        String headTree = head.commit().map(commit -> git.text("rev-parse", commit + "^{tree}"))
                .orElseGet(() -> git.run(Command.of("mktree").withInput(new byte[0])).text());
        Optional<String> indexTree = Snapshots.indexTree(git, Optional.of(git.gitPath("index")).filter(Files::isRegularFile));
        if (indexTree.isEmpty()) {
            return CommitResult.skipped("not committed: the index has unresolved conflicts; the run's changes are in the "
                    + "working tree. Resolve the conflicts and commit them yourself.");
        }
        Map<String, Entry> inHead = treeEntries(headTree, changed);
        Map<String, Entry> inIndex = treeEntries(indexTree.get(), changed);
        List<String> untracked = new ArrayList<>();
        for (String path : List.copyOf(changed)) {
            if (before.containsKey(path) && !inHead.containsKey(path) && !inIndex.containsKey(path)) {
                untracked.add(path);
                changed.remove(path);
            }
        }
        List<String> byproducts = new ArrayList<>();
        for (String path : List.copyOf(changed)) {
            // __pycache__/, .pytest_cache/ ... that running a tool left and nothing tracked: not what the tasks meant to change
            if (!inHead.containsKey(path) && !inIndex.containsKey(path) && ToolByproducts.byproduct(path).isPresent()) {
                byproducts.add(path);
                changed.remove(path);
            }
        }
        String byproductsLeft = byproducts.isEmpty() ? "" : "; left out, as tool byproducts nothing tracked: "
                + first(ToolByproducts.describe(byproducts));
        if (changed.isEmpty()) {
            return CommitResult.skipped(untracked.isEmpty() && !byproducts.isEmpty()
                    ? "nothing to commit: the run changed only tool byproducts nothing tracked (" + first(ToolByproducts.describe(
                            byproducts)) + ")"
                    : "nothing to commit: the run changed only files that were not tracked before it (" + first(untracked) + ")"
                            + byproductsLeft);
        }
        Map<String, Entry> base = normalized(before, changed);
        Map<String, Entry> ends = normalized(after, changed);

        List<String> overlaps = new ArrayList<>();
        String tree = apply(headTree, inHead, base, ends, changed, overlaps);
        String index = apply(indexTree.get(), inIndex, base, ends, changed, overlaps);
        if (!overlaps.isEmpty()) {
            return CommitResult.skipped("not committed: the run's change and your uncommitted edits overlap in one hunk in "
                    + first(new ArrayList<>(new TreeSet<>(overlaps))) + "; the run's changes are in the working tree. "
                    + "Commit them yourself (git add -p).");
        }
        if (tree.equals(headTree)) {
            return CommitResult.skipped("nothing to commit: the files the run changed are as in HEAD");
        }
        int committed = committedFiles(headTree, tree);
        String commit;
        Optional<String> branch;
        String resumed = "";
        if (landed.isPresent()) {
            if (!tree.equals(landed.get().tree())) {
                return CommitResult.skipped("the earlier session's commit differs from the run's change now");
            }
            commit = landed.get().commit();
            branch = newBranch.map(name -> "refs/heads/" + name).or(() -> Backups.head(git).branch());
            resumed = " (made before the run was resumed, not again)";
        } else {
            List<String> args = new ArrayList<>(List.of("commit-tree", tree));
            head.commit().ifPresent(parent -> args.addAll(List.of("-p", parent)));
            args.addAll(List.of("-F", "-"));
            commit = git.run(Command.of(args).withInput((subject + "\n\n" + body.apply(committed)).getBytes(
                    StandardCharsets.UTF_8))).text();
            try {
                journal.intend(commit);
            } catch (RuntimeException e) {
                throw WaveException.unsafeState("cannot record the commit in the run journal (%s)", e.getMessage());
            }
            branch = moveHead(head, commit, subject, newBranch);
        }
        updateIndex(index, changed);
        String where = branch.map(ref -> "on " + ref.substring("refs/heads/".length())).orElse("on a detached HEAD");
        String kept = base.equals(inHead) ? "" : " (your own edits in those files stay uncommitted)";
        String left = (untracked.isEmpty() ? "" : "; left out, as they were not tracked before the run: " + first(untracked))
                + byproductsLeft;
        return new CommitResult(Optional.of(commit), branch.map(ref -> ref.substring("refs/heads/".length())),
                committed, subject, "committed " + committed + " changed " + (committed == 1 ? "file " : "files ") + where
                        + " as " + commit.substring(0, 12) + resumed + kept + left, false);
    }

    private static final String LINK = "link:";

    /** A path's git entry: mode and blob (for a link, until normalized, its target). */
    record Entry(String mode, String sha) {}

    /** The files and links of a manifest as git entries of their exact bytes, leaving out what no commit may hold. */
    private Map<String, Entry> entries(Manifest manifest, BackupCoverage coverage) {
        Map<String, Entry> entries = new TreeMap<>();
        for (Map.Entry<String, Manifest.Node> node : manifest.nodes().entrySet()) {
            String path = node.getKey();
            if (Backups.insideGitDirectory(path) || TreeScan.insideNested(path, coverage.nestedRepositories()).isPresent()) {
                continue;
            }
            if (node.getValue() instanceof Manifest.RegularFile file) {
                boolean executable = file.permissions().length() > 2 && file.permissions().charAt(2) == 'x';
                entries.put(path, new Entry(executable ? Snapshots.MODE_EXECUTABLE : Snapshots.MODE_FILE, file.sha()));
            } else if (node.getValue() instanceof Manifest.Link link) {
                entries.put(path, new Entry(Snapshots.MODE_SYMLINK, LINK + link.target())); // a blob only if it changed
            }
        }
        return entries;
    }

    /** The changed paths that git ignores and does not track: never committed. */
    private Set<String> ignored(Set<String> paths) {
        if (paths.isEmpty()) {
            return Set.of();
        }
        Result result = git.run(Command.of("check-ignore", "-z", "--stdin").withNulInput(paths).allowing(1));
        return new HashSet<>(result.nulSeparated());
    }

    /** The entries of {@code paths} with their content as {@code git add} stores it (clean filters, line endings). */
    private Map<String, Entry> normalized(Map<String, Entry> entries, Set<String> paths) {
        Map<String, Entry> result = new TreeMap<>();
        List<String> files = new ArrayList<>();
        for (String path : paths) {
            Entry entry = entries.get(path);
            if (entry != null && entry.sha().startsWith(LINK)) {
                result.put(path, new Entry(entry.mode(), git.run(Command.of("hash-object", "-w", "--stdin").withInput(
                        entry.sha().substring(LINK.length()).getBytes(StandardCharsets.UTF_8))).text()));
            } else if (entry != null) {
                result.put(path, entry);
                files.add(path);
            }
        }
        for (String path : Snapshots.converted(git, files)) {
            Entry raw = result.get(path);
            byte[] content = git.run(Command.of("cat-file", "blob", raw.sha())).output();
            String blob = git.run(Command.of("hash-object", "-w", "--path=" + path, "--stdin").withInput(content)).text();
            result.put(path, new Entry(raw.mode(), blob));
        }
        return result;
    }

    /**
     * {@code ours} (HEAD's tree or the index's) plus the change from {@code base} to {@code ends} at
     * {@code paths}; adds the paths where that change overlaps a difference between {@code ours} and
     * {@code base} to {@code overlaps}.
     */
    private String apply(String ours, Map<String, Entry> oursEntries, Map<String, Entry> base, Map<String, Entry> ends,
            Set<String> paths, List<String> overlaps) {
        String theirs = replace(ours, ends, paths);
        if (oursEntries.equals(base)) {
            return theirs; // nothing of the user's in those files: the end state is the change
        }
        String baseTree = replace(ours, base, paths);
        String baseCommit = git.run(Command.of("commit-tree", baseTree, "-m", "wave: Wave 0 state")).text();
        String oursCommit = git.run(Command.of("commit-tree", ours, "-p", baseCommit, "-m", "wave: ours")).text();
        String theirsCommit = git.run(Command.of("commit-tree", theirs, "-p", baseCommit, "-m", "wave: the run's change")).text();
        Result merged = git.run(Command.of("merge-tree", "--write-tree", "-z", "--name-only", oursCommit, theirsCommit)
                .withConfiguration("merge.renames", "false").allowing(1));
        List<String> fields = merged.nulSeparated();
        if (merged.exitCode() == 1) {
            for (int i = 1; i < fields.size() && !fields.get(i).isEmpty(); i++) {
                overlaps.add(fields.get(i));
            }
            if (overlaps.isEmpty()) {
                overlaps.add("(git merge-tree reported a conflict)");
            }
            return ours;
        }
        return fields.get(0);
    }

    /** {@code tree} with {@code paths} set to {@code entries} (removed where absent). */
    private String replace(String tree, Map<String, Entry> entries, Set<String> paths) {
        Path index = Snapshots.temporaryIndex(git, Optional.empty());
        try {
            git.run(Command.of("read-tree", tree).withIndex(index));
            git.run(Command.of("update-index", "--add", "--remove", "--replace", "-z", "--index-info").withIndex(index)
                    .withNulInput(indexInfo(entries, paths)));
            return git.run(Command.of("write-tree").withIndex(index)).text();
        } finally {
            Snapshots.deleteQuietly(index);
        }
    }

    /** The entries of {@code tree} at {@code paths}. */
    private Map<String, Entry> treeEntries(String tree, Set<String> paths) {
        Map<String, Entry> entries = new TreeMap<>();
        for (String line : git.run(Command.of("ls-tree", "-r", "-z", "--full-tree", tree)).nulSeparated()) {
            Snapshots.IndexEntry entry = Snapshots.IndexEntry.parse(line);
            if (paths.contains(entry.path())) {
                entries.put(entry.path(), new Entry(entry.mode(), entry.sha()));
            }
        }
        return entries;
    }

    /** How many files differ between two trees; a file renamed (or moved) counts once, as git shows it. */
    private int committedFiles(String from, String to) {
        return git.run(Command.of("diff-tree", "-r", "-z", "-M", "--name-only", from, to)).nulSeparated().size();
    }

    private static String first(List<String> paths) {
        return paths.size() <= 5 ? String.join(", ", paths)
                : String.join(", ", paths.subList(0, 5)) + ", ... " + (paths.size() - 5) + " more";
    }

    /** Whether branch {@code name} exists and is {@code commit}. */
    static boolean pointsAt(Git git, String name, Optional<String> commit) {
        if (commit.isEmpty()) {
            return false;
        }
        Result at = git.attempt(Command.of("rev-parse", "-q", "--verify", "refs/heads/" + name + "^{commit}"));
        return at.succeeded() && at.text().equals(commit.get());
    }

    /** Refuses a --branch name git would not accept, or one that exists. */
    static void checkNewBranch(Git git, String name) {
        Result format = git.attempt(Command.of("check-ref-format", "--branch", name));
        if (!format.succeeded()) {
            throw WaveException.invalidInput("--branch %s is not a valid branch name (%s). Choose another name.", name,
                    format.firstErrorLine());
        }
        if (git.attempt(Command.of("rev-parse", "-q", "--verify", "refs/heads/" + name)).succeeded()) {
            throw WaveException.invalidInput("--branch %s exists already. Give a new branch name, or omit --branch to commit on the current branch.",
                    name);
        }
    }

    private Optional<String> moveHead(Head head, String commit, String subject, Optional<String> newBranch) {
        String reflog = "commit: " + subject;
        if (newBranch.isPresent()) {
            String ref = "refs/heads/" + newBranch.get();
            git.run(Command.of("update-ref", "-m", reflog, "--stdin").withLines(List.of("create " + ref + " " + commit)));
            git.run(Command.of("symbolic-ref", "-m", "wave: commit on new branch " + newBranch.get(), "HEAD", ref));
            return Optional.of(ref);
        }
        if (head.branch().isPresent()) {
            String line = head.commit().map(old -> "update " + head.branch().get() + " " + commit + " " + old)
                    .orElse("create " + head.branch().get() + " " + commit);
            git.run(Command.of("update-ref", "-m", reflog, "--stdin").withLines(List.of(line)));
            return head.branch();
        }
        git.run(Command.of("update-ref", "--no-deref", "-m", reflog, "HEAD", commit, head.commit().orElseThrow()));
        return Optional.empty();
    }

    /** Sets the index entries of the changed paths to those of {@code tree}, leaving every other entry as the user had it. */
    private void updateIndex(String tree, Set<String> paths) {
        git.run(Command.of("update-index", "--add", "--remove", "--replace", "-z", "--index-info")
                .withNulInput(indexInfo(treeEntries(tree, paths), paths)));
        git.attempt(Command.of("update-index", "-q", "--refresh"));
    }

    /** The {@code update-index --index-info} lines that set {@code paths} to {@code entries}: removals, then entries. */
    private static List<String> indexInfo(Map<String, Entry> entries, Set<String> paths) {
        List<String> lines = new ArrayList<>();
        String zero = "0".repeat(40);
        for (String path : paths) {
            if (!entries.containsKey(path)) {
                lines.add("0 " + zero + "\t" + path);
            }
        }
        for (String path : paths) {
            Entry entry = entries.get(path);
            if (entry != null) {
                lines.add(entry.mode() + " " + entry.sha() + "\t" + path);
            }
        }
        return lines;
    }
}
