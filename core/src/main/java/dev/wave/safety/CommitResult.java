package dev.wave.safety;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * The final commit of a run, or why there is none.
 *
 * @param commit the commit made
 * @param branch the branch it is on; empty for a detached HEAD
 * @param filesChanged how many files the run changed (and the commit holds)
 * @param subject the commit's first line
 * @param note one line for people: what was committed where, or why nothing was
 * @param failed whether a commit was due and git could not make it (the changes stay in the working tree)
 */
public record CommitResult(Optional<String> commit, Optional<String> branch, int filesChanged, String subject, String note,
        boolean failed) {
    public CommitResult {
        requireNonNull(commit, "commit is null");
        requireNonNull(branch, "branch is null");
        requireNonNull(subject, "subject is null");
        requireNonNull(note, "note is null");
    }

    static CommitResult skipped(String note) {
        return new CommitResult(Optional.empty(), Optional.empty(), 0, "", note, false);
    }

    static CommitResult failure(String note) {
        return new CommitResult(Optional.empty(), Optional.empty(), 0, "", note, true);
    }

    public boolean committed() {
        return commit.isPresent();
    }
}
