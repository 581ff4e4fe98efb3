package dev.wave.bench;

import dev.wave.plan.TaskGraph;
import java.util.ArrayDeque;
import java.util.PriorityQueue;

/**
 * A reference list scheduler for the bench table only: ready tasks start first come, first served
 * (what most runners without priorities do). Not wave's policy; wave's is {@code Dispatcher}.
 */
final class Fifo {
    private Fifo() {}

    static long makespan(TaskGraph graph, int agents) {
        int n = graph.size();
        int[] remaining = new int[n];
        ArrayDeque<Integer> ready = new ArrayDeque<>();
        for (int task = 0; task < n; task++) {
            remaining[task] = graph.dependencyCount(task);
            if (remaining[task] == 0) {
                ready.add(task);
            }
        }
        PriorityQueue<long[]> running = new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));
        long now = 0;
        while (!ready.isEmpty() || !running.isEmpty()) {
            while (running.size() < agents && !ready.isEmpty()) {
                int task = ready.poll();
                running.add(new long[] {now + graph.estimateMillis(task), task});
            }
            long[] ended = running.poll();
            now = ended[0];
            release(graph, (int) ended[1], remaining, ready);
            while (!running.isEmpty() && running.peek()[0] == now) {
                release(graph, (int) running.poll()[1], remaining, ready);
            }
        }
        return now;
    }

    private static void release(TaskGraph graph, int task, int[] remaining, ArrayDeque<Integer> ready) {
        for (int k = 0; k < graph.dependentCount(task); k++) {
            int dependent = graph.dependent(task, k);
            if (--remaining[dependent] == 0) {
                ready.add(dependent);
            }
        }
    }
}
