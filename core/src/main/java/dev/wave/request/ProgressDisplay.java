package dev.wave.request;

import java.util.Locale;

/** How progress is shown (progress_display); live falls back to plain lines when not on a terminal. */
public enum ProgressDisplay implements Choice {
    LIVE,
    SUMMARY,
    QUIET;

    @Override
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
