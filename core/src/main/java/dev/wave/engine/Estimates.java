package dev.wave.engine;

import dev.wave.git.Git;
import dev.wave.journal.RunStore;
import dev.wave.plan.Action;
import dev.wave.plan.Plan;
import dev.wave.plan.Task;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Estimates that learn: the key a task's measured duration is remembered under in the journal, and
 * the estimates later plans take from those measurements. Stateless.
 */
final class Estimates {
    /** How many recent measurements of a key make its estimate (their median). */
    static final int RECENT = 20;
    /** How many measurements are read from the journal at most. */
    static final int READ_LIMIT = 50_000;

    private Estimates() {}

    /**
     * A plan and the ids of the tasks whose estimates came from history.
     */
    record Learned(Plan plan, List<String> fromHistory) {}

    /**
     * Takes estimates from the durations earlier runs of this repository measured (the median of the last
     * {@value #RECENT} of the same command, action or role): for every task when {@code replaceAll} (a
     * generated plan, whose own estimates are guesses), else only for tasks without an estimate.
     * Reads the journal when there is one; changes nothing.
     */
    static Learned fromHistory(Plan plan, Path repository, boolean replaceAll) {
        Path root = Git.open(repository).map(Git::root).orElse(repository);
        if (!RunStore.exists(root)) {
            return new Learned(plan, List.of());
        }
        Map<String, List<Long>> measured = new HashMap<>();
        try (RunStore store = RunStore.openToRead(root)) {
            for (String[] row : store.durations(READ_LIMIT)) {
                List<Long> durations = measured.computeIfAbsent(row[0], key -> new ArrayList<>());
                if (durations.size() < RECENT) {
                    durations.add(Long.parseLong(row[1]));
                }
            }
        } catch (RuntimeException e) {
            return new Learned(plan, List.of()); // an unreadable journal teaches nothing; the plan keeps its estimates
        }
        List<Task> tasks = new ArrayList<>(plan.size());
        List<String> learned = new ArrayList<>();
        for (Task task : plan.tasks()) {
            List<Long> durations = measured.get(key(task));
            if (durations != null && (replaceAll || task.estimate().isEmpty())) {
                List<Long> sorted = new ArrayList<>(durations);
                sorted.sort(null);
                tasks.add(task.withEstimate(Duration.ofMillis(Math.max(1, sorted.get(sorted.size() / 2)))));
                learned.add(task.id());
            } else {
                tasks.add(task);
            }
        }
        return learned.isEmpty() ? new Learned(plan, List.of()) : new Learned(plan.withTasks(tasks), learned);
    }

    /** {@code run:<command>}, {@code action:<description>}, or {@code role:<role>} for an agent. */
    static String key(Task task) {
        Action action = task.action();
        if (action instanceof Action.Shell shell) {
            return "run:" + shell.command();
        }
        if (action instanceof Action.Builtin builtin) {
            return "action:" + builtin.fileAction().describe();
        }
        if (action instanceof Action.Agent) {
            return "role:" + task.role().orElse("agent");
        }
        throw new AssertionError(action);
    }

    static Map<String, String> keys(Iterable<Task> tasks) {
        Map<String, String> keys = new LinkedHashMap<>();
        for (Task task : tasks) {
            keys.put(task.id(), key(task));
        }
        return keys;
    }
}
