package dev.wave.plan;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses and prints durations the way plan files and reports write them: {@code 500ms}, {@code 90s}, {@code 1h30m}. */
public final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");

    private Durations() {}

    /**
     * Parses a duration such as {@code 90s}, {@code 5m}, {@code 1h30m}, {@code 1.5h}, {@code 250ms}; a bare
     * number is seconds.
     *
     * @throws IllegalArgumentException if the text is not such a duration
     */
    public static Duration parse(String text) {
        String trimmed = text.trim().toLowerCase(Locale.ROOT);
        if (trimmed.matches("\\d+(\\.\\d+)?")) {
            return ofSeconds(Double.parseDouble(trimmed));
        }
        Matcher matcher = PART.matcher(trimmed);
        int position = 0;
        double millis = 0;
        while (matcher.lookingAt()) {
            double amount = Double.parseDouble(matcher.group(1));
            millis += amount * switch (matcher.group(2)) {
                case "ms" -> 1;
                case "s" -> 1_000;
                case "m" -> 60_000;
                case "h" -> 3_600_000;
                default -> 86_400_000;
            };
            position = matcher.end();
            matcher.region(position, trimmed.length());
        }
        if (position == 0 || position != trimmed.length()) {
            throw new IllegalArgumentException("not a duration: " + text);
        }
        return Duration.ofMillis(Math.round(millis));
    }

    public static Duration ofSeconds(double seconds) {
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    /** Prints a duration compactly for people: {@code 450ms}, {@code 12.3s}, {@code 4m05s}, {@code 2h10m}. */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 1_000) {
            return millis + "ms";
        }
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
        }
        long seconds = Math.round(millis / 1000.0);
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
        }
        long minutes = Math.round(seconds / 60.0);
        return String.format(Locale.ROOT, "%dh%02dm", minutes / 60, minutes % 60);
    }

    public static String formatMillis(long millis) {
        return format(Duration.ofMillis(millis));
    }
}
