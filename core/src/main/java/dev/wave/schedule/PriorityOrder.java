package dev.wave.schedule;

import static java.util.Objects.requireNonNull;

import dev.wave.plan.TaskGraph;
import java.util.Arrays;

/**
 * A static priority order of a plan's tasks: among the tasks that may start, the one with the
 * smallest key starts first, ties in plan order. The {@link Dispatcher} follows it; the
 * {@link OrderSearch} picks the order whose simulated schedule is shortest. Immutable.
 */
public final class PriorityOrder {
    /** The rule of plain list scheduling: the longest estimated path to the end of the plan first. */
    public static final String LONGEST_PATH_FIRST = "longest path first";

    private final String rule;
    private final long[] keys;
    private final int[] sequence; // strict orders only: the tasks in the order they must start

    private PriorityOrder(String rule, long[] keys, int[] sequence) {
        this.rule = requireNonNull(rule, "rule is null");
        this.keys = keys;
        this.sequence = sequence;
    }

    private PriorityOrder(String rule, long[] keys) {
        this(rule, keys, null);
    }

    /**
     * A strict start order: tasks start one after another in this sequence, each as soon as its
     * dependencies are done and an agent is free, and no task overtakes the one before it, so an
     * agent may wait for a task about to become ready. Such a schedule can beat every order where
     * agents never wait. The sequence is {@code keys}' order made consistent with the dependencies
     * (among the tasks whose dependencies come earlier, the smallest key next).
     */
    public static PriorityOrder strict(String rule, TaskGraph graph, long[] keys) {
        requireNonNull(graph, "graph is null");
        int n = graph.size();
        if (keys.length != n) {
            throw new IllegalArgumentException("the order has " + keys.length + " keys for " + n + " tasks");
        }
        int[] waiting = new int[n];
        IntHeap free = new IntHeap();
        for (int task = 0; task < n; task++) {
            waiting[task] = graph.dependencyCount(task);
            if (waiting[task] == 0) {
                free.add(task, keys[task]);
            }
        }
        int[] sequence = new int[n];
        long[] position = new long[n];
        for (int k = 0; k < n; k++) {
            int task = free.poll();
            sequence[k] = task;
            position[task] = k;
            for (int d = 0; d < graph.dependentCount(task); d++) {
                int dependent = graph.dependent(task, d);
                if (--waiting[dependent] == 0) {
                    free.add(dependent, keys[dependent]);
                }
            }
        }
        return new PriorityOrder(rule, position, sequence);
    }

    /** Whether tasks must start in sequence ({@link #strict}). */
    public boolean isStrict() {
        return sequence != null;
    }

    /** The task at place {@code k} of a strict order's sequence. */
    int inSequence(int k) {
        return sequence[k];
    }

    /** Longest remaining path (bottom level) first, ties in plan order: wave's default rule. */
    public static PriorityOrder longestPathFirst(TaskGraph graph) {
        long[] levels = requireNonNull(graph, "graph is null").bottomLevels();
        for (int task = 0; task < levels.length; task++) {
            levels[task] = -levels[task];
        }
        return new PriorityOrder(LONGEST_PATH_FIRST, levels);
    }

    /**
     * An order by explicit keys: the smallest key first, ties in plan order.
     *
     * @param rule how the order was made, for the analysis
     * @param keys one key per task; copied
     */
    public static PriorityOrder of(String rule, long[] keys) {
        return new PriorityOrder(rule, requireNonNull(keys, "keys is null").clone());
    }

    /** Wraps keys the caller will not change again. */
    static PriorityOrder owning(String rule, long[] keys) {
        return new PriorityOrder(rule, keys);
    }

    /** The same order under another name. */
    PriorityOrder named(String newRule) {
        return new PriorityOrder(newRule, keys, sequence);
    }

    public String rule() {
        return rule;
    }

    public int size() {
        return keys.length;
    }

    /** The key of {@code task}: smaller starts first. */
    public long key(int task) {
        return keys[task];
    }

    /** Whether this order ranks every pair of tasks as {@code other} does. */
    boolean sameOrderAs(PriorityOrder other) {
        return Arrays.equals(keys, other.keys);
    }

    @Override
    public String toString() {
        return "PriorityOrder[" + rule + (isStrict() ? ", strict" : "") + ", " + keys.length + " tasks]";
    }
}
