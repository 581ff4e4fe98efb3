package dev.wave.action;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import dev.wave.plan.FileAction;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds and replaces text in the bytes of one file. Immutable and thread-safe.
 *
 * <p>Literal text is matched on the raw bytes: the file and the needle are viewed as ISO-8859-1
 * strings (one char per byte, a plain copy), so {@link String#indexOf(String)} runs at memory
 * speed and a file without the text costs one read and one scan. As UTF-8 never matches inside a
 * character, a byte match of UTF-8 text is a character match. Regular expressions need
 * characters: the file must be valid UTF-8 and is written back as UTF-8.
 *
 * <p>Binary files (a NUL byte in the first 8000 bytes, git's rule) are never edited. For literal
 * text the check runs only on files that hold the text, so binary files without it are not
 * counted as skipped.
 */
final class TextEdit {
    private static final int BINARY_PROBE = 8000;

    private final String needle; // literal: the UTF-8 bytes of the text, as ISO-8859-1
    private final byte[] replacement; // literal: the UTF-8 bytes of the new text
    private final Pattern pattern; // regex only
    private final String regexReplacement; // regex only

    private TextEdit(String needle, byte[] replacement, Pattern pattern, String regexReplacement) {
        this.needle = needle;
        this.replacement = replacement;
        this.pattern = pattern;
        this.regexReplacement = regexReplacement;
    }

    /** Looks for {@code find}; {@link #apply} replaces each match with {@code with}. */
    static TextEdit of(FileAction.TextPattern find, String with) {
        if (find.regex()) {
            return new TextEdit(null, null, Pattern.compile(find.text(), Pattern.MULTILINE), with);
        }
        return new TextEdit(new String(find.text().getBytes(UTF_8), ISO_8859_1), with.getBytes(UTF_8), null, null);
    }

    /** Looks for the text only; {@link #apply} must not be called. */
    static TextEdit search(FileAction.TextPattern find) {
        return of(find, "");
    }

    /** The outcome for one file. */
    record Result(Outcome outcome, int count, byte[] content) {
        static final Result UNCHANGED = new Result(Outcome.NO_MATCH, 0, new byte[0]);
        static final Result BINARY = new Result(Outcome.BINARY, 0, new byte[0]);
        static final Result NOT_UTF8 = new Result(Outcome.NOT_UTF8, 0, new byte[0]);
    }

    enum Outcome {
        NO_MATCH,
        MATCHED,
        BINARY,
        NOT_UTF8
    }

    /** Checks whether the work must stop; regular expressions call it while they match. */
    @FunctionalInterface
    interface Stop {
        void check() throws InterruptedIOException;
    }

    /** Whether the content holds the text (binary content never does); a regular expression stops when {@code stop} says so. */
    Outcome contains(byte[] content, Stop stop) throws InterruptedIOException {
        if (pattern == null) {
            if (!new String(content, ISO_8859_1).contains(needle)) {
                return Outcome.NO_MATCH;
            }
            return isBinary(content) ? Outcome.BINARY : Outcome.MATCHED;
        }
        if (isBinary(content)) {
            return Outcome.BINARY;
        }
        String text = decode(content);
        if (text == null) {
            return Outcome.NOT_UTF8;
        }
        try {
            return pattern.matcher(new Watched(text, stop)).find() ? Outcome.MATCHED : Outcome.NO_MATCH;
        } catch (Watched.Stopped e) {
            throw e.cause();
        }
    }

    /** Like {@link #apply(byte[], Stop)}, never stopping. */
    Result apply(byte[] content) {
        try {
            return apply(content, () -> { });
        } catch (InterruptedIOException e) {
            throw new AssertionError("a stop that never stops stopped", e);
        }
    }

    /**
     * Replaces every match; the result holds the new content when the outcome is MATCHED. A regular
     * expression stops (throwing what {@code stop} throws) as soon as {@code stop} says so, however
     * long it would backtrack.
     */
    Result apply(byte[] content, Stop stop) throws InterruptedIOException {
        if (pattern == null) {
            return replaceLiteral(content);
        }
        try {
            return replaceRegex(content, stop);
        } catch (Watched.Stopped e) {
            throw e.cause();
        }
    }

    private Result replaceLiteral(byte[] content) {
        String haystack = new String(content, ISO_8859_1);
        int at = haystack.indexOf(needle);
        if (at < 0) {
            return Result.UNCHANGED; // most files: decided by one vectorised scan, binary or not
        }
        if (isBinary(content)) {
            return Result.BINARY;
        }
        int[] matches = new int[8];
        int count = 0;
        while (at >= 0) {
            if (count == matches.length) {
                matches = Arrays.copyOf(matches, count * 2);
            }
            matches[count++] = at;
            at = haystack.indexOf(needle, at + needle.length());
        }
        byte[] result = new byte[content.length + count * (replacement.length - needle.length())];
        int from = 0;
        int to = 0;
        for (int k = 0; k < count; k++) {
            int length = matches[k] - from;
            System.arraycopy(content, from, result, to, length);
            to += length;
            System.arraycopy(replacement, 0, result, to, replacement.length);
            to += replacement.length;
            from = matches[k] + needle.length();
        }
        System.arraycopy(content, from, result, to, content.length - from);
        return new Result(Outcome.MATCHED, count, result);
    }

    private Result replaceRegex(byte[] content, Stop stop) {
        if (isBinary(content)) {
            return Result.BINARY;
        }
        String text = decode(content);
        if (text == null) {
            return Result.NOT_UTF8;
        }
        Matcher matcher = pattern.matcher(new Watched(text, stop));
        if (!matcher.find()) {
            return Result.UNCHANGED;
        }
        StringBuilder result = new StringBuilder(text.length() + 16);
        int count = 0;
        do {
            count++;
            matcher.appendReplacement(result, regexReplacement);
        } while (matcher.find());
        matcher.appendTail(result);
        return new Result(Outcome.MATCHED, count, result.toString().getBytes(UTF_8));
    }

    /**
     * The text a matcher reads, checking every {@value #CHECK_EVERY} characters read whether to stop: a
     * catastrophic pattern such as {@code (a+)+b} reads characters all the time it backtracks, so
     * it stops within moments of its deadline. Not thread-safe: one matcher at a time.
     */
    private static final class Watched implements CharSequence {
        static final int CHECK_EVERY = 1 << 14;

        private final String text;
        private final Stop stop;
        private int reads;

        Watched(String text, Stop stop) {
            this.text = text;
            this.stop = stop;
        }

        @Override
        public char charAt(int index) {
            if (++reads >= CHECK_EVERY) {
                reads = 0;
                try {
                    stop.check();
                } catch (InterruptedIOException e) {
                    throw new Stopped(e);
                }
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return text.substring(start, end);
        }

        @Override
        public String toString() {
            return text;
        }

        /** Carries a stop out of {@link #charAt}, which cannot throw it. */
        static final class Stopped extends RuntimeException {
            private static final long serialVersionUID = 1L;

            Stopped(InterruptedIOException cause) {
                super(cause.getMessage(), cause, false, false);
            }

            InterruptedIOException cause() {
                return (InterruptedIOException) getCause();
            }
        }
    }

    /** The content as UTF-8 text, or null if it is not valid UTF-8. */
    private static String decode(byte[] content) {
        String text = new String(content, UTF_8);
        if (text.indexOf('\uFFFD') < 0) {
            return text; // the lenient decoder replaced nothing, so it was valid
        }
        try {
            return UTF_8.newDecoder().decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** Whether a NUL byte is among the first 8000 bytes; String's vectorised search does the scan. */
    static boolean isBinary(byte[] content) {
        return new String(content, 0, Math.min(content.length, BINARY_PROBE), ISO_8859_1).indexOf(0) >= 0;
    }
}
