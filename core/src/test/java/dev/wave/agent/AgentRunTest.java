package dev.wave.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wave.sandbox.TaskProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

final class AgentRunTest {
    @TempDir
    Path directory;

    private final List<TaskProcess> started = new ArrayList<>();

    @AfterEach
    void killWhatWasStarted() {
        started.forEach(TaskProcess::kill);
    }

    @Test
    @Timeout(30)
    void aLogThatCannotBeOpened_killsTheStartedProcessTree_andSaysWhy() throws Exception {
        Path pidFile = directory.resolve("child.pid");
        Path log = Files.createDirectory(directory.resolve("task.log")); // a directory: no log can be opened there
        AgentLauncher recording = (command, workDirectory, environment) -> {
            TaskProcess task = AgentLauncher.direct().start(command, workDirectory, environment);
            started.add(task);
            return task;
        };
        // a process with a child of its own, both of which would run for five minutes
        List<String> command = List.of("sh", "-c", "sleep 300 & echo $! > " + pidFile + "; wait");

        assertThatThrownBy(() -> AgentRun.run(recording, command, directory, Map.of("PATH", System.getenv("PATH")),
                Optional.empty(), log, Secrets.from(Map.of()), AgentStream.plain(), progress -> { }))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("cannot write its log " + log + " (")
                .hasMessageEndingWith("); its process was stopped");

        Process process = started.get(0).process();
        assertThat(process.onExit().get(20, TimeUnit.SECONDS).isAlive()).isFalse();
        // the child, if the shell got as far as starting it, went with it (the whole process group is killed)
        if (Files.exists(pidFile) && !Files.readString(pidFile).isBlank()) {
            Optional<ProcessHandle> child = ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip()));
            if (child.isPresent()) {
                child.get().onExit().get(20, TimeUnit.SECONDS);
            }
        }
    }
}
