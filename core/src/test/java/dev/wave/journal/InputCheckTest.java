package dev.wave.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.plan.Action;
import dev.wave.plan.Plan;
import dev.wave.plan.Task;
import dev.wave.run.ExecutionResult;
import dev.wave.run.RunEvent;
import dev.wave.run.TaskExecutor;
import dev.wave.run.TaskRecord;
import dev.wave.schedule.TaskState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class InputCheckTest {
    @TempDir
    Path repo;

    private final Plan plan = Plan.of("test", List.of(Task.shell("make", "x", List.of()), Task.shell("use", "x", List.of("make"))));

    private static TaskRecord ended(TaskState state) {
        return new TaskRecord(0, "make", 1, Optional.of("I1"), state, Optional.of(Instant.EPOCH),
                Optional.of(Instant.EPOCH.plusSeconds(1)), 1000, Optional.of(0), 1, "done", List.of("made.txt"));
    }

    @Test
    void dependencyWithoutCheckpoint_failsTheAttemptBeforeItStarts() throws Exception {
        try (RunStore store = RunStore.open(repo)) {
            RunJournal journal = RunJournal.start(store, RunRow.starting("r1", "goal", "test", 0, 2, 1, "flow", "{}"),
                    plan.graph(), Clock.systemUTC(), Map.of());
            TaskExecutor never = (task, directory, log) -> {
                throw new AssertionError("the task must not start");
            };

            ExecutionResult result = new InputCheck(never, journal, repo).execute(plan.task(1), repo, repo.resolve("l"));

            assertThat(result.succeeded()).isFalse();
            assertThat(result.summary()).isEqualTo(
                    "input check failed: the journal has no checkpoint of its dependency \"make\"");
        }
    }

    @Test
    void dependencyRecordedSucceeded_withItsFilesPresent_passes_andAMissingFileFails() throws Exception {
        try (RunStore store = RunStore.open(repo)) {
            RunJournal journal = RunJournal.start(store, RunRow.starting("r1", "goal", "test", 0, 2, 1, "flow", "{}"),
                    plan.graph(), Clock.systemUTC(), Map.of());
            TaskExecutor makes = (task, directory, log) -> {
                if (task.id().equals("make")) {
                    try {
                        Files.writeString(repo.resolve("made.txt"), "x");
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    return ExecutionResult.succeeded("made", List.of("made.txt", "gone.txt"));
                }
                return ExecutionResult.succeeded("used", List.of());
            };
            InputCheck check = new InputCheck(makes, journal, repo);
            check.execute(plan.task(0), repo, repo.resolve("l"));
            journal.append(new RunEvent.TaskEnded(ended(TaskState.SUCCEEDED)));
            journal.sync();

            assertThat(check.left("make")).containsExactly("made.txt");
            assertThat(check.execute(plan.task(1), repo, repo.resolve("l")).succeeded()).isTrue();

            Files.delete(repo.resolve("made.txt"));
            assertThat(check.execute(plan.task(1), repo, repo.resolve("l")).summary())
                    .isEqualTo("input check failed: 1 file that \"make\" left are gone: made.txt");
        }
    }

    @Test
    void anAgentTasksChange_landsAtItsIntegration_soAFileItDeletedIsNotOneItLeft() throws Exception {
        Plan agents = Plan.of("test", List.of(new Task("make", "x", new Action.Agent("delete old.txt, write new.txt"), List.of(),
                Optional.empty(), Optional.empty(), false, Optional.empty(), 0, Map.of()), Task.shell("use", "x", List.of("make"))));
        Files.writeString(repo.resolve("old.txt"), "x");
        try (RunStore store = RunStore.open(repo)) {
            RunJournal journal = RunJournal.start(store, RunRow.starting("r1", "goal", "test", 0, 2, 1, "flow", "{}"),
                    agents.graph(), Clock.systemUTC(), Map.of());
            InputCheck check = new InputCheck((task, directory, log) -> task.id().equals("make")
                    ? ExecutionResult.succeeded("changed in its worktree", List.of("new.txt", "old.txt"))
                    : ExecutionResult.succeeded("used", List.of()), journal, repo);
            check.execute(agents.task(0), repo, repo.resolve("l"));
            journal.append(new RunEvent.TaskEnded(ended(TaskState.SUCCEEDED)));
            journal.sync();
            Files.delete(repo.resolve("old.txt")); // the integration
            Files.writeString(repo.resolve("new.txt"), "x");

            assertThat(check.execute(agents.task(1), repo, repo.resolve("l")).succeeded()).isTrue();
            assertThat(check.left("make")).containsExactly("new.txt");
            Files.delete(repo.resolve("new.txt"));
            assertThat(check.check(agents.task(1))).contains("1 file that \"make\" left are gone: new.txt");
        }
    }

    @Test
    void dependencyRecordedFailed_failsTheCheck() throws Exception {
        try (RunStore store = RunStore.open(repo)) {
            RunJournal journal = RunJournal.start(store, RunRow.starting("r1", "goal", "test", 0, 2, 1, "flow", "{}"),
                    plan.graph(), Clock.systemUTC(), Map.of());
            journal.append(new RunEvent.TaskEnded(ended(TaskState.FAILED)));
            journal.sync();

            assertThat(new InputCheck((task, directory, log) -> ExecutionResult.succeeded("", List.of()), journal, repo)
                    .check(plan.task(1))).contains("its dependency \"make\" is recorded as failed, not succeeded");
        }
    }
}
