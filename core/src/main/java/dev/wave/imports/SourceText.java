package dev.wave.imports;

import java.util.ArrayList;
import java.util.List;

/**
 * A source file cut into code, string literals and comments, so that an edit can tell a reference
 * in code from a mention in a comment. A small lexer per language family, not a parser: it knows
 * quotes, escapes and comment markers, which is all a module rename needs. Immutable.
 */
final class SourceText {
    enum Kind {
        CODE,
        STRING,
        COMMENT
    }

    record Segment(Kind kind, int start, int end) {}

    private final String text;
    private final List<Segment> segments;

    private SourceText(String text, List<Segment> segments) {
        this.text = text;
        this.segments = List.copyOf(segments);
    }

    String text() {
        return text;
    }

    List<Segment> segments() {
        return segments;
    }

    /** The kind of the segment holding {@code offset}. */
    Kind kindAt(int offset) {
        int low = 0;
        int high = segments.size() - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            Segment segment = segments.get(middle);
            if (offset < segment.start()) {
                high = middle - 1;
            } else if (offset >= segment.end()) {
                low = middle + 1;
            } else {
                return segment.kind();
            }
        }
        return Kind.CODE;
    }

    /** Python: {@code #} comments, single, double and triple quotes. */
    static SourceText python(String text) {
        Builder builder = new Builder(text);
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '#') {
                int end = lineEnd(text, i);
                builder.add(Kind.COMMENT, i, end);
                i = end;
            } else if (c == '\'' || c == '"') {
                boolean triple = i + 2 < n && text.charAt(i + 1) == c && text.charAt(i + 2) == c;
                int end = triple ? closeTriple(text, i + 3, c) : closeQuote(text, i + 1, c, true);
                builder.add(Kind.STRING, i, end);
                i = end;
            } else {
                i++;
            }
        }
        return builder.build();
    }

    /** Java, JavaScript and TypeScript: {@code //} and {@code /* *}{@code /} comments; quotes, text blocks, template literals. */
    static SourceText cLike(String text) {
        Builder builder = new Builder(text);
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            char next = i + 1 < n ? text.charAt(i + 1) : '\0';
            if (c == '/' && next == '/') {
                int end = lineEnd(text, i);
                builder.add(Kind.COMMENT, i, end);
                i = end;
            } else if (c == '/' && next == '*') {
                int close = text.indexOf("*/", i + 2);
                int end = close < 0 ? n : close + 2;
                builder.add(Kind.COMMENT, i, end);
                i = end;
            } else if (c == '"' && i + 2 < n && next == '"' && text.charAt(i + 2) == '"') {
                int end = closeTriple(text, i + 3, '"');
                builder.add(Kind.STRING, i, end);
                i = end;
            } else if (c == '"' || c == '\'' || c == '`') {
                int end = closeQuote(text, i + 1, c, c != '`');
                builder.add(Kind.STRING, i, end);
                i = end;
            } else {
                i++;
            }
        }
        return builder.build();
    }

    private static int lineEnd(String text, int from) {
        int newline = text.indexOf('\n', from);
        return newline < 0 ? text.length() : newline;
    }

    /** The offset after the closing quote; a newline ends an unclosed one-line string. */
    private static int closeQuote(String text, int from, char quote, boolean endsAtNewline) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == quote) {
                return i + 1;
            } else if (c == '\n' && endsAtNewline) {
                return i;
            }
        }
        return text.length();
    }

    private static int closeTriple(String text, int from, char quote) {
        String close = String.valueOf(quote).repeat(3);
        for (int i = from; i < text.length(); i++) {
            if (text.charAt(i) == '\\') {
                i++;
            } else if (text.startsWith(close, i)) {
                return i + 3;
            }
        }
        return text.length();
    }

    private static final class Builder {
        private final String text;
        private final List<Segment> segments = new ArrayList<>();
        private int covered;

        Builder(String text) {
            this.text = text;
        }

        void add(Kind kind, int start, int end) {
            if (start > covered) {
                segments.add(new Segment(Kind.CODE, covered, start));
            }
            segments.add(new Segment(kind, start, end));
            covered = end;
        }

        SourceText build() {
            if (covered < text.length()) {
                segments.add(new Segment(Kind.CODE, covered, text.length()));
            }
            return new SourceText(text, segments);
        }
    }
}
