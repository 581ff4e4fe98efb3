package dev.wave.plan;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * A validated plan: tasks with unique ids, known dependencies and no cycle. Build one with
 * {@link PlanLoader} or {@link #of}; both refuse anything else.
 *
 * @param source where the plan came from (a file name, or a description), used in messages
 * @param goal what the plan is for, in words (a plan file's {@code name} or {@code description}), when it says
 * @param tasks the tasks in plan order
 * @param graph the dependency graph over the tasks, indexed in plan order
 * @param criticalInPrompts whether a critical keyword in an agent task's prompt makes the task
 *     critical (a plan file's {@code critical_in_prompts}, true unless it says false); wave's planner
 *     sets it false, as its prompts all repeat the goal, so a plan it writes reads back the same
 * @param overlappingScopes whether tasks whose scopes overlap may run at the same time (a plan file's
 *     {@code overlapping_scopes: true}); by default they take turns, and the graph says which
 * @param agents the agent count the plan file asks for ({@code agents:}; {@code wave plan --out} writes the count the
 *     request asked for), which a flag overrides; empty to let wave choose
 */
public record Plan(String source, Optional<String> goal, List<Task> tasks, TaskGraph graph, boolean criticalInPrompts,
        boolean overlappingScopes, Optional<Integer> agents) {
    public Plan {
        requireNonNull(agents, "agents is null");
        requireNonNull(source, "source is null");
        requireNonNull(goal, "goal is null");
        tasks = List.copyOf(tasks);
        requireNonNull(graph, "graph is null");
        if (graph.size() != tasks.size()) {
            throw new IllegalArgumentException("graph has " + graph.size() + " tasks, plan has " + tasks.size());
        }
        if (overlappingScopes) {
            graph = graph.withoutScopeConflicts();
        }
    }

    /** A plan whose tasks with overlapping scopes take turns and that names no agent count. */
    public Plan(String source, Optional<String> goal, List<Task> tasks, TaskGraph graph, boolean criticalInPrompts) {
        this(source, goal, tasks, graph, criticalInPrompts, false, Optional.empty());
    }

    /** A plan whose prompts are read for critical keywords. */
    public Plan(String source, Optional<String> goal, List<Task> tasks, TaskGraph graph) {
        this(source, goal, tasks, graph, true);
    }

    /** A plan without a stated goal. */
    public Plan(String source, List<Task> tasks, TaskGraph graph) {
        this(source, Optional.empty(), tasks, graph);
    }

    /**
     * Validates the tasks and builds their graph.
     *
     * @throws dev.wave.WaveException of kind INVALID_INPUT naming the source, the task and the fix
     */
    public static Plan of(String source, List<Task> tasks) {
        return new Plan(source, tasks, TaskGraph.build(source, tasks));
    }

    /**
     * Validates the tasks and builds their graph, for a plan with a stated goal.
     *
     * @throws dev.wave.WaveException of kind INVALID_INPUT naming the source, the task and the fix
     */
    public static Plan of(String source, Optional<String> goal, List<Task> tasks) {
        return new Plan(source, goal, tasks, TaskGraph.build(source, tasks));
    }

    /** The same plan with other tasks (validated again), keeping its source, goal, {@code criticalInPrompts} and {@code overlappingScopes}. */
    public Plan withTasks(List<Task> tasks) {
        return new Plan(source, goal, tasks, TaskGraph.build(source, tasks), criticalInPrompts, overlappingScopes, agents);
    }

    public Plan withCriticalInPrompts(boolean criticalInPrompts) {
        return new Plan(source, goal, tasks, graph, criticalInPrompts, overlappingScopes, agents);
    }

    /** The same plan, letting tasks with overlapping scopes run at once or not. */
    public Plan withOverlappingScopes(boolean overlappingScopes) {
        if (overlappingScopes == this.overlappingScopes) {
            return this;
        }
        return new Plan(source, goal, tasks, overlappingScopes ? graph : TaskGraph.build(source, tasks), criticalInPrompts,
                overlappingScopes, agents);
    }

    /** The same plan run on {@code agents} agents unless a flag says otherwise (a plan file's {@code agents:}). */
    public Plan withAgents(Optional<Integer> agents) {
        return new Plan(source, goal, tasks, graph, criticalInPrompts, overlappingScopes, agents);
    }

    public Task task(int index) {
        return tasks.get(index);
    }

    public int size() {
        return tasks.size();
    }
}
