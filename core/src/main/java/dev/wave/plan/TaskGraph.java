package dev.wave.plan;

import dev.wave.WaveException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * The dependency graph of a plan, with tasks numbered 0..n-1 in plan order and edges held in
 * compressed arrays, so that graphs of millions of tasks stay small and fast to walk.
 *
 * <p>Besides the dependencies, the graph holds which tasks must not run at the same time because
 * their scopes overlap ({@link ScopeConflicts}), for the dispatcher.
 *
 * <p>Immutable and thread-safe. Built only through {@link #build}, which refuses an empty plan,
 * duplicate ids, unknown dependencies and cycles, so every graph is a DAG.
 */
public final class TaskGraph {
    /** The estimate assumed for a task whose plan gives none. */
    public static final Duration DEFAULT_ESTIMATE = Duration.ofMinutes(1);

    private final String[] ids;
    private final IdIndex indexById;
    private final int[] dependencyStart; // dependencies of i: dependencyList[dependencyStart[i] .. dependencyStart[i+1])
    private final int[] dependencyList;
    private final int[] dependentStart;
    private final int[] dependentList;
    private final boolean[] critical;
    private final long[] estimateMillis;
    private final int estimated;
    private final int[] topologicalOrder;
    private final int[][] conflicts; // the tasks each task must not run beside (overlapping scopes)
    private final boolean hasConflicts;

    private TaskGraph(String[] ids, IdIndex indexById, int[] dependencyStart, int[] dependencyList,
            boolean[] critical, long[] estimateMillis, int estimated, int[][] conflicts) {
        this.conflicts = conflicts;
        boolean any = false;
        for (int[] list : conflicts) {
            any |= list.length > 0;
        }
        this.hasConflicts = any;
        this.ids = ids;
        this.indexById = indexById;
        this.dependencyStart = dependencyStart;
        this.dependencyList = dependencyList;
        this.critical = critical;
        this.estimateMillis = estimateMillis;
        this.estimated = estimated;
        int n = ids.length;
        dependentStart = new int[n + 1];
        for (int edge : dependencyList) {
            dependentStart[edge + 1]++;
        }
        for (int i = 0; i < n; i++) {
            dependentStart[i + 1] += dependentStart[i];
        }
        dependentList = new int[dependencyList.length];
        int[] fill = Arrays.copyOf(dependentStart, n);
        for (int task = 0; task < n; task++) {
            for (int e = dependencyStart[task]; e < dependencyStart[task + 1]; e++) {
                dependentList[fill[dependencyList[e]]++] = task;
            }
        }
        topologicalOrder = new int[n];
    }

    /**
     * Builds and validates the graph of {@code tasks}.
     *
     * @param source the plan's name, used in messages
     * @throws WaveException of kind INVALID_INPUT, one line naming the source, the task and the fix
     */
    public static TaskGraph build(String source, List<Task> tasks) {
        int n = tasks.size();
        if (n == 0) {
            throw WaveException.invalidInput("%s: the plan has no tasks. Add at least one task under \"tasks:\".", source);
        }
        String[] ids = new String[n];
        IdIndex indexById = new IdIndex(n);
        boolean[] critical = new boolean[n];
        long[] estimateMillis = new long[n];
        int estimated = 0;
        int edges = 0;
        for (int i = 0; i < n; i++) {
            Task task = tasks.get(i);
            ids[i] = task.id();
            int previous = indexById.putIfAbsent(task.id(), i);
            if (previous >= 0) {
                throw WaveException.invalidInput(
                        "%s: task \"%s\" is defined twice (tasks %d and %d). Give each task a unique id.",
                        source, task.id(), previous + 1, i + 1);
            }
            critical[i] = task.critical();
            estimateMillis[i] = task.estimate().orElse(DEFAULT_ESTIMATE).toMillis();
            estimated += task.estimate().isPresent() ? 1 : 0;
            edges += task.dependsOn().size();
        }
        int[] dependencyStart = new int[n + 1];
        int[] dependencyList = new int[edges];
        int e = 0;
        int[] seenBy = new int[n]; // seenBy[t] == i + 1: task i already depends on t
        for (int i = 0; i < n; i++) {
            Task task = tasks.get(i);
            for (String dependency : task.dependsOn()) {
                int target = indexById.get(dependency);
                if (target < 0) {
                    throw WaveException.invalidInput(
                            "%s: task \"%s\" depends on unknown task \"%s\" (known: %s). Fix depends_on or add the task.",
                            source, task.id(), dependency, knownIds(ids));
                }
                if (seenBy[target] != i + 1) {
                    seenBy[target] = i + 1;
                    dependencyList[e++] = target;
                }
            }
            dependencyStart[i + 1] = e;
        }
        if (e < edges) {
            dependencyList = Arrays.copyOf(dependencyList, e);
        }
        TaskGraph graph = new TaskGraph(ids, indexById, dependencyStart, dependencyList, critical, estimateMillis,
                estimated, ScopeConflicts.of(tasks));
        graph.sortTopologically(source);
        return graph;
    }

    /** The same graph with no scope conflicts: for a plan that lets tasks with overlapping scopes run at once. */
    public TaskGraph withoutScopeConflicts() {
        if (!hasConflicts) {
            return this;
        }
        int[][] none = new int[ids.length][];
        Arrays.fill(none, new int[0]);
        TaskGraph graph = new TaskGraph(ids, indexById, dependencyStart, dependencyList, critical, estimateMillis,
                estimated, none);
        System.arraycopy(topologicalOrder, 0, graph.topologicalOrder, 0, ids.length);
        return graph;
    }

    private static String knownIds(String[] ids) {
        TreeSet<String> sorted = new TreeSet<>(Arrays.asList(ids));
        if (sorted.size() <= 8) {
            return String.join(", ", sorted);
        }
        return String.join(", ", new ArrayList<>(sorted).subList(0, 8)) + ", ... " + (sorted.size() - 8) + " more";
    }

    private void sortTopologically(String source) {
        int n = ids.length;
        int[] remaining = new int[n];
        int tail = 0;
        for (int i = 0; i < n; i++) {
            remaining[i] = dependencyStart[i + 1] - dependencyStart[i];
            if (remaining[i] == 0) {
                topologicalOrder[tail++] = i;
            }
        }
        for (int head = 0; head < tail; head++) {
            int task = topologicalOrder[head];
            for (int d = dependentStart[task]; d < dependentStart[task + 1]; d++) {
                if (--remaining[dependentList[d]] == 0) {
                    topologicalOrder[tail++] = dependentList[d];
                }
            }
        }
        if (tail < n) {
            throw WaveException.invalidInput(
                    "%s: tasks form a dependency cycle: %s (each depends on the next). Remove one of these depends_on entries.",
                    source, cyclePath(remaining));
        }
    }

    /** Every task left with remaining > 0 has a dependency also left; walking those must repeat a task. */
    private String cyclePath(int[] remaining) {
        int start = 0;
        while (remaining[start] == 0) {
            start++;
        }
        int[] position = new int[ids.length];
        Arrays.fill(position, -1);
        List<Integer> path = new ArrayList<>();
        int task = start;
        while (position[task] < 0) {
            position[task] = path.size();
            path.add(task);
            int next = -1;
            for (int e = dependencyStart[task]; e < dependencyStart[task + 1] && next < 0; e++) {
                if (remaining[dependencyList[e]] > 0) {
                    next = dependencyList[e];
                }
            }
            task = next;
        }
        StringBuilder cycle = new StringBuilder();
        for (int i = position[task]; i < path.size(); i++) {
            cycle.append(ids[path.get(i)]).append(" -> ");
        }
        return cycle.append(ids[task]).toString();
    }

    public int size() {
        return ids.length;
    }

    public String id(int task) {
        return ids[task];
    }

    /** The index of the task with this id, or -1. */
    public int indexOf(String id) {
        return indexById.get(id);
    }

    public int dependencyCount(int task) {
        return dependencyStart[task + 1] - dependencyStart[task];
    }

    public int dependency(int task, int k) {
        return dependencyList[dependencyStart[task] + k];
    }

    public int dependentCount(int task) {
        return dependentStart[task + 1] - dependentStart[task];
    }

    public int dependent(int task, int k) {
        return dependentList[dependentStart[task] + k];
    }

    public boolean isCritical(int task) {
        return critical[task];
    }

    /** Whether any two tasks' scopes overlap, so that they must not run at the same time. */
    public boolean hasScopeConflicts() {
        return hasConflicts;
    }

    /** How many tasks have a scope overlapping this task's. */
    public int conflictCount(int task) {
        return conflicts[task].length;
    }

    /** The {@code k}-th task whose scope overlaps this task's, in plan order. */
    public int conflict(int task, int k) {
        return conflicts[task][k];
    }

    /** The task's estimate in milliseconds, {@link #DEFAULT_ESTIMATE} where the plan gives none. */
    public long estimateMillis(int task) {
        return estimateMillis[task];
    }

    /** How many tasks carry an estimate of their own. */
    public int estimatedTaskCount() {
        return estimated;
    }

    /** The tasks in an order where every task comes after its dependencies. */
    public int topologicalTask(int position) {
        return topologicalOrder[position];
    }

    /** For each task, the longest estimated path from its start to the end of the plan, itself included. */
    public long[] bottomLevels() {
        int n = ids.length;
        long[] level = new long[n];
        for (int p = n - 1; p >= 0; p--) {
            int task = topologicalOrder[p];
            long longest = 0;
            for (int d = dependentStart[task]; d < dependentStart[task + 1]; d++) {
                longest = Math.max(longest, level[dependentList[d]]);
            }
            level[task] = estimateMillis[task] + longest;
        }
        return level;
    }

    /** For each task, the longest estimated path from the plan's start to the task's start (its head). */
    public long[] topLevels() {
        int n = ids.length;
        long[] top = new long[n];
        for (int p = 0; p < n; p++) {
            int task = topologicalOrder[p];
            for (int k = 0; k < dependencyCount(task); k++) {
                int dependency = dependency(task, k);
                top[task] = Math.max(top[task], top[dependency] + estimateMillis[dependency]);
            }
        }
        return top;
    }

    /**
     * The estimates' greatest common divisor (at least 1). Every simulated start is a sum of
     * estimates, so every makespan, and every bound worth having, is a multiple of it.
     */
    public long estimateGcdMillis() {
        long g = 0;
        for (long estimate : estimateMillis) {
            long a = estimate;
            long b = g;
            while (b != 0) {
                long r = a % b;
                a = b;
                b = r;
            }
            g = a;
        }
        return Math.max(1, g);
    }

    /** The length of the longest estimated path through the graph, in milliseconds. */
    public long criticalPathMillis() {
        long longest = 0;
        for (long level : bottomLevels()) {
            longest = Math.max(longest, level);
        }
        return longest;
    }

    /** The sum of all estimates, in milliseconds. */
    public long totalWorkMillis() {
        long total = 0;
        for (long estimate : estimateMillis) {
            total += estimate;
        }
        return total;
    }
}
