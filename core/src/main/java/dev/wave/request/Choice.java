package dev.wave.request;

/** A setting whose value is one of a few words; implemented by the option enums. */
public interface Choice {
    /** The word used in flags, request text and config files. */
    String label();
}
