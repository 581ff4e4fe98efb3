package dev.wave.sandbox;

import static java.util.Objects.requireNonNull;

import dev.wave.request.SandboxMode;
import dev.wave.request.Settings;

/**
 * How shell tasks are isolated: the sandbox mode, and whether tasks that do not ask for the network
 * get it.
 *
 * @param mode auto (bubblewrap when it can start, else process groups), bwrap (bubblewrap or fail), off
 * @param network whether every task may use the network; a task's own {@code network: true} allows it for that task
 */
public record SandboxPolicy(SandboxMode mode, boolean network) {
    public SandboxPolicy {
        requireNonNull(mode, "mode is null");
    }

    /** auto, no network: the defaults of the {@code sandbox} and {@code network} settings. */
    public static SandboxPolicy defaults() {
        return new SandboxPolicy(SandboxMode.AUTO, false);
    }

    /** The policy the {@code sandbox} and {@code network} settings give. */
    public static SandboxPolicy of(Settings settings) {
        requireNonNull(settings, "settings is null");
        return new SandboxPolicy(settings.sandbox().value(), settings.network().value());
    }

    public SandboxPolicy withMode(SandboxMode mode) {
        return new SandboxPolicy(mode, network);
    }

    public SandboxPolicy withNetwork(boolean network) {
        return new SandboxPolicy(mode, network);
    }
}
