package dev.wave.plan;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A validated plan: tasks with unique ids, known dependencies and no cycle. Build one with
 * {@link PlanLoader} or {@link #of}; both refuse anything else.
 *
 * @param source where the plan came from (a file name, or a description), used in messages
 * @param tasks the tasks in plan order
 * @param graph the dependency graph over the tasks, indexed in plan order
 */
public record Plan(String source, List<Task> tasks, TaskGraph graph) {
    public Plan {
        requireNonNull(source, "source is null");
        tasks = List.copyOf(tasks);
        requireNonNull(graph, "graph is null");
        if (graph.size() != tasks.size()) {
            throw new IllegalArgumentException("graph has " + graph.size() + " tasks, plan has " + tasks.size());
        }
    }

    /**
     * Validates the tasks and builds their graph.
     *
     * @throws dev.wave.WaveException of kind INVALID_INPUT naming the source, the task and the fix
     */
    public static Plan of(String source, List<Task> tasks) {
        return new Plan(source, tasks, TaskGraph.build(source, tasks));
    }

    public Task task(int index) {
        return tasks.get(index);
    }

    public int size() {
        return tasks.size();
    }
}
