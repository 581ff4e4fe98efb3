package dev.wave.report;

import static java.util.Objects.requireNonNull;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The measured critical path of a run: the chain of dependent tasks whose measured durations add up
 * to the most. No schedule of those durations, on any number of agents, ends sooner. Immutable.
 *
 * @param millis the chain's total measured duration
 * @param tasks the chain's task ids, first to last; empty when no task ran
 */
record MeasuredPath(long millis, List<String> tasks) {
    MeasuredPath {
        tasks = List.copyOf(tasks);
    }

    /** One task of the plan: its id, what it depends on, and how long it took (0 if it never ran). */
    record Node(String id, List<String> dependsOn, long millis) {
        Node {
            requireNonNull(id, "id is null");
            dependsOn = List.copyOf(dependsOn);
        }
    }

    /** The longest chain among {@code nodes}, in O(tasks + dependencies); unknown dependencies are ignored. */
    static MeasuredPath of(List<Node> nodes) {
        int n = nodes.size();
        Map<String, Integer> index = new HashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
            index.put(nodes.get(i).id(), i);
        }
        List<List<Integer>> dependents = new ArrayList<>(n);
        int[] waiting = new int[n];
        for (int i = 0; i < n; i++) {
            dependents.add(new ArrayList<>(2));
        }
        for (int i = 0; i < n; i++) {
            for (String dependency : nodes.get(i).dependsOn()) {
                Integer from = index.get(dependency);
                if (from != null) {
                    dependents.get(from).add(i);
                    waiting[i]++;
                }
            }
        }
        long[] finish = new long[n];
        int[] previous = new int[n];
        ArrayDeque<Integer> ready = new ArrayDeque<>();
        for (int i = 0; i < n; i++) {
            previous[i] = -1;
            if (waiting[i] == 0) {
                ready.add(i);
            }
        }
        int best = -1;
        while (!ready.isEmpty()) {
            int task = ready.poll();
            finish[task] += nodes.get(task).millis();
            if (best < 0 || finish[task] > finish[best]) {
                best = task;
            }
            for (int next : dependents.get(task)) {
                if (previous[next] < 0 || finish[task] > finish[next]) {
                    finish[next] = finish[task];
                    previous[next] = task;
                }
                if (--waiting[next] == 0) {
                    ready.add(next);
                }
            }
        }
        if (best < 0 || finish[best] == 0) {
            return new MeasuredPath(0, List.of());
        }
        List<String> chain = new ArrayList<>();
        for (int task = best; task >= 0; task = previous[task]) {
            chain.add(nodes.get(task).id());
        }
        Collections.reverse(chain);
        return new MeasuredPath(finish[best], chain);
    }
}
