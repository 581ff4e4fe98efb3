package dev.wave.report;

import static java.util.Objects.requireNonNull;

/** Counts in words for people: {@code 1 file}, {@code 2 files}. Stateless. */
public final class Words {
    private Words() {}

    /** {@code count} and the noun, plural unless the count is 1: {@code count(3, "task")} is {@code 3 tasks}. */
    public static String count(long count, String singular) {
        requireNonNull(singular, "singular is null");
        return count(count, singular, singular.endsWith("s") || singular.endsWith("x") ? singular + "es" : singular + "s");
    }

    /** {@code count} and the singular or the given plural: {@code count(2, "entry", "entries")}. */
    public static String count(long count, String singular, String plural) {
        requireNonNull(singular, "singular is null");
        requireNonNull(plural, "plural is null");
        return count + " " + (count == 1 ? singular : plural);
    }
}
