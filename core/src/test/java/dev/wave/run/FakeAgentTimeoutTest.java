package dev.wave.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.agent.AgentInvocation;
import dev.wave.plan.Task;
import dev.wave.request.SandboxMode;
import dev.wave.sandbox.Sandbox;
import dev.wave.sandbox.SandboxPolicy;
import dev.wave.testing.FakeAgents;
import dev.wave.testing.FakeAgents.Script;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A slow agent (a fake that hangs with a background child) started with wave's command line under
 * the shell task runner: the timeout kills it and its whole process tree, as for any shell task.
 */
@Timeout(60)
final class FakeAgentTimeoutTest {
    @TempDir
    Path directory;

    @ParameterizedTest
    @ValueSource(strings = {"claude", "codex", "aider"})
    void aSlowAgent_isKilledOnTimeout_withItsProcessTree(String agent) throws Exception {
        FakeAgents fakes = FakeAgents.install(directory.resolve("bin"));
        Path work = Files.createDirectories(directory.resolve("work"));
        Path pidFile = directory.resolve("child.pid");
        List<String> command = fakes.command(agent,
                AgentInvocation.of("Take your time", Files.writeString(directory.resolve("prompt.md"), "Take your time\n"), work));
        Map<String, String> env = new HashMap<>(Script.SLOW.environment());
        env.put("WAVE_FAKE_AGENT_PID_FILE", pidFile.toString());
        Task task = new Task("agent", "agent", new dev.wave.plan.Action.Shell(shellWords(command)), List.of(),
                Optional.empty(), Optional.empty(), false, Optional.empty(), 0, env).withTimeout(Duration.ofSeconds(1));

        // Process groups: the fakes and their pid file live outside the work directory, which bubblewrap would hide.
        TaskExecutor shell = TaskExecutor.shell(Sandbox.of(new SandboxPolicy(SandboxMode.OFF, false)));
        ExecutionResult result = shell.execute(task, work, directory.resolve("agent.log"));

        assertThat(result.succeeded()).isFalse();
        assertThat(result.summary()).isEqualTo("timed out after 1.0s; its processes were killed");
        assertThat(pidFile).as("the fake started its background child before the timeout").exists();
        long child = Long.parseLong(Files.readString(pidFile).trim());
        Optional<ProcessHandle> process = ProcessHandle.of(child);
        if (process.isPresent()) {
            process.get().onExit().get(5, TimeUnit.SECONDS); // killing is asynchronous: bounded wait for the reaping
        }
        assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive)).as("child %d", child).isNotEqualTo(Optional.of(true));
    }

    private static String shellWords(List<String> words) {
        return words.stream().map(word -> "'" + word.replace("'", "'\\''") + "'").collect(Collectors.joining(" "));
    }
}
