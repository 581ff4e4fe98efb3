package dev.wave.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.request.SandboxMode;
import dev.wave.testing.Processes;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Without bubblewrap: what a task leaves running is killed when it ends, and only what is its own. */
final class TaskProcessTest {
    @TempDir
    Path directory;

    private final String leftover = Processes.token();
    private final String other = Processes.token();

    @AfterEach
    void cleanUp() {
        Processes.kill(leftover);
        Processes.kill(other);
    }

    private ProcessBuilder builder() {
        return new ProcessBuilder().directory(directory.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD);
    }

    @Test
    @Timeout(30)
    void reap_killsTheTasksLeftovers_startedAfterAnotherTasksProcess_andLeavesThatTaskRunning() throws Exception {
        Sandbox sandbox = Sandbox.of(new SandboxPolicy(SandboxMode.OFF, false), "reap-test");
        // The task waits for a line, so that the other task's first process gets a pid between its own and its leftover's.
        TaskProcess task = sandbox.start(builder().redirectOutput(ProcessBuilder.Redirect.DISCARD),
                List.of("sh", "-c", "read line; (setsid sleep " + leftover + " &)"), "task", false);
        TaskProcess running = sandbox.start(builder().redirectOutput(ProcessBuilder.Redirect.DISCARD),
                List.of("sleep", other), "other", false);
        try (OutputStream in = task.process().getOutputStream()) {
            in.write("go\n".getBytes(StandardCharsets.UTF_8));
        }
        task.process().waitFor();
        Processes.awaitAtLeast(leftover, 1);

        task.reap();

        assertThat(Processes.with(leftover)).isEmpty();
        assertThat(running.process().isAlive()).isTrue();
        running.kill();
        assertThat(Processes.with(other)).isEmpty();
    }
}
