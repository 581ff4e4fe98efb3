package dev.wave.agent;

/**
 * Hears an agent's progress while it works, for the dashboard and the checkpoint. Called from the
 * thread that reads the agent's output, once per change; must be quick and thread-safe.
 */
@FunctionalInterface
public interface AgentListener {
    void progressed(String taskId, AgentProgress progress);

    /** Hears nothing. */
    static AgentListener none() {
        return (taskId, progress) -> {};
    }
}
