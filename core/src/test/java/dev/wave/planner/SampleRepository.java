package dev.wave.planner;

import dev.wave.plan.Action;
import dev.wave.testing.Builtins;
import dev.wave.plan.Plan;
import dev.wave.plan.Task;
import dev.wave.scale.Limits;
import dev.wave.scale.Machine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/** Builds sample repositories for planner tests, and reads plans back. */
final class SampleRepository {
    static final Machine WORKSTATION = new Machine(8, 64L << 30, Optional.empty());

    private final Path root;

    SampleRepository(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    SampleRepository file(String path, String content) {
        try {
            Path file = root.resolve(path);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    SampleRepository bytes(String path, byte[] content) {
        try {
            Path file = root.resolve(path);
            Files.createDirectories(file.getParent());
            Files.write(file, content);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    SampleRepository directory(String path) {
        try {
            Files.createDirectories(root.resolve(path));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    SampleRepository link(String path, Path target) {
        try {
            Path link = root.resolve(path);
            Files.createDirectories(link.getParent());
            Files.createSymbolicLink(link, target);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    GeneratedPlan plan(String goal) {
        return plan(goal, Limits.automatic());
    }

    GeneratedPlan plan(String goal, Limits limits) {
        return Planner.heuristic().plan(new Goal(goal, root, limits, WORKSTATION));
    }

    /** Plans the goal and runs its built-in tasks in the plan's order, as a run would, writing their logs in {@code logs}. */
    GeneratedPlan runBuiltins(String goal, Path logs) throws InterruptedException {
        GeneratedPlan generated = plan(goal);
        dev.wave.action.BuiltinActions actions = dev.wave.action.BuiltinActions.create();
        for (Task task : generated.plan().tasks()) {
            if (task.action() instanceof Action.Builtin) {
                dev.wave.run.ExecutionResult result = actions.execute(task, root, logs.resolve(task.id() + ".log"));
                if (!result.succeeded()) {
                    throw new AssertionError(task.id() + ": " + result.summary());
                }
            }
        }
        return generated;
    }

    static byte[] binary(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        byte[] withNul = new byte[bytes.length + 2];
        System.arraycopy(bytes, 0, withNul, 1, bytes.length);
        return withNul;
    }

    /** The tasks whose built-in action is {@code name}. */
    static List<Task> builtins(Plan plan, String name) {
        List<Task> tasks = new ArrayList<>();
        for (Task task : plan.tasks()) {
            if (task.action() instanceof Action.Builtin builtin && builtin.fileAction().name().equals(name)) {
                tasks.add(task);
            }
        }
        return tasks;
    }

    /** Every path of every built-in action named {@code name}, sorted. */
    static List<String> paths(Plan plan, String name) {
        TreeSet<String> paths = new TreeSet<>();
        for (Task task : builtins(plan, name)) {
            for (String path : Builtins.paths(task.action())) {
                paths.add(path);
            }
        }
        return new ArrayList<>(paths);
    }

    static Task task(Plan plan, String id) {
        return plan.task(plan.graph().indexOf(id));
    }

    static String prompt(Plan plan, String id) {
        return ((Action.Agent) task(plan, id).action()).prompt();
    }
}
