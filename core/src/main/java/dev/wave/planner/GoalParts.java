package dev.wave.planner;

import static java.util.regex.Pattern.CASE_INSENSITIVE;
import static java.util.regex.Pattern.compile;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;

/**
 * Splits a compound goal ("fix the schema mismatch, add authentication endpoints, write tests and
 * update the documentation") into its parts: at commas, semicolons, "and" and "then", where each
 * side is a goal of its own, led by a verb. A piece that is not ("... in pkg/ and tests/") or
 * that points back ("run the tests and fix what fails") stays with the part before it. Stateless.
 */
final class GoalParts {
    /** One part: its text, and whether the goal said to do it after the parts before it ("then"). */
    record Part(String text, boolean afterPrevious) {}

    private static final java.util.regex.Pattern SEPARATOR = compile(
            "\\s*(?:;|,\\s*(?:and\\s+)?then\\b|,\\s*and\\b|,|\\band\\s+then\\b|\\bthen\\b|\\band\\b)\\s*", CASE_INSENSITIVE);
    private static final java.util.regex.Pattern LEADING_VERB = compile(
            "^(?:please\\s+)?(?:also\\s+)?(?:add|fix|write|update|create|remove|delete|clean|replace|rename|refactor|migrate|"
                    + "implement|document|generate|run|move|build|improve|optimi[sz]e|upgrade|install|set up|configure|deploy|"
                    + "convert|extract|split|bump|introduce|enable|disable|support|repair|correct|rewrite|redesign|"
                    + "modernize|modernise|port|integrate|expose|drop|purge|tidy|translate|format|lint|audit|review)\\b",
            CASE_INSENSITIVE);
    /** A part whose object is the part before it: "fix what fails", "fix them", "update it". */
    private static final java.util.regex.Pattern POINTS_BACK = compile(
            "^\\w+(?:\\s+up)?\\s+(?:what|whatever|them|it|those|these|any (?:failures|errors|issues|problems)|the failures|"
                    + "everything that|anything that)\\b",
            CASE_INSENSITIVE);

    private GoalParts() {}

    /** The parts of {@code goal}, when it has two or more; empty for a goal of one concern. */
    static Optional<List<Part>> split(String goal) {
        String text = goal.strip().replaceAll("[.!]+$", "")
                .replaceAll("(?i)\\b(find|search)\\s+and\\s+(replace)\\b", "$1-and-$2");
        if (text.contains("\n") || text.length() > 400) {
            return Optional.empty();
        }
        List<Part> parts = new ArrayList<>();
        Matcher separator = SEPARATOR.matcher(text);
        int start = 0;
        boolean then = false;
        while (separator.find()) {
            add(parts, text.substring(start, separator.start()), then);
            then = separator.group().toLowerCase(Locale.ROOT).contains("then");
            start = separator.end();
        }
        add(parts, text.substring(start), then);
        return parts.size() >= 2 ? Optional.of(List.copyOf(parts)) : Optional.empty();
    }

    /** Adds {@code piece} as a part of its own, or to the part before it when it is not a goal of its own. */
    private static void add(List<Part> parts, String piece, boolean afterPrevious) {
        String text = piece.strip();
        if (text.isEmpty()) {
            return;
        }
        boolean own = LEADING_VERB.matcher(text).find() && !POINTS_BACK.matcher(text).find() && text.contains(" ");
        if (own || parts.isEmpty()) {
            parts.add(new Part(text, afterPrevious && !parts.isEmpty()));
            return;
        }
        Part last = parts.remove(parts.size() - 1);
        parts.add(new Part(last.text() + (afterPrevious ? ", then " : " and ") + text, last.afterPrevious()));
    }
}
