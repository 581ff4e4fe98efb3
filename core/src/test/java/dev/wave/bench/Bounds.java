package dev.wave.bench;

import dev.wave.plan.TaskGraph;
import java.util.Arrays;
import java.util.BitSet;

/**
 * A makespan lower bound at least as strong as max(critical path, total work / N), for judging how
 * far a schedule is from optimal where that simple bound is loose.
 *
 * <p>A barrier task is comparable with every other task (each is its ancestor or descendant), so
 * nothing runs beside it and the schedule splits at barriers into segments that cannot overlap.
 * Each segment needs at least max(its critical path, its work / N, p[N] + p[N+1]) where p is its
 * task durations in decreasing order (of N+1 tasks two share an agent). The bound is the sum of
 * the barriers' durations and the segments' bounds. Graphs over {@link #MAX_TASKS} tasks get the
 * simple bound. The result is the larger of that and the head-and-tail bound ({@link #headTail}),
 * rounded up to the durations' gcd ({@link TaskGraph#estimateGcdMillis}).
 */
final class Bounds {
    static final int MAX_TASKS = 20_000;

    private Bounds() {}

    static long simple(TaskGraph graph, int agents) {
        return Math.max(graph.criticalPathMillis(), (graph.totalWorkMillis() + agents - 1) / agents);
    }

    static long strong(TaskGraph graph, int agents) {
        int n = graph.size();
        if (n > MAX_TASKS) {
            return simple(graph, agents);
        }
        BitSet[] ancestors = new BitSet[n];
        int[] descendants = new int[n];
        for (int p = 0; p < n; p++) {
            int task = graph.topologicalTask(p);
            BitSet own = new BitSet(n);
            for (int k = 0; k < graph.dependencyCount(task); k++) {
                int dependency = graph.dependency(task, k);
                own.or(ancestors[dependency]);
                own.set(dependency);
            }
            ancestors[task] = own;
        }
        for (int task = 0; task < n; task++) {
            for (int a = ancestors[task].nextSetBit(0); a >= 0; a = ancestors[task].nextSetBit(a + 1)) {
                descendants[a]++;
            }
        }
        // Barriers in topological order; segment of a task = number of barriers among its ancestors.
        int[] segmentOf = new int[n];
        boolean[] barrier = new boolean[n];
        BitSet barriers = new BitSet(n);
        int barrierCount = 0;
        for (int p = 0; p < n; p++) {
            int task = graph.topologicalTask(p);
            if (ancestors[task].cardinality() + descendants[task] + 1 == n) {
                barrier[task] = true;
                barriers.set(task);
                barrierCount++;
            }
        }
        long total = 0;
        int segments = barrierCount + 1;
        long[] work = new long[segments];
        long[] longestPath = new long[segments];
        long[][] durations = new long[segments][];
        int[] sizes = new int[segments];
        long[] pathTo = new long[n];
        for (int task = 0; task < n; task++) {
            if (barrier[task]) {
                total += graph.estimateMillis(task);
                continue;
            }
            BitSet before = (BitSet) ancestors[task].clone();
            before.and(barriers);
            segmentOf[task] = before.cardinality();
            sizes[segmentOf[task]]++;
        }
        for (int s = 0; s < segments; s++) {
            durations[s] = new long[sizes[s]];
            sizes[s] = 0;
        }
        for (int p = 0; p < n; p++) {
            int task = graph.topologicalTask(p);
            if (barrier[task]) {
                continue;
            }
            int s = segmentOf[task];
            long start = 0;
            for (int k = 0; k < graph.dependencyCount(task); k++) {
                int dependency = graph.dependency(task, k);
                if (!barrier[dependency]) {
                    start = Math.max(start, pathTo[dependency]);
                }
            }
            pathTo[task] = start + graph.estimateMillis(task);
            longestPath[s] = Math.max(longestPath[s], pathTo[task]);
            work[s] += graph.estimateMillis(task);
            durations[s][sizes[s]++] = graph.estimateMillis(task);
        }
        for (int s = 0; s < segments; s++) {
            long bound = Math.max(longestPath[s], (work[s] + agents - 1) / agents);
            long[] sorted = durations[s];
            if (sorted.length > agents) {
                Arrays.sort(sorted);
                int m = sorted.length;
                bound = Math.max(bound, sorted[m - agents] + sorted[m - agents - 1]);
            }
            total += bound;
        }
        long bound = Math.max(Math.max(total, simple(graph, agents)), n <= HEAD_TAIL_MAX_TASKS ? headTail(graph, agents) : 0);
        long grain = graph.estimateGcdMillis();
        return (bound + grain - 1) / grain * grain;
    }

    /** Graphs up to this size also get the head-and-tail bound, which takes O(n^2 log n). */
    static final int HEAD_TAIL_MAX_TASKS = 3_000;

    /**
     * The head-and-tail bound: the tasks that cannot start before h (their longest path from the
     * plan's start, their head) and that still need t after they end (their bottom level less their
     * own length, their tail) all run between h and makespan - t, so makespan &gt;= h + t + their work
     * / N. The best over every pair of a head and a tail.
     */
    static long headTail(TaskGraph graph, int agents) {
        int n = graph.size();
        long[] head = graph.topLevels();
        long[] levels = graph.bottomLevels();
        Integer[] byTail = new Integer[n];
        for (int task = 0; task < n; task++) {
            byTail[task] = task;
        }
        Arrays.sort(byTail, (a, b) -> Long.compare(levels[b] - graph.estimateMillis(b), levels[a] - graph.estimateMillis(a)));
        long[] heads = Arrays.stream(head).distinct().sorted().toArray();
        long best = 0;
        for (long h : heads) {
            long work = 0;
            for (int i = 0; i < n; i++) {
                int task = byTail[i];
                if (head[task] < h) {
                    continue;
                }
                work += graph.estimateMillis(task);
                long tail = levels[task] - graph.estimateMillis(task);
                best = Math.max(best, h + tail + (work + agents - 1) / agents);
            }
        }
        return best;
    }
}
