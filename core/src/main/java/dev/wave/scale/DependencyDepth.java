package dev.wave.scale;

import static java.util.Objects.requireNonNull;

import dev.wave.plan.TaskGraph;
import java.util.Locale;

/**
 * How strongly dependencies chain a plan (SPEC F6), from its number of levels L (the most tasks on
 * one dependency chain) against its size n: NONE when no task waits for another (L = 1), SHALLOW
 * when L is at most 3, DEEP when the chain holds more than half the plan (L - 1 > (n - 1) / 2),
 * MODERATE otherwise.
 */
public enum DependencyDepth {
    NONE,
    SHALLOW,
    MODERATE,
    DEEP;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DependencyDepth of(TaskGraph graph) {
        requireNonNull(graph, "graph is null");
        return of(levels(graph), graph.size());
    }

    static DependencyDepth of(int levels, int size) {
        if (levels <= 1) {
            return NONE;
        }
        if (levels <= 3) {
            return SHALLOW;
        }
        return 2L * (levels - 1) > size - 1 ? DEEP : MODERATE;
    }

    /** The number of tasks on the longest dependency chain. */
    static int levels(TaskGraph graph) {
        int n = graph.size();
        int[] level = new int[n];
        int levels = 0;
        for (int p = 0; p < n; p++) {
            int task = graph.topologicalTask(p);
            int deepest = 0;
            for (int k = 0; k < graph.dependencyCount(task); k++) {
                deepest = Math.max(deepest, level[graph.dependency(task, k)]);
            }
            level[task] = deepest + 1;
            levels = Math.max(levels, level[task]);
        }
        return levels;
    }
}
