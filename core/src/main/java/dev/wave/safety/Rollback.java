package dev.wave.safety;

import static java.util.Objects.requireNonNull;

import dev.wave.WaveException;
import dev.wave.git.Command;
import dev.wave.git.Git;
import dev.wave.git.Result;
import dev.wave.worktree.TaskBranches;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Restores a repository to a backup, exactly, and verifies it.
 *
 * <p>Steps: (0) clear git lock files left by killed tasks ({@link StaleLocks}); (1) back up the current
 * state as an undo backup, so the rollback itself loses nothing; (2) put back the index file; (3) scan
 * the working tree as the backup saw it and let {@link WorktreeRestore} turn it into the backup's
 * {@link Manifest}, again until they match, at most three passes; (4) move HEAD and every ref back
 * (branches, tags, the stash and its reflog), deleting refs made since, except branches that another
 * work tree has checked out, which are theirs: those are left alone and reported; agents' worktrees made
 * since (on {@code wave/<run>/<task>} branches) are removed first, with their branches; (5) verify: scan
 * again and compare every directory, file (bytes and permission bits) and link with the backup, the
 * index's entries and flags, HEAD, every ref restored and the stash's reflog. The outcome lists every
 * difference; it is verified only when there is none.
 *
 * <p>Failure handling: when the undo backup cannot be taken nothing is changed and the rollback
 * refuses. Later problems on single paths are reported as conflicts and show up as differences; they
 * never stop the other paths from being restored.
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
        return restore(state, undoId, true);
    }

    /**
     * @param removeTaskWorktrees whether agents' worktrees and task branches made since go too ({@code wave
     *     rollback}); a run rolling itself back keeps them for inspection, and they are left alone and reported
     */
    RollbackResult restore(BackupState state, String undoId, boolean removeTaskWorktrees) {
        long start = System.nanoTime();
        String id = state.backup().id();
        Result ref = git.attempt(Command.of("rev-parse", "-q", "--verify", state.backup().ref()));
        if (!ref.succeeded() || !ref.text().equals(state.backup().commit())) {
            throw WaveException.unsafeState("backup %s is damaged: %s %s. Nothing was changed; restore by hand from %s.", id,
                    state.backup().ref(), ref.succeeded() ? "points at " + ref.text() + ", not " + state.backup().commit()
                            : "is missing", state.backup().commit());
        }
        Manifest target = backups.manifest(id);
        List<String> staleLocks = StaleLocks.clear(git, id);
        BackupState undo = backups.create(undoId, Backup.Kind.UNDO, Optional.empty(), state.coverage().ignoredMax());

        Path index = git.gitPath("index");
        restoreIndex(state, index);
        WorktreeRestore worktree = new WorktreeRestore(git);
        // The undo backup has just scanned the tree; when it left out the same entries, its manifest is the current state.
        Manifest current = undo.coverage().excluded().equals(state.coverage().excluded())
                ? backups.manifest(undo.backup().id())
                : TreeScan.rescan(git, state.coverage(), false);
        for (int pass = 0; pass < PASSES && !target.differences(current).isEmpty(); pass++) {
            worktree.apply(target, current);
            current = TreeScan.rescan(git, state.coverage(), false);
        }
        // Nothing above moves a ref, so HEAD and the refs are still as the undo backup just read them.
        restoreHead(state.head(), undo.head());
        // Agents' worktrees hold their task branches checked out: removed first, or those would be left alone.
        List<String> taskBranches = removeTaskWorktrees ? TaskBranches.removeAllBut(git, state.refs().keySet()) : List.of();
        Map<String, String> now = Refs.read(git);
        Set<String> elsewhere = Refs.checkedOutElsewhere(git);
        List<String> leftAlone = new ArrayList<>();
        Set<String> skipped = new TreeSet<>();
        for (String branch : elsewhere) {
            if (!Objects.equals(state.refs().get(branch), now.get(branch))) {
                skipped.add(branch);
                leftAlone.add(Refs.name(branch) + ": checked out in another work tree and moved there since the backup ("
                        + describe(state.refs().get(branch)) + " -> " + describe(now.get(branch)) + "); left alone");
            }
        }
        List<String> refsRestored = new ArrayList<>(taskBranches);
        refsRestored.addAll(Refs.restore(git, state.refs(), now, skipped));
        restoreStashLog(state);
        git.attempt(Command.of("update-index", "-q", "--refresh"));

        return verify(state, target, undo, index, worktree, skipped, leftAlone, refsRestored, staleLocks, start);
    }

    private RollbackResult verify(BackupState state, Manifest target, BackupState undo, Path index, WorktreeRestore worktree,
            Set<String> skipped, List<String> leftAlone, List<String> refsRestored, List<String> staleLocks, long start) {
        List<RollbackOutcome.Difference> differences = new ArrayList<>();
        List<RollbackResult.Check> checks = new ArrayList<>();
        Manifest after = TreeScan.rescan(git, state.coverage(), false);
        List<Manifest.Difference> paths = target.differences(after);
        paths.forEach(difference -> differences.add(new RollbackOutcome.Difference("working tree", difference.path(),
                difference.expected(), difference.actual())));
        checks.add(new RollbackResult.Check("working tree", paths.isEmpty(), paths.isEmpty()
                ? after.nodes().size() + " directories, files and links as in the backup (content, permissions, link targets)"
                : paths.size() + " paths differ: " + first(paths.stream().map(Manifest.Difference::path).toList())));

        String digest = Backups.indexDigest(git, Optional.of(index).filter(Files::exists));
        boolean indexEqual = digest.equals(state.indexDigest());
        if (!indexEqual) {
            differences.add(new RollbackOutcome.Difference("index", git.gitDirectory().relativize(index).toString(),
                    "entries with sha256 " + state.indexDigest().substring(0, 12), "sha256 " + digest.substring(0, 12)));
        }
        checks.add(new RollbackResult.Check("index", indexEqual, indexEqual
                ? "same entries, stages and flags (sha256 " + digest.substring(0, 12) + ")"
                : "entries differ (sha256 " + digest.substring(0, 12) + " after, " + state.indexDigest().substring(0, 12)
                        + " in the backup)"));

        Head head = Backups.head(git);
        if (!head.equals(state.head())) {
            differences.add(new RollbackOutcome.Difference("HEAD", "HEAD", state.head().describe(), head.describe()));
        }
        checks.add(new RollbackResult.Check("HEAD", head.equals(state.head()), head.equals(state.head())
                ? head.describe() : head.describe() + ", but the backup has " + state.head().describe()));

        Map<String, String> refs = Refs.read(git);
        Set<String> names = new TreeSet<>(state.refs().keySet());
        names.addAll(refs.keySet());
        names.removeAll(skipped);
        int refDifferences = 0;
        for (String name : names) {
            String expected = state.refs().get(name);
            String actual = refs.get(name);
            if (!Objects.equals(expected, actual)) {
                refDifferences++;
                differences.add(new RollbackOutcome.Difference("refs", name, describe(expected), describe(actual)));
            }
        }
        checks.add(new RollbackResult.Check("refs", refDifferences == 0, refDifferences == 0
                ? (names.size() == 1 ? "1 ref" : names.size() + " refs") + " as in the backup (branches, tags, stash and the rest)"
                        + (skipped.isEmpty() ? "" : "; " + skipped.size() + " left alone")
                : refDifferences + " refs differ"));

        Optional<byte[]> stashLog = Refs.readStashLog(git);
        Optional<byte[]> recordedStash = recordedStashLog(state);
        boolean stashEqual = stashLog.isPresent() == recordedStash.isPresent()
                && (stashLog.isEmpty() || Arrays.equals(stashLog.get(), recordedStash.get()));
        if (!stashEqual) {
            differences.add(new RollbackOutcome.Difference("stash", "logs/" + Refs.STASH,
                    recordedStash.map(bytes -> entries(count(bytes))).orElse("no stash"),
                    stashLog.map(bytes -> entries(count(bytes))).orElse("no stash")));
        }
        checks.add(new RollbackResult.Check("stash", stashEqual, stashEqual
                ? stashLog.map(bytes -> entries(count(bytes)) + " as in the backup").orElse("none, as in the backup")
                : "the stash's entries differ"));

        RollbackOutcome outcome = differences.isEmpty()
                ? new RollbackOutcome.Verified(after.nodes().size(), names.size())
                : new RollbackOutcome.NotVerified(differences);
        return new RollbackResult(state.backup().id(), Optional.of(undo.backup().id()), worktree.removed(), worktree.written(),
                worktree.permissionsFixed(), refsRestored, staleLocks, checks, worktree.conflicts(),
                (System.nanoTime() - start) / 1_000_000, outcome, leftAlone);
    }

    private Optional<byte[]> recordedStashLog(BackupState state) {
        if (!state.stashLog()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readAllBytes(backups.stashLogCopy(state.backup().id())));
        } catch (IOException e) {
            return Optional.of(new byte[0]);
        }
    }

    /** Puts the stash's reflog back, so {@code stash@{1}} and older entries come back too. */
    private void restoreStashLog(BackupState state) {
        Path log = Refs.stashLog(git);
        try {
            Optional<byte[]> recorded = recordedStashLog(state);
            if (recorded.isPresent() && state.refs().containsKey(Refs.STASH)) {
                Files.createDirectories(log.getParent());
                Path temporary = log.resolveSibling("stash.wave-" + java.util.UUID.randomUUID());
                Files.write(temporary, recorded.get());
                Files.move(temporary, log, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } else if (!state.refs().containsKey(Refs.STASH)) {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            throw WaveException.unsafeState("cannot restore the stash's reflog %s (%s). Check that .git is writable.", log,
                    e.getMessage());
        }
    }

    private static String entries(int count) {
        return count == 1 ? "1 entry" : count + " entries";
    }

    private static int count(byte[] log) {
        int lines = 0;
        for (byte b : log) {
            if (b == '\n') {
                lines++;
            }
        }
        return lines;
    }

    private static String describe(String sha) {
        return sha == null ? "nothing" : Refs.abbreviate(sha);
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

    private static String first(List<String> paths) {
        return paths.size() <= 5 ? String.join(", ", paths)
                : String.join(", ", paths.subList(0, 5)) + ", ... " + (paths.size() - 5) + " more";
    }
}
