package dev.wave.plan;

import java.util.ArrayList;
import java.util.List;

/**
 * Which tasks must not run at the same time because their {@code scope:}s overlap. Two scope
 * entries overlap when the literal part of one (the path up to its first wildcard, cut back to a
 * directory) is the other's, or a directory holding it: {@code src/api/} and {@code src/api/app.py}
 * overlap, {@code src/api/} and {@code src/web/} do not, and {@code **}{@code /*.py} overlaps every
 * entry. That is conservative: two globs that could never match the same file may still be held
 * apart. A task without a scope conflicts with nothing, and neither does an analysis-only agent task,
 * which changes nothing. Deterministic; O(tasks with a scope squared).
 */
final class ScopeConflicts {
    private static final int[] NONE = new int[0];

    private ScopeConflicts() {}

    /** For each task, the tasks whose scope overlaps its own, in plan order; empty arrays when none. */
    static int[][] of(List<Task> tasks) {
        int n = tasks.size();
        List<Integer> scoped = new ArrayList<>();
        String[][][] prefixes = new String[n][][];
        for (int task = 0; task < n; task++) {
            List<String> scope = tasks.get(task).scope();
            boolean changesNothing = tasks.get(task).action() instanceof Action.Agent agent && agent.analysisOnly();
            if (!scope.isEmpty() && !changesNothing) {
                scoped.add(task);
                prefixes[task] = new String[scope.size()][];
                for (int k = 0; k < scope.size(); k++) {
                    prefixes[task][k] = components(scope.get(k));
                }
            }
        }
        List<List<Integer>> found = new ArrayList<>(n);
        for (int task = 0; task < n; task++) {
            found.add(null);
        }
        for (int a = 0; a < scoped.size(); a++) {
            for (int b = a + 1; b < scoped.size(); b++) {
                int first = scoped.get(a);
                int second = scoped.get(b);
                if (overlap(prefixes[first], prefixes[second])) {
                    add(found, first, second);
                    add(found, second, first);
                }
            }
        }
        int[][] conflicts = new int[n][];
        for (int task = 0; task < n; task++) {
            List<Integer> list = found.get(task);
            conflicts[task] = list == null ? NONE : list.stream().mapToInt(Integer::intValue).toArray();
        }
        return conflicts;
    }

    /** The directories and name of an entry's literal part: {@code src/api/*.py} gives [src, api]. */
    static String[] components(String entry) {
        String path = entry;
        int wildcard = firstWildcard(path);
        if (wildcard >= 0) {
            path = path.substring(0, path.lastIndexOf('/', wildcard) + 1);
        }
        List<String> parts = new ArrayList<>();
        for (String part : path.split("/")) {
            if (!part.isEmpty() && !part.equals(".")) {
                parts.add(part);
            }
        }
        return parts.toArray(String[]::new);
    }

    private static int firstWildcard(String path) {
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == '{') {
                return i;
            }
        }
        return -1;
    }

    private static boolean overlap(String[][] first, String[][] second) {
        for (String[] a : first) {
            for (String[] b : second) {
                if (isPrefix(a, b) || isPrefix(b, a)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isPrefix(String[] shorter, String[] longer) {
        if (shorter.length > longer.length) {
            return false;
        }
        for (int i = 0; i < shorter.length; i++) {
            if (!shorter[i].equals(longer[i])) {
                return false;
            }
        }
        return true;
    }

    private static void add(List<List<Integer>> found, int task, int other) {
        if (found.get(task) == null) {
            found.set(task, new ArrayList<>());
        }
        found.get(task).add(other);
    }
}
