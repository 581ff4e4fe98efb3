package dev.wave.agent;

import java.util.Optional;

/**
 * Reads one agent attempt's standard output, a line at a time. Not thread-safe: one reader thread
 * feeds it; {@link #progress()} may be read from others, since it returns an immutable snapshot
 * published through a volatile field.
 */
public interface AgentStream {
    /** Takes one line of output. Lines that are not the CLI's format are ignored, never fatal. */
    void accept(String line);

    /** What the agent has done so far. */
    AgentProgress progress();

    /** The agent's own account of how the attempt ended, once its result line arrived. */
    Optional<AgentReport> report();

    /**
     * The agent's final message in full (the report's {@code result} is shortened for reports), for
     * the checkpoint of an agent that wrote none.
     */
    default Optional<String> finalMessage() {
        return report().map(AgentReport::result);
    }

    /** For CLIs with no structured output: progress stays empty and there is never a report. */
    static AgentStream plain() {
        return new PlainStream();
    }
}
