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

    public static Simulation simulate(TaskGraph graph, Mode mode, int agents, Waves waves) {
        requireNonNull(graph, "graph is null");
        Dispatcher dispatcher = new Dispatcher(graph, mode, agents, waves);
        IntHeap running = new IntHeap(); // keyed by finish time
        long now = 0;
        int peak = 0;
        while (true) {
            for (int task = dispatcher.next(now); task >= 0; task = dispatcher.next(now)) {
                running.add(task, now + graph.estimateMillis(task));
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
        long sequential = graph.totalWorkMillis();
        long criticalPath = dispatcher.criticalPathMillis();
        long lowerBound = Math.max(criticalPath, (sequential + agents - 1) / agents);
        return new Simulation(mode, agents, now, sequential, criticalPath, lowerBound, peak);
    }
}
