package dev.wave.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wave.journal.Json;
import dev.wave.plan.Action;
import dev.wave.plan.FileAction;
import dev.wave.plan.PlanLoader;
import java.util.List;
import java.util.Map;

/** Built-in actions for tests, written as a plan file would write them and read by the real loader. */
public final class Builtins {
    private Builtins() {}

    /** The action a plan file gives as {@code action: {name: NAME, ...parameters}}. */
    public static Action action(String name, Map<String, Object> parameters) {
        ObjectNode task = Json.object().put("id", "t");
        ObjectNode action = task.putObject("action").put("name", name);
        parameters.forEach((key, value) -> action.set(key, Json.MAPPER.valueToTree(value)));
        ObjectNode plan = Json.object();
        plan.putArray("tasks").add(task);
        return PlanLoader.parse("test", plan.toString(), true).task(0).action();
    }

    /** The explicit paths of a built-in action's scope (empty for actions without one). */
    public static List<String> paths(Action action) {
        FileAction file = ((Action.Builtin) action).fileAction();
        if (file instanceof FileAction.Delete delete) {
            return delete.scope().paths();
        } else if (file instanceof FileAction.Replace replace) {
            return replace.scope().paths();
        } else if (file instanceof FileAction.Find find) {
            return find.scope().paths();
        } else if (file instanceof FileAction.Rename rename) {
            return rename.scope().paths();
        } else if (file instanceof FileAction.Move move) {
            return move.scope().paths();
        } else if (file instanceof FileAction.RemoveEmptyDirs remove) {
            return remove.under();
        }
        throw new AssertionError(file);
    }
}
