package dev.wave.request;

import java.util.Locale;

/** Where a resolved setting came from, strongest first: flags beat the request text, which beats the config file. */
public enum Source {
    FLAG,
    REQUEST,
    CONFIG,
    DEFAULT;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
