package dev.wave.action;

import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A set of java.nio globs matched against repository-relative paths ({@code /}-separated). A
 * {@code **}{@code /} at the start of a glob or after a {@code /} may also match nothing, as users
 * of git and shells expect: {@code **}{@code /*.py} matches {@code a.py}, {@code src/**}{@code /*.py}
 * matches {@code src/a.py}. A trailing {@code /**} matches everything below, not the directory itself.
 *
 * <p>Design: globs run once per entry of the repository, usually in a JVM that has not warmed up,
 * where java.nio's regular-expression matchers are slow. So a glob made of whole {@code **}
 * segments and segments of literal text, {@code *} and {@code ?} is matched segment by segment,
 * with plain string comparisons for the common shapes ({@code name}, {@code *.ext},
 * {@code prefix*}); any other glob ({@code [...]}, {@code {a,b}}, escapes, {@code **} inside a
 * segment) goes to java.nio's matcher, once per way of dropping its optional {@code **}{@code /}.
 * Both give the same answers. Immutable and thread-safe.
 */
final class Globs {
    private static final int MAX_OPTIONAL_SEGMENTS = 6;

    private final List<SegmentGlob> segmentGlobs;
    private final List<PathMatcher> nioMatchers;

    private Globs(List<SegmentGlob> segmentGlobs, List<PathMatcher> nioMatchers) {
        this.segmentGlobs = List.copyOf(segmentGlobs);
        this.nioMatchers = List.copyOf(nioMatchers);
    }

    static Globs of(List<String> globs) {
        FileSystem fileSystem = FileSystems.getDefault();
        List<SegmentGlob> segmentGlobs = new ArrayList<>();
        List<PathMatcher> nioMatchers = new ArrayList<>();
        for (String glob : globs) {
            if (SegmentGlob.supports(glob)) {
                segmentGlobs.add(new SegmentGlob(glob));
            } else {
                for (String variant : variants(glob)) {
                    nioMatchers.add(fileSystem.getPathMatcher("glob:" + variant));
                }
            }
        }
        return new Globs(segmentGlobs, nioMatchers);
    }

    boolean isEmpty() {
        return segmentGlobs.isEmpty() && nioMatchers.isEmpty();
    }

    /** Whether any glob matches {@code relative}, a {@code /}-separated path relative to the repository. */
    boolean matches(String relative) {
        for (SegmentGlob glob : segmentGlobs) {
            if (glob.matches(relative)) {
                return true;
            }
        }
        if (!nioMatchers.isEmpty()) {
            Path path = Path.of(relative);
            for (PathMatcher matcher : nioMatchers) {
                if (matcher.matches(path)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The glob with each optional {@code **}{@code /} kept or dropped, in every combination. */
    static Set<String> variants(String glob) {
        List<Integer> optional = new ArrayList<>();
        for (int i = glob.indexOf("**/"); i >= 0; i = glob.indexOf("**/", i + 1)) {
            if ((i == 0 || glob.charAt(i - 1) == '/') && optional.size() < MAX_OPTIONAL_SEGMENTS) {
                optional.add(i);
            }
        }
        Set<String> variants = new LinkedHashSet<>();
        for (int mask = 0; mask < 1 << optional.size(); mask++) {
            StringBuilder variant = new StringBuilder(glob.length());
            int from = 0;
            for (int k = 0; k < optional.size(); k++) {
                if ((mask & (1 << k)) != 0) {
                    variant.append(glob, from, optional.get(k));
                    from = optional.get(k) + 3;
                }
            }
            variants.add(variant.append(glob, from, glob.length()).toString());
        }
        return variants;
    }

    /** A glob matched one path segment at a time. */
    private static final class SegmentGlob {
        private final Segment[] segments; // null marks a ** segment

        SegmentGlob(String glob) {
            String[] parts = glob.split("/", -1);
            segments = new Segment[parts.length];
            for (int i = 0; i < parts.length; i++) {
                segments[i] = parts[i].equals("**") ? null : Segment.of(parts[i]);
            }
        }

        static boolean supports(String glob) {
            for (String part : glob.split("/", -1)) {
                if (part.isEmpty() || (part.contains("**") && !part.equals("**"))) {
                    return false;
                }
            }
            return glob.indexOf('[') < 0 && glob.indexOf('{') < 0 && glob.indexOf('\\') < 0 && glob.indexOf(']') < 0
                    && glob.indexOf('}') < 0;
        }

        boolean matches(String path) {
            return !path.isEmpty() && match(path, 0, 0);
        }

        /** Whether segments from {@code index} match the path from {@code start}, a segment's first character. */
        private boolean match(String path, int index, int start) {
            if (index == segments.length) {
                return start > path.length();
            }
            if (start > path.length()) {
                return false;
            }
            int end = path.indexOf('/', start);
            if (end < 0) {
                end = path.length();
            }
            if (segments[index] == null) {
                if (index == segments.length - 1) {
                    return true; // a trailing ** takes every remaining segment, at least one
                }
                return match(path, index + 1, start) || match(path, index, end + 1);
            }
            return segments[index].matches(path, start, end) && match(path, index + 1, end + 1);
        }
    }

    /** One segment's pattern: literal text, {@code *} and {@code ?}. */
    private abstract static class Segment {
        abstract boolean matches(String path, int start, int end);

        static Segment of(String part) {
            if (part.indexOf('?') >= 0) {
                return new RegexSegment(part);
            }
            String[] pieces = part.split("\\*", -1);
            if (pieces.length == 1) {
                return new LiteralSegment(part);
            }
            return new StarSegment(pieces);
        }
    }

    private static final class LiteralSegment extends Segment {
        private final String text;

        LiteralSegment(String text) {
            this.text = text;
        }

        @Override
        boolean matches(String path, int start, int end) {
            return end - start == text.length() && path.startsWith(text, start);
        }
    }

    /** Literal pieces separated by stars: the first at the start, the last at the end, the rest in order between. */
    private static final class StarSegment extends Segment {
        private final String first;
        private final String last;
        private final String[] middle;
        private final int minimumLength;

        StarSegment(String[] pieces) {
            first = pieces[0];
            last = pieces[pieces.length - 1];
            middle = new String[pieces.length - 2];
            System.arraycopy(pieces, 1, middle, 0, middle.length);
            int length = 0;
            for (String piece : pieces) {
                length += piece.length();
            }
            minimumLength = length;
        }

        @Override
        boolean matches(String path, int start, int end) {
            if (end - start < minimumLength || !path.startsWith(first, start)
                    || !path.startsWith(last, end - last.length())) {
                return false;
            }
            int from = start + first.length();
            int limit = end - last.length();
            for (String piece : middle) {
                int at = path.indexOf(piece, from);
                if (at < 0 || at + piece.length() > limit) {
                    return false;
                }
                from = at + piece.length();
            }
            return true;
        }
    }

    private static final class RegexSegment extends Segment {
        private final Pattern pattern;

        RegexSegment(String part) {
            StringBuilder regex = new StringBuilder();
            StringBuilder literal = new StringBuilder();
            for (char c : part.toCharArray()) {
                if (c == '*' || c == '?') {
                    if (literal.length() > 0) {
                        regex.append(Pattern.quote(literal.toString()));
                        literal.setLength(0);
                    }
                    regex.append(c == '*' ? "[^/]*" : "[^/]");
                } else {
                    literal.append(c);
                }
            }
            if (literal.length() > 0) {
                regex.append(Pattern.quote(literal.toString()));
            }
            pattern = Pattern.compile(regex.toString(), Pattern.DOTALL);
        }

        @Override
        boolean matches(String path, int start, int end) {
            return pattern.matcher(path).region(start, end).matches();
        }
    }
}
