package dev.wave.agent;

import java.util.Optional;

/** aider and command templates print prose: nothing to parse, so the evidence must speak for them. */
final class PlainStream implements AgentStream {
    @Override
    public void accept(String line) {}

    @Override
    public AgentProgress progress() {
        return AgentProgress.NONE;
    }

    @Override
    public Optional<AgentReport> report() {
        return Optional.empty();
    }
}
