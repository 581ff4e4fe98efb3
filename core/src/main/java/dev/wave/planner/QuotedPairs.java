package dev.wave.planner;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

/**
 * The quoted pairs of a goal, in order: {@code 'recieve' -> 'receive'}, {@code "a" with "b"},
 * {@code `require('fs')` to `require('node:fs')`}, {@code “x” → “y”}. Each text ends at the quote
 * that closes its own opening quote, so a text may hold the other kinds of quote (a backquoted
 * {@code require('fs')}); a straight or curly single quote inside a word ({@code don't}) is an
 * apostrophe, not a quote.
 */
final class QuotedPairs {
    /** Between the two texts: an arrow or a joining word. */
    private static final java.util.regex.Pattern JOIN = java.util.regex.Pattern.compile(
            "\\s*(?:->|\u2192|=>|\u21d2|\\bto\\b|\\bwith\\b|\\bby\\b|\\binto\\b)\\s*", java.util.regex.Pattern.CASE_INSENSITIVE);

    private QuotedPairs() {}

    /** A quoted text and where it stands in the goal, its quotes included. */
    record Quoted(String text, int start, int end) {}

    /** A pair: the quoted text to find, and the quoted text to put in its place (either may be empty). */
    record Pair(String find, String with) {}

    static List<Pair> of(String goal) {
        List<Quoted> quoted = quoted(goal);
        List<Pair> pairs = new ArrayList<>();
        for (int i = 0; i + 1 < quoted.size(); i++) {
            Quoted find = quoted.get(i);
            Quoted with = quoted.get(i + 1);
            Matcher join = JOIN.matcher(goal).region(find.end(), with.start());
            if (join.matches()) {
                pairs.add(new Pair(find.text(), with.text()));
                i++;
            }
        }
        return pairs;
    }

    /** The quoted texts of {@code goal}, in order. */
    static List<Quoted> quoted(String goal) {
        List<Quoted> texts = new ArrayList<>();
        int at = 0;
        while (at < goal.length()) {
            char open = goal.charAt(at);
            char close = closing(open);
            boolean apostrophe = (open == '\'' || open == '\u2019') && at > 0 && Character.isLetterOrDigit(goal.charAt(at - 1));
            if (close == 0 || apostrophe) {
                at++;
                continue;
            }
            int end = closingAt(goal, at + 1, close);
            if (end < 0) {
                at++;
                continue;
            }
            texts.add(new Quoted(goal.substring(at + 1, end), at, end + 1));
            at = end + 1;
        }
        return texts;
    }

    private static char closing(char open) {
        return switch (open) {
            case '"', '\'', '`' -> open;
            case '\u201c' -> '\u201d';
            case '\u2018' -> '\u2019';
            default -> 0;
        };
    }

    /** Where the quote {@code close} ends the text starting at {@code from}; a single quote followed by a letter is an apostrophe. */
    private static int closingAt(String goal, int from, char close) {
        boolean single = close == '\'' || close == '\u2019';
        for (int i = from; i < goal.length(); i++) {
            if (goal.charAt(i) == close && !(single && i + 1 < goal.length() && Character.isLetterOrDigit(goal.charAt(i + 1)))) {
                return i;
            }
        }
        return -1;
    }
}
