package dev.wave.safety;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * A snapshot of a repository that wave can restore exactly: every directory, file and symbolic link of the
 * working tree with its content and mode (tracked, modified, staged, untracked, flagged files, ignored
 * files up to {@code backup_ignored_max}, nested repositories with their history), the index, HEAD and
 * every ref. What it leaves out is in its {@link BackupCoverage}. It lives under wave's own ref,
 * {@code refs/wave/backups/<id>}, and in {@code <git-dir>/wave/backups/}; the user's branch, index,
 * stash and HEAD are never touched to make it.
 *
 * @param id the backup id: the run id for a run's Wave 0 backup
 * @param kind why it was taken
 * @param task the critical task it was taken before, for {@link Kind#CRITICAL}
 * @param ref the ref that holds it
 * @param commit the backup commit (its tree is the working tree)
 * @param tree the tree of the files and links git can hold (none inside a {@code .git}), for people and
 *     {@code git restore --source}
 * @param createdAt when it was taken
 * @param files how many files and links it holds
 * @param head what HEAD was, for people: a branch and its commit, a detached commit, or an unborn branch
 * @param millis how long taking it took, measured
 */
public record Backup(String id, Kind kind, Optional<String> task, String ref, String commit, String tree,
        Instant createdAt, int files, String head, long millis) {
    public static final String REF_PREFIX = "refs/wave/backups/";

    public Backup {
        requireNonNull(id, "id is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(task, "task is null");
        requireNonNull(ref, "ref is null");
        requireNonNull(commit, "commit is null");
        requireNonNull(tree, "tree is null");
        requireNonNull(createdAt, "createdAt is null");
        requireNonNull(head, "head is null");
    }

    /** Why a backup was taken. */
    public enum Kind {
        /** Wave 0 of a run, before any task. */
        RUN,
        /** Just before a critical task. */
        CRITICAL,
        /** Just before a rollback, so the rollback can itself be undone. */
        UNDO;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
