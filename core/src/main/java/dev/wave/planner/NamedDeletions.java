package dev.wave.planner;

import static java.util.regex.Pattern.CASE_INSENSITIVE;
import static java.util.regex.Pattern.compile;

import dev.wave.WaveException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

/**
 * Files a goal deletes by their path: "delete the file click/py.typed", "remove src/old.py and
 * src/older.py", "delete the files a.txt, b.txt". A path is written with a slash or an extension,
 * right after the verb (and "the file"); one written with a slash, after "file" or with an extension
 * wave knows ({@code utils.py}) must be a file of the repository, else the goal is refused rather than
 * planned as something else.
 */
final class NamedDeletions {
    private static final String PATH = "`?(?:\\./)?[\\w.-]*(?:/[\\w.-]+)*(?:/[\\w-][\\w.-]*|\\w\\.[A-Za-z0-9]{1,10})`?";
    static final java.util.regex.Pattern NAMED = compile(
            "\\b(?:delete|remove|rm)\\s+(?:the\\s+)?(files?\\s+)?(" + PATH + "(?:\\s*(?:,\\s*and|,|\\band\\b)\\s*" + PATH + ")*)"
                    + "(?=\\s*(?:[.;!]?\\s*$|[,;]|\\s+(?:and|then)\\b))",
            CASE_INSENSITIVE);
    /**
     * A path that reads as a file's without looking at the repository: written with a slash, after
     * "file", or with an extension wave knows ({@code README.md}, not {@code requests.compat},
     * {@code os.path}, {@code logging.debug}, which name code): the pattern's trigger.
     */
    static final String READS_AS_FILE = "\\b(?:delete|remove|rm)\\s+(?:the\\s+)?(?:files?\\s+" + PATH + "|`?(?:\\./)?(?:[\\w.-]*"
            + "(?:/[\\w.-]+)*/[\\w-][\\w.-]*|[\\w.-]*\\w\\.(?:" + String.join("|", Languages.knownExtensions()) + "))`?)"
            + "(?=\\s*(?:[.;!]?\\s*$|[,;]|\\s+(?:and|then)\\b))";
    private static final java.util.regex.Pattern SPLIT = compile("\\s*(?:,\\s*and|,|\\band\\b)\\s*", CASE_INSENSITIVE);

    private NamedDeletions() {}

    /** The repository-relative paths the goal deletes by name, in its order; empty when it names none. */
    static List<String> in(String goal, Path root) {
        List<String> paths = new ArrayList<>();
        Matcher matcher = NAMED.matcher(goal);
        while (matcher.find()) {
            boolean saysFile = matcher.group(1) != null;
            for (String item : SPLIT.split(matcher.group(2))) {
                String path = item.strip().replaceAll("^`|`$", "").replaceAll("^\\./", "");
                if (path.isEmpty() || path.startsWith("*") || path.contains("..")) {
                    continue;
                }
                Path file = root.resolve(path);
                if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && !saysFile && !path.contains("/")
                        && !Languages.knownExtensions().contains(Languages.extension(path))) {
                    continue; // "remove requests.compat": a dotted name, not a file the goal deletes
                }
                if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    throw WaveException.invalidInput("the goal deletes %s, which is not a file in %s. Fix the path (relative to "
                            + "the repository's root), or name the files by kind (\"delete all .orig files\").", path, root);
                }
                if (!paths.contains(path)) {
                    paths.add(path);
                }
            }
        }
        return paths;
    }
}
