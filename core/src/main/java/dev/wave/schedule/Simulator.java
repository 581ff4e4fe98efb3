package dev.wave.schedule;

import static java.util.Objects.requireNonNull;

import dev.wave.plan.TaskGraph;

/**
 * Runs the {@link Dispatcher} on a virtual clock: the estimate of wave's real schedule. The entry
 * point of the {@code schedule} package. Stateless and thread-safe; O(n log n) time, O(n) memory.
 */
public final class Simulator {
    private Simulator() {}

    public static Simulation simulate(TaskGraph graph, Mode mode, int agents) {
        return simulate(graph, mode, agents, Waves.of(graph));
    }

    /** The schedule of the default order, longest remaining path first. */
    public static Simulation simulate(TaskGraph graph, Mode mode, int agents, Waves waves) {
        long[] levels = requireNonNull(graph, "graph is null").bottomLevels();
        long criticalPath = 0;
        for (int task = 0; task < levels.length; task++) {
            criticalPath = Math.max(criticalPath, levels[task]);
            levels[task] = -levels[task];
        }
        return simulate(graph, mode, agents, waves, PriorityOrder.owning(PriorityOrder.LONGEST_PATH_FIRST, levels), criticalPath);
    }

    /** The schedule of a dispatcher that follows {@code order}. */
    public static Simulation simulate(TaskGraph graph, Mode mode, int agents, Waves waves, PriorityOrder order) {
        return simulate(graph, mode, agents, waves, order, requireNonNull(graph, "graph is null").criticalPathMillis());
    }

    /**
     * The schedule of the default order, longest remaining path first, under the concurrency caps {@code caps}, as
     * the run applies them.
     */
    public static Simulation simulate(TaskGraph graph, Mode mode, int agents, Waves waves, CapGroups caps) {
        long[] levels = requireNonNull(graph, "graph is null").bottomLevels();
        long criticalPath = 0;
        for (int task = 0; task < levels.length; task++) {
            criticalPath = Math.max(criticalPath, levels[task]);
            levels[task] = -levels[task];
        }
        return simulate(graph, mode, agents, waves, PriorityOrder.owning(PriorityOrder.LONGEST_PATH_FIRST, levels),
                criticalPath, requireNonNull(caps, "caps is null"));
    }

    /** The schedule of a dispatcher that follows {@code order} under the concurrency caps {@code caps}. */
    public static Simulation simulate(TaskGraph graph, Mode mode, int agents, Waves waves, PriorityOrder order,
            CapGroups caps) {
        return simulate(graph, mode, agents, waves, order, requireNonNull(graph, "graph is null").criticalPathMillis(),
                requireNonNull(caps, "caps is null"));
    }

    private static Simulation simulate(TaskGraph graph, Mode mode, int agents, Waves waves, PriorityOrder order,
            long criticalPath) {
        return simulate(graph, mode, agents, waves, order, criticalPath, CapGroups.none());
    }

    private static Simulation simulate(TaskGraph graph, Mode mode, int agents, Waves waves, PriorityOrder order,
            long criticalPath, CapGroups caps) {
        Trace trace = trace(graph, mode, agents, waves, order, caps, null, null);
        return new Simulation(mode, agents, trace.makespan(), graph.totalWorkMillis(), criticalPath,
                lowerBoundMillis(graph, agents, criticalPath, caps), trace.peak());
    }

    /** No schedule is shorter than the critical path, the work over the agents, or a capped group's work over its cap. */
    static long lowerBoundMillis(TaskGraph graph, int agents, long criticalPath, CapGroups caps) {
        return Math.max(Math.max(criticalPath, (graph.totalWorkMillis() + agents - 1) / agents), caps.lowerBoundMillis(graph));
    }

    /**
     * When each task ends in the schedule of the default order under the caps {@code caps}, ascending: what the
     * live ETA counts down.
     */
    public static long[] ends(TaskGraph graph, Mode mode, int agents, Waves waves, CapGroups caps) {
        requireNonNull(graph, "graph is null");
        long[] ends = new long[graph.size()];
        trace(graph, mode, agents, waves, PriorityOrder.longestPathFirst(graph), requireNonNull(caps, "caps is null"), ends,
                null);
        for (int task = 0; task < ends.length; task++) {
            ends[task] += graph.estimateMillis(task);
        }
        java.util.Arrays.sort(ends);
        return ends;
    }

    /** The makespan and peak concurrency of one simulated run. */
    record Trace(long makespan, int peak) {}

    /**
     * Simulates the dispatcher following {@code order}.
     *
     * @param starts receives each task's simulated start time when not null
     * @param sequence receives each task's place in the order of starts (0 first) when not null
     */
    static Trace trace(TaskGraph graph, Mode mode, int agents, Waves waves, PriorityOrder order, long[] starts,
            int[] sequence) {
        return trace(graph, mode, agents, waves, order, CapGroups.none(), starts, sequence);
    }

    /** As {@link #trace(TaskGraph, Mode, int, Waves, PriorityOrder, long[], int[])}, under the caps {@code caps}. */
    static Trace trace(TaskGraph graph, Mode mode, int agents, Waves waves, PriorityOrder order, CapGroups caps,
            long[] starts, int[] sequence) {
        Dispatcher dispatcher = new Dispatcher(graph, mode, agents, waves, order);
        caps.applyTo(dispatcher);
        IntHeap running = new IntHeap(); // keyed by finish time
        long now = 0;
        int peak = 0;
        int started = 0;
        while (true) {
            for (int task = dispatcher.next(now); task >= 0; task = dispatcher.next(now)) {
                running.add(task, now + graph.estimateMillis(task));
                if (starts != null) {
                    starts[task] = now;
                }
                if (sequence != null) {
                    sequence[task] = started;
                }
                started++;
            }
            peak = Math.max(peak, running.size());
            if (running.isEmpty()) {
                break;
            }
            now = running.peekKey();
            dispatcher.succeeded(running.poll());
            while (!running.isEmpty() && running.peekKey() == now) {
                dispatcher.succeeded(running.poll());
            }
        }
        if (!dispatcher.isFinished()) {
            throw new IllegalStateException("simulation stalled with tasks left; the dispatcher lost a task");
        }
        return new Trace(now, peak);
    }
}
