package dev.wave.engine;

import dev.wave.plan.Action;
import dev.wave.plan.Task;
import java.util.LinkedHashMap;
import java.util.Map;

/** The key a task's measured duration is remembered under, so later plans can estimate from it. Stateless. */
final class Estimates {
    private Estimates() {}

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
