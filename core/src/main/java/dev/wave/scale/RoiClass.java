package dev.wave.scale;

import java.util.Locale;

/** The return on coordination overhead: time saved / overhead, classed as in the seeds. */
public enum RoiClass {
    EXCELLENT("use full parallelization"),
    GOOD("recommended"),
    MARGINAL("consider fewer agents"),
    POOR("use fewer agents or run sequentially");

    private final String advice;

    RoiClass(String advice) {
        this.advice = advice;
    }

    /** More than 100 is excellent, more than 10 good, more than 2 marginal, anything else poor. */
    public static RoiClass of(double ratio) {
        if (ratio > 100) {
            return EXCELLENT;
        }
        if (ratio > 10) {
            return GOOD;
        }
        return ratio > 2 ? MARGINAL : POOR;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String advice() {
        return advice;
    }
}
