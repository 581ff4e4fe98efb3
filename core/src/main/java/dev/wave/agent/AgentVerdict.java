package dev.wave.agent;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** Whether an agent attempt succeeded, judged on evidence, with every failed condition named. */
public sealed interface AgentVerdict permits AgentVerdict.Succeeded, AgentVerdict.Failed {
    boolean succeeded();

    /** One line for the summary and the checkpoint. */
    String summary();

    /** Every condition held; {@code summary} says what the agent did. */
    record Succeeded(String summary) implements AgentVerdict {
        public Succeeded {
            requireNonNull(summary, "summary is null");
        }

        @Override
        public boolean succeeded() {
            return true;
        }
    }

    /** At least one condition failed; {@code reasons} names each, in the order they were checked. */
    record Failed(List<String> reasons) implements AgentVerdict {
        public Failed {
            reasons = List.copyOf(reasons);
            if (reasons.isEmpty()) {
                throw new IllegalArgumentException("a failed verdict needs a reason");
            }
        }

        @Override
        public boolean succeeded() {
            return false;
        }

        @Override
        public String summary() {
            return String.join("; ", reasons);
        }
    }
}
