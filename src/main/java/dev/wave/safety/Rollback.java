package dev.wave.safety;

import static java.util.Objects.requireNonNull;

import dev.wave.WaveException;
import dev.wave.git.Command;
import dev.wave.git.Git;
import dev.wave.git.Result;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Restores a repository to a backup, exactly, and verifies it.
 *
 * <p>Steps: (0) clear git lock files left by killed tasks ({@link StaleLocks}); (1) back up the current state as an undo backup, so the rollback itself loses nothing;
 * (2) put back the index file; (3) snapshot the working tree against that index and let
 * {@link WorktreeRestore} turn it into the backup's tree, again until the snapshot matches (a run
 * that changed {@code .gitignore} can hide files from the first pass), at most three passes;
 * (4) set permission bits back; (5) move HEAD and every branch back, deleting branches the run
 * created (the undo backup keeps their commits); (6) verify: the working tree's snapshot has the
 * backup's tree hash, the index lists the same entries, HEAD, branches, empty directories and
 * permissions match. Empty directories the run created (git cannot see them) are removed too.
 *
 * <p>Failure handling: when the undo backup cannot be taken nothing is changed and the rollback
 * refuses. Later problems on single paths are reported as conflicts and make verification fail;
 * they never stop the other paths from being restored.
 */
final class Rollback {
    private static final int PASSES = 3;

    private final Git git;
    private final Backups backups;

    Rollback(Git git, Backups backups) {
        this.git = requireNonNull(git, "git is null");
        this.backups = requireNonNull(backups, "backups is null");
    }

    RollbackResult restore(BackupState state, String undoId) {
        long start = System.nanoTime();
        String id = state.backup().id();
        Result ref = git.attempt(Command.of("rev-parse", "-q", "--verify", state.backup().ref()));
        if (!ref.succeeded() || !ref.text().equals(state.backup().commit())) {
            throw WaveException.unsafeState("backup %s is damaged: %s %s. Nothing was changed; restore by hand from %s.", id,
                    state.backup().ref(), ref.succeeded() ? "points at " + ref.text() + ", not " + state.backup().commit()
                            : "is missing", state.backup().commit());
        }
        List<String> staleLocks = StaleLocks.clear(git, id);
        BackupState undo = backups.create(undoId, Backup.Kind.UNDO, Optional.empty());

        Path index = git.gitPath("index");
        restoreIndex(state, index);
        WorktreeRestore worktree = new WorktreeRestore(git);
        String target = state.backup().tree();
        String current = Snapshots.take(git, Optional.of(index).filter(Files::exists));
        for (int pass = 0; pass < PASSES && !current.equals(target); pass++) {
            worktree.apply(current, target, state);
            current = Snapshots.take(git, Optional.of(index).filter(Files::exists));
        }
        worktree.removeCreatedEmptyDirectories(state);
        int permissionsFixed = worktree.restorePermissions(target, state);
        // Nothing above moves a ref, so HEAD and the branches are still as the undo backup just read them.
        restoreHead(state.head(), undo.head());
        List<String> branchesRestored = restoreBranches(state.branches(), undo.branches());
        git.attempt(Command.of("update-index", "-q", "--refresh"));

        List<RollbackResult.Check> checks = new ArrayList<>();
        String after = Snapshots.take(git, Optional.of(index).filter(Files::exists));
        checks.add(new RollbackResult.Check("working tree", after.equals(target), after.equals(target)
                ? "tree " + target + " before and after"
                : "tree " + after + " after, " + target + " in the backup; differs at " + differences(after, target)));
        String digest = Backups.indexDigest(git, Optional.of(index).filter(Files::exists));
        checks.add(new RollbackResult.Check("index", digest.equals(state.indexDigest()), digest.equals(state.indexDigest())
                ? "same entries, stages and flags (sha256 " + digest.substring(0, 12) + ")"
                : "entries differ (sha256 " + digest.substring(0, 12) + " after, " + state.indexDigest().substring(0, 12) + " in the backup)"));
        Head head = Backups.head(git);
        checks.add(new RollbackResult.Check("HEAD", head.equals(state.head()), head.equals(state.head())
                ? head.describe() : head.describe() + ", but the backup has " + state.head().describe()));
        Map<String, String> branches = Backups.branches(git);
        checks.add(new RollbackResult.Check("branches", branches.equals(state.branches()), branches.equals(state.branches())
                ? branches.size() + " as in the backup" : "differ: now " + branches.keySet() + ", backup " + state.branches().keySet()));
        List<String> directories = worktree.emptyDirectoryMismatches(state);
        checks.add(new RollbackResult.Check("empty directories", directories.isEmpty(), directories.isEmpty()
                ? state.emptyDirectories().size() + " as in the backup" : "differ: " + first(directories)));
        List<String> mismatches = worktree.permissionMismatches(target, state);
        checks.add(new RollbackResult.Check("permissions", mismatches.isEmpty(), mismatches.isEmpty()
                ? "as in the backup" : mismatches.size() + " files differ: " + first(mismatches)));
        return new RollbackResult(id, Optional.of(undo.backup().id()), worktree.removed(), worktree.written(),
                permissionsFixed, branchesRestored, staleLocks, checks, worktree.conflicts(),
                (System.nanoTime() - start) / 1_000_000);
    }

    private void restoreIndex(BackupState state, Path index) {
        String id = state.backup().id();
        Path copy = backups.indexCopy(id);
        try {
            if (!state.indexFile()) {
                Files.deleteIfExists(index);
                return;
            }
            if (!Files.isRegularFile(copy)) {
                if (state.indexTree().isEmpty()) {
                    throw WaveException.unsafeState("the index copy %s of backup %s is missing and the index had conflicts. "
                            + "Resolve the index by hand after the rollback.", copy, id);
                }
                git.run(Command.of("read-tree", state.indexTree().get()));
                return;
            }
            Path lock = index.resolveSibling(index.getFileName() + ".lock");
            try {
                Files.copy(copy, lock);
            } catch (FileAlreadyExistsException e) {
                throw WaveException.unsafeState("cannot restore the index: %s exists (another git command is running, or one "
                        + "crashed). Remove it if no git command runs, then run 'wave rollback %s' again.", lock, id);
            }
            Files.move(lock, index, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw WaveException.unsafeState("cannot restore the index %s from backup %s (%s). Check that .git is writable.", index,
                    id, e.getMessage());
        }
    }

    private void restoreHead(Head head, Head now) {
        if (now.equals(head)) {
            return;
        }
        if (head.branch().isPresent()) {
            git.run(Command.of("symbolic-ref", "-m", "wave rollback", "HEAD", head.branch().get()));
        } else if (head.commit().isPresent()) {
            git.run(Command.of("update-ref", "--no-deref", "-m", "wave rollback", "HEAD", head.commit().get()));
        }
    }

    private List<String> restoreBranches(Map<String, String> recorded, Map<String, String> current) {
        List<String> commands = new ArrayList<>();
        List<String> restored = new ArrayList<>();
        for (Map.Entry<String, String> branch : new java.util.TreeMap<>(recorded).entrySet()) {
            String now = current.get(branch.getKey());
            if (!branch.getValue().equals(now)) {
                commands.add("update " + branch.getKey() + " " + branch.getValue());
                restored.add(name(branch.getKey()) + ": " + (now == null ? "deleted" : abbreviate(now)) + " -> "
                        + abbreviate(branch.getValue()));
            }
        }
        for (Map.Entry<String, String> branch : new java.util.TreeMap<>(current).entrySet()) {
            if (!recorded.containsKey(branch.getKey())) {
                commands.add("delete " + branch.getKey() + " " + branch.getValue());
                restored.add(name(branch.getKey()) + ": " + abbreviate(branch.getValue()) + " -> deleted (created by the run)");
            }
        }
        if (!commands.isEmpty()) {
            git.run(Command.of("update-ref", "-m", "wave rollback", "--stdin").withLines(commands));
        }
        return restored;
    }

    private String differences(String after, String target) {
        List<String> paths = git.run(Command.of("diff-tree", "-r", "-z", "--no-renames", "--name-only", after, target))
                .nulSeparated();
        return paths.size() + " paths: " + first(paths);
    }

    private static String first(List<String> paths) {
        return paths.size() <= 5 ? String.join(", ", paths)
                : String.join(", ", paths.subList(0, 5)) + ", ... " + (paths.size() - 5) + " more";
    }

    private static String name(String ref) {
        return ref.startsWith("refs/heads/") ? ref.substring("refs/heads/".length()) : ref;
    }

    private static String abbreviate(String sha) {
        return sha.substring(0, Math.min(12, sha.length()));
    }
}
