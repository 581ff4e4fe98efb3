package dev.wave.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.plan.Action;
import dev.wave.plan.FileAction;
import dev.wave.plan.Task;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

final class ByKindExecutorTest {
    /** Records the tasks it was given and succeeds. */
    private static final class RecordingExecutor implements TaskExecutor {
        final List<String> tasks = new ArrayList<>();

        @Override
        public synchronized ExecutionResult execute(Task task, Path workDirectory, Path log) {
            tasks.add(task.id());
            return ExecutionResult.succeeded("ok", List.of());
        }
    }

    private static Task task(String id, Action action) {
        return new Task(id, id, action, List.of(), Optional.empty(), Optional.empty(), false, Optional.empty(), 0, Map.of());
    }

    @Test
    void eachKind_goesToItsExecutor() throws Exception {
        RecordingExecutor shell = new RecordingExecutor();
        RecordingExecutor builtin = new RecordingExecutor();
        RecordingExecutor agent = new RecordingExecutor();
        TaskExecutor executor = TaskExecutor.byKind(shell, builtin, agent);

        executor.execute(task("s", new Action.Shell("true")), Path.of("."), Path.of("log"));
        executor.execute(task("b", new Action.Builtin(FileAction.RemoveEmptyDirs.wholeRepository())), Path.of("."), Path.of("log"));
        executor.execute(task("a", new Action.Agent("do it")), Path.of("."), Path.of("log"));

        assertThat(shell.tasks).containsExactly("s");
        assertThat(builtin.tasks).containsExactly("b");
        assertThat(agent.tasks).containsExactly("a");
    }

    @Test
    void refusing_failsWithItsReason() throws Exception {
        ExecutionResult result = TaskExecutor.refusing("no agents here")
                .execute(task("a", new Action.Agent("x")), Path.of("."), Path.of("log"));

        assertThat(result.succeeded()).isFalse();
        assertThat(result.summary()).isEqualTo("no agents here");
    }
}
