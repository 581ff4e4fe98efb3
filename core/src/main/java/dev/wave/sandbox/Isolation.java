package dev.wave.sandbox;

import static java.util.Objects.requireNonNull;

/**
 * How shell tasks are isolated here, and why when not under bubblewrap.
 *
 * @param kind bubblewrap, process groups, or none possible (bwrap required but unavailable)
 * @param reason why not bubblewrap; empty under bubblewrap
 */
public record Isolation(Kind kind, String reason) {
    public Isolation {
        requireNonNull(kind, "kind is null");
        requireNonNull(reason, "reason is null");
    }

    /** What isolates a task. */
    public enum Kind {
        /** bubblewrap: the repository writable, the rest read-only, a PID namespace, no network unless allowed. */
        BUBBLEWRAP,
        /** A process group per task, and the environment marker: no file system or network isolation. */
        PROCESS_GROUPS,
        /** sandbox: bwrap, and bubblewrap cannot start: shell tasks fail. */
        UNAVAILABLE
    }

    public boolean bubblewrap() {
        return kind == Kind.BUBBLEWRAP;
    }

    /** One line for the analysis, starting with "Sandbox: ". */
    public String describe() {
        return switch (kind) {
            case BUBBLEWRAP -> "Sandbox: bubblewrap (the repository writable except .wave and refs/wave, the rest "
                    + "read-only, a private /tmp, no network unless allowed; every process dies with its task)";
            case PROCESS_GROUPS -> "Sandbox: none, process groups only (" + reason + "): tasks can write outside the "
                    + "repository and use the network; wave kills their processes by process group and environment marker";
            case UNAVAILABLE -> "Sandbox: bwrap is required but " + reason + ": shell tasks will fail. Install bubblewrap, "
                    + "or set sandbox: auto";
        };
    }
}
