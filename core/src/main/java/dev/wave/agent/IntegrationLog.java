package dev.wave.agent;

import dev.wave.worktree.MergeWrite;
import java.util.List;

/**
 * Hears an agent task's merge into the run's working tree on both sides of it, so that a journal can tell after a
 * crash whether the merge was done (SPEC F13, F15). Called under the integration lock; an exception thrown here
 * fails the integration.
 */
public interface IntegrationLog {
    /**
     * The merge of task {@code taskId} is decided and staged, and nothing of the working tree is written yet.
     *
     * @param branch the task's branch
     * @param commit the commit of the branch being merged
     * @param writes each path the merge writes, in the order it writes them: what it holds, what it will hold, and
     *     where the new content waits
     */
    void intended(String taskId, String branch, String commit, List<MergeWrite> writes);

    /** The merge of task {@code taskId} is in the working tree. */
    void integrated(String taskId);

    /** Records nothing. */
    static IntegrationLog none() {
        return new IntegrationLog() {
            @Override
            public void intended(String taskId, String branch, String commit, List<MergeWrite> writes) {
            }

            @Override
            public void integrated(String taskId) {
            }
        };
    }
}
