package dev.wave.safety;

import dev.wave.plan.Plan;
import dev.wave.plan.Task;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The critical tasks found in a plan, in plan order. Immutable.
 *
 * <p>Each runs in a wave of its own with nothing else running, after a backup of the repository, and is
 * followed by its verify command; a rollback script for it is written to the run directory; and it
 * runs only when approved ({@code --approve-critical}, or yes to the question).
 */
public record CriticalTasks(List<CriticalTask> tasks) {
    public CriticalTasks {
        tasks = List.copyOf(tasks);
    }

    public static CriticalTasks none() {
        return new CriticalTasks(List.of());
    }

    public boolean isEmpty() {
        return tasks.isEmpty();
    }

    public int size() {
        return tasks.size();
    }

    public Optional<CriticalTask> find(String id) {
        return tasks.stream().filter(task -> task.id().equals(id)).findFirst();
    }

    /** The plan with every one of these tasks marked critical, so the scheduler isolates them. */
    public Plan mark(Plan plan) {
        if (tasks.isEmpty()) {
            return plan;
        }
        java.util.Set<String> ids = new java.util.HashSet<>();
        tasks.forEach(task -> ids.add(task.id()));
        List<Task> marked = new ArrayList<>(plan.size());
        boolean changed = false;
        for (Task task : plan.tasks()) {
            boolean critical = ids.contains(task.id());
            changed |= critical && !task.critical();
            marked.add(critical ? task.withCritical(true) : task);
        }
        return changed ? plan.withTasks(marked) : plan;
    }

    /** Prints the tasks and their reasons for people; nothing when there are none. */
    public void print(PrintWriter out) {
        if (tasks.isEmpty()) {
            return;
        }
        out.printf("%nCritical tasks (%d): each runs alone, after a backup, followed by its verify command, and needs approval%n",
                tasks.size());
        for (CriticalTask task : tasks) {
            out.printf("  %s: %s%n", task.id(), String.join("; ", task.reasons()));
        }
        out.flush();
    }
}
