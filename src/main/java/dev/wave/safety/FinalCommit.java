package dev.wave.safety;

import static java.util.Objects.requireNonNull;

import dev.wave.WaveException;
import dev.wave.git.Command;
import dev.wave.git.Git;
import dev.wave.git.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The last wave: one commit of exactly the files the run changed.
 *
 * <p>The run's changes are the paths whose content differs between the Wave 0 snapshot and a
 * snapshot taken now, so changes the user had before the run (staged or not) that the run did not
 * touch stay out of the commit and stay as they were. The commit's tree is HEAD's tree with those paths
 * added the way {@code git add} adds them (clean filters, line endings, LFS), its parent is HEAD, and
 * it goes on the current branch, or on a new branch that HEAD then points at. The index entries of
 * those paths are then set to the commit's, so {@code git status} shows them clean. Hooks do not run:
 * this is plumbing, like a commit made by a merge tool.
 */
final class FinalCommit {
    private final Git git;

    FinalCommit(Git git) {
        this.git = requireNonNull(git, "git is null");
    }

    /** The paths that differ between two trees, with their status letter (A, D, M, T). */
    List<String[]> changes(String before, String after) {
        List<String[]> changes = new ArrayList<>();
        List<String> fields = git.run(Command.of("diff-tree", "-r", "-z", "--no-renames", "--name-status", before, after))
                .nulSeparated();
        for (int i = 0; i + 1 < fields.size(); i += 2) {
            changes.add(new String[] {fields.get(i), fields.get(i + 1)});
        }
        return changes;
    }

    /**
     * Commits the run's changes since {@code startTree}.
     *
     * @param body the message body, given the number of files changed
     * @param newBranch a branch to create for the commit instead of committing on the current one
     */
    CommitResult commit(String startTree, String subject, java.util.function.IntFunction<String> body,
            Optional<String> newBranch) {
        Path index = git.gitPath("index");
        Optional<Path> realIndex = Optional.of(index).filter(Files::isRegularFile);
        String endTree = Snapshots.take(git, realIndex);
        List<String[]> changes = changes(startTree, endTree);
        if (changes.isEmpty()) {
            return CommitResult.skipped("nothing to commit: the run changed no files");
        }
        Set<String> paths = new HashSet<>();
        List<String> removed = new ArrayList<>();
        List<String> added = new ArrayList<>();
        for (String[] change : changes) {
            paths.add(change[1]);
            (change[0].equals("D") ? removed : added).add(change[1]);
        }
        Head head = Backups.head(git);
        Path scratch = Snapshots.temporaryIndex(git, Optional.empty());
        try {
            if (head.commit().isPresent()) {
                git.run(Command.of("read-tree", head.commit().get()).withIndex(scratch));
            }
            if (!removed.isEmpty()) {
                git.run(Command.of("update-index", "-z", "--force-remove", "--stdin").withIndex(scratch).withNulInput(removed));
            }
            if (!added.isEmpty()) {
                git.run(Command.of("update-index", "-z", "--add", "--remove", "--stdin").withIndex(scratch).withNulInput(added));
            }
            String tree = git.run(Command.of("write-tree").withIndex(scratch)).text();
            if (head.commit().isPresent() && tree.equals(git.text("rev-parse", head.commit().get() + "^{tree}"))) {
                return CommitResult.skipped("nothing to commit: the files the run changed are as in HEAD");
            }
            // Files the run deleted that git never tracked changed the working tree, not the commit.
            int committed = committedFiles(head, tree);
            List<String> args = new ArrayList<>(List.of("commit-tree", tree));
            head.commit().ifPresent(parent -> args.addAll(List.of("-p", parent)));
            args.addAll(List.of("-F", "-"));
            String commit = git.run(Command.of(args).withInput((subject + "\n\n" + body.apply(committed)).getBytes(
                    java.nio.charset.StandardCharsets.UTF_8))).text();
            Optional<String> branch = moveHead(head, commit, subject, newBranch);
            updateIndex(scratch, paths, removed, commit);
            String where = branch.map(ref -> "on " + ref.substring("refs/heads/".length())).orElse("on a detached HEAD");
            return new CommitResult(Optional.of(commit), branch.map(ref -> ref.substring("refs/heads/".length())),
                    committed, subject, "committed " + committed + " changed " + (committed == 1 ? "file " : "files ") + where
                            + " as " + commit.substring(0, 12) + untrackedNote(changes.size() - committed), false);
        } finally {
            Snapshots.deleteQuietly(scratch);
        }
    }

    /** How many files differ between HEAD's tree (none on an unborn branch) and {@code tree}. */
    private int committedFiles(Head head, String tree) {
        String names = head.commit().isPresent()
                ? git.text("diff-tree", "-r", "--name-only", head.commit().get() + "^{tree}", tree)
                : git.text("ls-tree", "-r", "--name-only", tree);
        return names.isBlank() ? 0 : names.split("\n").length;
    }

    private static String untrackedNote(int untracked) {
        return untracked <= 0 ? "" : " (and " + untracked + " untracked " + (untracked == 1 ? "file" : "files")
                + " removed, which no commit holds)";
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

    /** Sets the index entries of the committed paths to the commit's, leaving every other entry as the user had it. */
    private void updateIndex(Path scratch, Set<String> paths, List<String> removed, String commit) {
        List<String> lines = new ArrayList<>();
        String zero = "0".repeat(commit.length());
        for (String path : removed) {
            lines.add("0 " + zero + "\t" + path);
        }
        for (String entry : git.run(Command.of("ls-files", "-s", "-z").withIndex(scratch)).nulSeparated()) {
            String path = entry.substring(entry.indexOf('\t') + 1);
            if (paths.contains(path)) {
                lines.add(entry);
            }
        }
        git.run(Command.of("update-index", "-z", "--index-info").withNulInput(lines));
        git.attempt(Command.of("update-index", "-q", "--refresh"));
    }
}
