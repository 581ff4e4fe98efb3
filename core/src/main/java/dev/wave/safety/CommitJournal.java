package dev.wave.safety;

import java.util.Optional;

/**
 * Where the final commit records its intent, so that a run resumed after a crash between the commit and the
 * journal's record of it completes that commit instead of making a second one. Called on the run's thread.
 */
public interface CommitJournal {
    /** The commit an earlier session of the run recorded it was about to make, if any. */
    Optional<String> intended();

    /**
     * Records durably that {@code commit} (made, not yet on any branch) is about to become the run's commit.
     *
     * @throws RuntimeException when it cannot be recorded; the commit is then not made
     */
    void intend(String commit);

    /** Records nothing and knows of no earlier commit: a run without a journal. */
    static CommitJournal none() {
        return NoCommitJournal.INSTANCE;
    }

    /** The journal that records nothing. */
    enum NoCommitJournal implements CommitJournal {
        INSTANCE;

        @Override
        public Optional<String> intended() {
            return Optional.empty();
        }

        @Override
        public void intend(String commit) {
        }
    }
}
