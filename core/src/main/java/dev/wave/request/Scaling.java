package dev.wave.request;

/**
 * How many agents the request asks for: automatic scaling, exactly N agents, or an instance budget
 * within which wave chooses.
 */
public sealed interface Scaling permits Scaling.Auto, Scaling.Agents, Scaling.Budget {
    /** A short description for messages and the analysis box. */
    String describe();

    static Scaling auto() {
        return new Auto();
    }

    /** "Execute this task dynamically with auto-scaled parallel instances: ..." or plain text. */
    record Auto() implements Scaling {
        @Override
        public String describe() {
            return "auto-scaled";
        }
    }

    /** "Execute this task using N parallel agents: ..." or "... using N parallel agents": use N. */
    record Agents(int count) implements Scaling {
        public Agents {
            if (count < 1) {
                throw new IllegalArgumentException("count must be at least 1, got " + count);
            }
        }

        @Override
        public String describe() {
            return count + (count == 1 ? " agent" : " parallel agents");
        }
    }

    /** "Execute this task dynamically with N parallel instances: ...": at most N, wave chooses. */
    record Budget(int instances) implements Scaling {
        public Budget {
            if (instances < 1) {
                throw new IllegalArgumentException("instances must be at least 1, got " + instances);
            }
        }

        @Override
        public String describe() {
            return "a budget of " + instances + (instances == 1 ? " instance" : " parallel instances");
        }
    }
}
