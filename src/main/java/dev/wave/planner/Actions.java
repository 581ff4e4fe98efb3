package dev.wave.planner;

import dev.wave.plan.Action;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place the planner builds built-in file actions, in the plan-file shape
 * {@code action: {name: replace, paths: [...], find: ..., with: ..., regex: false}}.
 */
final class Actions {
    private Actions() {}

    /** Deletes the listed files and directories (directories with their contents). */
    static Action delete(List<String> paths) {
        return builtin("delete", Map.of("paths", List.copyOf(paths)));
    }

    /** Replaces {@code find} with {@code with} in the listed files; {@code regex} says whether {@code find} is a regular expression. */
    static Action replace(List<String> paths, String find, String with, boolean regex) {
        return builtin("replace", Map.of("paths", List.copyOf(paths), "find", find, "with", with, "regex", regex));
    }

    /** Replaces in every file matching {@code glob}. */
    static Action replaceGlob(String glob, String find, String with, boolean regex) {
        return builtin("replace", Map.of("glob", glob, "find", find, "with", with, "regex", regex));
    }

    /** Removes the empty directories under {@code under}, deepest first. */
    static Action removeEmptyDirectories(String under) {
        return builtin("remove-empty-dirs", Map.of("under", under));
    }

    /** Lists the files matching {@code glob}; changes nothing. */
    static Action find(String glob) {
        return builtin("find", Map.of("glob", glob));
    }

    private static Action builtin(String name, Map<String, Object> parameters) {
        return new Action.Builtin(name, new LinkedHashMap<>(parameters));
    }
}
