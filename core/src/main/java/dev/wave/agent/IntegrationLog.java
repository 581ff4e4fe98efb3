package dev.wave.agent;

import java.util.Map;
import java.util.Optional;

/**
 * Hears an agent task's merge into the run's working tree on both sides of it, so that a journal can tell after a
 * crash whether the merge was done (SPEC F13, F15). Called under the integration lock; an exception thrown here
 * fails the integration.
 */
public interface IntegrationLog {
    /**
     * The merge of task {@code taskId} is decided and nothing is written yet.
     *
     * @param branch the task's branch
     * @param commit the commit of the branch being merged
     * @param files what each path the merge writes will hold: the SHA-256 of its content, or empty when deleted
     */
    void intended(String taskId, String branch, String commit, Map<String, Optional<String>> files);

    /** The merge of task {@code taskId} is in the working tree. */
    void integrated(String taskId);

    /** Records nothing. */
    static IntegrationLog none() {
        return new IntegrationLog() {
            @Override
            public void intended(String taskId, String branch, String commit, Map<String, Optional<String>> files) {
            }

            @Override
            public void integrated(String taskId) {
            }
        };
    }
}
