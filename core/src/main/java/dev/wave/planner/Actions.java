package dev.wave.planner;

import dev.wave.plan.Action;
import dev.wave.plan.FileAction;
import java.util.List;
import java.util.Optional;

/** The one place the planner builds built-in file actions. */
final class Actions {
    private Actions() {}

    /** Deletes the listed files and directories (directories with their contents). */
    static Action delete(List<String> paths) {
        return builtin(new FileAction.Delete(paths(paths), FileAction.EntryType.ANY));
    }

    /** Replaces {@code find} with {@code with} in the listed files; {@code regex} says whether {@code find} is a regular expression. */
    static Action replace(List<String> paths, String find, String with, boolean regex) {
        return builtin(new FileAction.Replace(paths(paths), text(find, regex), with));
    }

    /** Replaces in every file matching {@code glob}. */
    static Action replaceGlob(List<String> globs, String find, String with, boolean regex) {
        return replaceGlob(globs, List.of(), find, with, regex);
    }

    /** Replaces in every file matching {@code glob} and no {@code exclude} glob. */
    static Action replaceGlob(List<String> globs, List<String> exclude, String find, String with, boolean regex) {
        return builtin(new FileAction.Replace(new FileAction.Scope(globs, List.of(), exclude), text(find, regex), with));
    }

    /**
     * Removes the empty directories below {@code under} (not {@code under} itself), deepest first,
     * never entering a directory {@code exclude} matches.
     */
    static Action removeEmptyDirectories(String under, List<String> exclude) {
        return builtin(new FileAction.RemoveEmptyDirs(List.of(under), exclude));
    }

    /** Lists the files matching {@code glob}; changes nothing. */
    static Action find(String glob) {
        return builtin(new FileAction.Find(FileAction.Scope.ofGlobs(glob), FileAction.EntryType.ANY, Optional.empty()));
    }

    /** Lists the files whose text matches the regular expression {@code regex}; changes nothing. */
    static Action findContaining(String regex) {
        return builtin(new FileAction.Find(FileAction.Scope.wholeRepository(), FileAction.EntryType.FILE,
                Optional.of(FileAction.TextPattern.regex(regex))));
    }

    private static FileAction.Scope paths(List<String> paths) {
        return new FileAction.Scope(List.of(), List.copyOf(paths), List.of());
    }

    private static FileAction.TextPattern text(String find, boolean regex) {
        return regex ? FileAction.TextPattern.regex(find) : FileAction.TextPattern.literal(find);
    }

    private static Action builtin(FileAction action) {
        return new Action.Builtin(action);
    }
}
