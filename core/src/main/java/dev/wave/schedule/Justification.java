package dev.wave.schedule;

import dev.wave.plan.TaskGraph;

/**
 * Forward-backward improvement (double justification) of a schedule, the classic repair of
 * resource-constrained project scheduling: every task is pushed as late as it can go, latest end
 * first, on the reversed graph, which packs the schedule against its end; the order of starts of
 * that packed schedule, run forward again as a {@linkplain PriorityOrder#strict strict order},
 * packs it against its start. The result is never longer than the schedule it came from when
 * every task takes its estimate, and often shorter, with agents waiting where that pays.
 * Stateless; utility class.
 */
final class Justification {
    private Justification() {}

    /**
     * Keys for the forward pass: the order of starts of {@code starts}' schedule pushed against its end.
     *
     * @param starts each task's start in the schedule to improve
     */
    static long[] keys(TaskGraph graph, int agents, long[] starts) {
        int n = graph.size();
        long[] levels = new long[n];
        for (int p = 0; p < n; p++) {
            levels[graph.topologicalTask(p)] = p; // ties by topological place keep the sequences consistent
        }
        // Backward: latest end first, each task as soon as its dependents (on the reversed clock) have ended.
        IntHeap byEnd = new IntHeap();
        for (int task = 0; task < n; task++) {
            // Largest end first; among equal ends, the later topological place first.
            byEnd.add(task, -((starts[task] + graph.estimateMillis(task)) * (long) n + levels[task]));
        }
        long[] reversedEnd = new long[n];
        IntHeap running = new IntHeap(); // reversed end times of the tasks started so far
        long previousStart = 0;
        while (!byEnd.isEmpty()) {
            int task = byEnd.poll();
            long at = previousStart;
            for (int k = 0; k < graph.dependentCount(task); k++) {
                at = Math.max(at, reversedEnd[graph.dependent(task, k)]);
            }
            at = freeAgent(running, agents, at);
            reversedEnd[task] = at + graph.estimateMillis(task);
            running.add(task, reversedEnd[task]);
            previousStart = at;
        }
        // Forward order: the packed schedule's starts, earliest first = the reversed ends, latest first.
        long[] keys = new long[n];
        for (int task = 0; task < n; task++) {
            keys[task] = -(reversedEnd[task] * (long) n) + levels[task];
        }
        return keys;
    }

    /** The earliest time from {@code at} when fewer than {@code agents} of the started tasks still run. */
    private static long freeAgent(IntHeap running, int agents, long at) {
        long time = at;
        while (!running.isEmpty() && running.peekKey() <= time) {
            running.poll();
        }
        while (running.size() >= agents) {
            time = Math.max(time, running.peekKey());
            running.poll();
            while (!running.isEmpty() && running.peekKey() <= time) {
                running.poll();
            }
        }
        return time;
    }
}
