package dev.wave.action;

import dev.wave.plan.Action;
import dev.wave.plan.FileAction;
import dev.wave.plan.PlanLoader;
import dev.wave.plan.Task;
import dev.wave.run.ExecutionResult;
import dev.wave.testing.SampleRepo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Runs one action, written as in a plan file, on a sample repository. */
final class Actions {
    private Actions() {}

    /** The action of a one-task plan whose task has {@code action: <yaml>}. */
    static FileAction parse(String yaml) {
        Action action = PlanLoader.parse("plan.yaml", "tasks:\n  - id: t\n    action: " + yaml + "\n", false).task(0).action();
        return ((Action.Builtin) action).fileAction();
    }

    static Task task(FileAction action) {
        return new Task("t", "t", new Action.Builtin(action), List.of(), Optional.empty(), Optional.empty(), false,
                Optional.empty(), 0, Map.of());
    }

    static ExecutionResult run(SampleRepo sample, String yaml) {
        return run(BuiltinActions.create(), sample.repo, sample.base.resolve("task.log"), parse(yaml));
    }

    static ExecutionResult run(BuiltinActions actions, Path repo, Path log, FileAction action) {
        try {
            return actions.execute(task(action), repo, log);
        } catch (InterruptedException e) {
            throw new AssertionError("interrupted", e);
        }
    }

    static List<String> log(SampleRepo sample) {
        try {
            return Files.readAllLines(sample.base.resolve("task.log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Repository-relative paths as the sample's snapshot names them. */
    static List<String> inRepo(String... paths) {
        return java.util.Arrays.stream(paths).map(path -> "repo/" + path).toList();
    }
}
