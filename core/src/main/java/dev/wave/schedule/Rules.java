package dev.wave.schedule;

import dev.wave.plan.TaskGraph;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * The list-scheduling rules of the portfolio, best first. Each rule sorts the tasks by a primary
 * and a secondary measure (larger first), ties in plan order, and turns the sort into keys.
 * Stateless; utility class.
 */
final class Rules {
    static final String MORE_SUCCESSORS_AMONG_EQUALS = "longest path first, more successors among equals";
    static final String LONGER_TASK_AMONG_EQUALS = "longest path first, longer task among equals";
    static final String LOOKAHEAD = "longest path first, lookahead on what it releases";
    static final String CRITICAL_PATH_FIRST = "tasks on the longest paths first";
    static final String MORE_SUCCESSORS_FIRST = "more successors first";
    static final String RANDOM_TIES = "longest path first, random tie-breaks";

    private Rules() {}

    /** The portfolio after plain longest-path-first, each computed only when the search gets to it. */
    static List<Supplier<PriorityOrder>> portfolio(TaskGraph graph, long[] levels, long seed) {
        int n = graph.size();
        List<Supplier<PriorityOrder>> rules = new ArrayList<>();
        rules.add(() -> rank(MORE_SUCCESSORS_AMONG_EQUALS, levels, successors(graph)));
        rules.add(() -> rank(LONGER_TASK_AMONG_EQUALS, levels, estimates(graph)));
        rules.add(() -> rank(LOOKAHEAD, levels, released(graph, levels)));
        rules.add(() -> rank(CRITICAL_PATH_FIRST, throughLevels(graph, levels), levels));
        rules.add(() -> rank(MORE_SUCCESSORS_FIRST, successors(graph), levels));
        for (int k = 1; k <= 3; k++) {
            long salt = k;
            rules.add(() -> {
                SplittableRandom random = new SplittableRandom(seed * 1_000_003L + salt);
                long[] ties = new long[n];
                for (int task = 0; task < n; task++) {
                    ties[task] = random.nextLong() >>> 24;
                }
                return rank(RANDOM_TIES, levels, ties);
            });
        }
        return rules;
    }

    /**
     * Keys that sort by {@code primary}, then {@code secondary}, larger first, ties in plan order:
     * each task's dense rank by the primary measure times n plus its dense rank by the secondary.
     * Measures must not be negative.
     */
    static PriorityOrder rank(String rule, long[] primary, long[] secondary) {
        int n = primary.length;
        long[] first = denseRanks(primary);
        long[] second = denseRanks(secondary);
        long[] keys = new long[n];
        for (int task = 0; task < n; task++) {
            keys[task] = first[task] * n + second[task];
        }
        return PriorityOrder.owning(rule, keys);
    }

    /** 0 for the largest value, 1 for the next distinct one, and so on; a primitive sort of (value, index) pairs. */
    static long[] denseRanks(long[] values) {
        int n = values.length;
        int bits = 64 - Long.numberOfLeadingZeros(Math.max(1, n - 1));
        long mask = (1L << bits) - 1;
        long[] packed = new long[n];
        for (int task = 0; task < n; task++) {
            long value = Math.min(values[task], (Long.MAX_VALUE >>> bits)); // larger values share the top rank
            packed[task] = (value << bits) | task;
        }
        java.util.Arrays.sort(packed);
        long[] ranks = new long[n];
        long rank = -1;
        long previous = Long.MIN_VALUE;
        for (int k = n - 1; k >= 0; k--) {
            long value = packed[k] >>> bits;
            if (value != previous) {
                rank++;
                previous = value;
            }
            ranks[(int) (packed[k] & mask)] = rank;
        }
        return ranks;
    }

    private static long[] successors(TaskGraph graph) {
        long[] count = new long[graph.size()];
        for (int task = 0; task < count.length; task++) {
            count[task] = graph.dependentCount(task);
        }
        return count;
    }

    private static long[] estimates(TaskGraph graph) {
        long[] estimate = new long[graph.size()];
        for (int task = 0; task < estimate.length; task++) {
            estimate[task] = graph.estimateMillis(task);
        }
        return estimate;
    }

    /**
     * What finishing a task releases: each dependent's remaining path, shared among that dependent's
     * dependencies (a dependent that waits for this task alone counts in full).
     */
    private static long[] released(TaskGraph graph, long[] levels) {
        long[] value = new long[graph.size()];
        for (int task = 0; task < value.length; task++) {
            for (int k = 0; k < graph.dependentCount(task); k++) {
                int dependent = graph.dependent(task, k);
                value[task] += levels[dependent] / graph.dependencyCount(dependent);
            }
        }
        return value;
    }

    /** The longest path through each task: the longest path to its start plus its bottom level. */
    private static long[] throughLevels(TaskGraph graph, long[] levels) {
        int n = graph.size();
        long[] top = graph.topLevels();
        long[] through = new long[n];
        for (int task = 0; task < n; task++) {
            through[task] = top[task] + levels[task];
        }
        return through;
    }
}
