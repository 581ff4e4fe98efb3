package dev.wave.request;

import java.util.Locale;

/** How shell tasks are isolated (sandbox). */
public enum SandboxMode implements Choice {
    /** Under bubblewrap when it can start here, else in process groups, and the analysis says why (the default). */
    AUTO,
    /** Under bubblewrap, or not at all: shell tasks fail, naming the reason, when it cannot start. */
    BWRAP,
    /** In process groups, as before the sandbox: no file system or network isolation. */
    OFF;

    @Override
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
