package dev.wave.imports;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renames a whole dotted name ({@code pkg.mod}, and so {@code pkg.mod.attr}, but not
 * {@code mypkg.mod} or {@code pkg.module}) in code and string literals; mentions in comments are
 * counted, and renamed only when asked.
 */
final class DottedNames {
    private DottedNames() {}

    static Pattern pattern(String name) {
        return Pattern.compile("(?<![\\w.$])" + Pattern.quote(name) + "(?![\\w$])");
    }

    /**
     * Adds the edits to {@code edits}.
     *
     * @return {references renamed, comment mentions found}
     */
    static int[] rename(SourceText source, String from, String to, boolean comments, Edits edits) {
        int[] counts = new int[2];
        Matcher matcher = pattern(from).matcher(source.text());
        java.util.Optional<Pattern> already = to.startsWith(from + ".")
                ? java.util.Optional.of(Pattern.compile(Pattern.quote(to.substring(from.length())) + "(?![\\w$])"))
                : java.util.Optional.empty();
        while (matcher.find()) {
            if (already.isPresent() && already.get().matcher(source.text()).region(matcher.end(), source.text().length()).lookingAt()) {
                continue; // app -> app.core: app.core is already the new name
            }
            SourceText.Kind kind = source.kindAt(matcher.start());
            if (kind == SourceText.Kind.COMMENT) {
                counts[1]++;
                if (!comments) {
                    continue;
                }
            }
            if (edits.replace(matcher.start(), matcher.end(), to) && kind != SourceText.Kind.COMMENT) {
                counts[0]++;
            }
        }
        return counts;
    }
}
