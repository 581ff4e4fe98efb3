package dev.wave.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.plan.Task;
import dev.wave.testing.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

final class ShellExecutorTest {
    @TempDir
    Path directory;

    private final ExecutorService threads = Executors.newCachedThreadPool();

    private final String token = Processes.token();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
        Processes.kill(token);
    }

    private ExecutionResult run(Task task) throws InterruptedException {
        return TaskExecutor.shell().execute(task, directory, directory.resolve(task.id() + ".log"));
    }

    private static Task shell(String id, String command) {
        return Task.shell(id, command, List.of());
    }

    @Test
    void exitCodeAndLastLine_areReported_andOutputGoesToTheLog() throws Exception {
        ExecutionResult result = run(shell("t", "echo first; echo second >&2; exit 3"));

        assertThat(result.succeeded()).isFalse();
        assertThat(result.exitCode()).contains(3);
        assertThat(result.summary()).isEqualTo("second");
        assertThat(Files.readString(directory.resolve("t.log"))).isEqualTo("first\nsecond\n");
    }

    @Test
    void runsInTheWorkDirectory_withTheTaskEnvironment() throws Exception {
        Task task = new Task("env", "env", new dev.wave.plan.Action.Shell("echo \"$GREETING from $(pwd) as $WAVE_TASK_ID\""),
                List.of(), Optional.empty(), Optional.empty(), false, Optional.empty(), 0, Map.of("GREETING", "hello"));

        ExecutionResult result = run(task);

        assertThat(result.succeeded()).isTrue();
        assertThat(result.summary()).isEqualTo("hello from " + directory.toRealPath() + " as env");
    }

    @Test
    @Timeout(30)
    void timeout_killsTheWholeTree_includingDetachedBackgroundChildren() throws Exception {
        // One child stays in the tree; the other is orphaned by its subshell and escapes the tree, not the group.
        Task task = shell("slow", "sleep " + token + " & (sleep " + token + " &); sleep " + token)
                .withTimeout(Duration.ofMillis(500));

        ExecutionResult result = run(task);

        assertThat(result.succeeded()).isFalse();
        assertThat(result.summary()).isEqualTo("timed out after 500ms; its processes were killed");
        assertThat(Processes.with(token)).isEmpty();
    }

    @Test
    @Timeout(30)
    void interrupt_killsTheTree_andThrows() throws Exception {
        Task task = shell("long", "sleep " + token + " & wait");
        Future<ExecutionResult> attempt = threads.submit(() -> run(task));
        Processes.awaitAtLeast(token, 1);

        attempt.cancel(true);

        Processes.awaitNone(token);
    }

    @Test
    void aTaskThatPrintsNothing_leavesNoLog_andTheNextTaskThatPrints_hasItsLog() throws Exception {
        TaskExecutor executor = TaskExecutor.shell();
        Path logs = Files.createDirectories(directory.resolve("logs"));

        ExecutionResult silent = executor.execute(shell("silent", "true"), directory, logs.resolve("silent.log"));
        ExecutionResult talking = executor.execute(shell("talking", "echo hello"), directory, logs.resolve("talking.log"));
        ExecutionResult quiet = executor.execute(shell("quiet", "exit 4"), directory, logs.resolve("quiet.log"));

        assertThat(silent.succeeded()).isTrue();
        assertThat(quiet.exitCode()).contains(4);
        assertThat(quiet.summary()).isEmpty();
        assertThat(logs.resolve("silent.log")).doesNotExist();
        assertThat(logs.resolve("quiet.log")).doesNotExist();
        assertThat(Files.readString(logs.resolve("talking.log"))).isEqualTo("hello\n");
        try (var files = Files.list(logs)) {
            assertThat(files.map(file -> file.getFileName().toString()))
                    .allMatch(name -> name.equals("talking.log") || name.startsWith(".spool-"));
        }
    }

    @Test
    void theLogExists_whileTheTaskRuns() throws Exception {
        ExecutionResult result = run(shell("live", "test -f live.log && echo present"));

        assertThat(result.summary()).isEqualTo("present");
        assertThat(Files.readString(directory.resolve("live.log"))).isEqualTo("present\n");
    }

    @Test
    void aLogThatExists_isAppendedTo() throws Exception {
        TaskExecutor executor = TaskExecutor.shell();
        Path log = directory.resolve("again.log");
        Files.writeString(log, "first attempt\n");

        executor.execute(shell("again", "true"), directory, log);
        ExecutionResult second = executor.execute(shell("again", "echo second attempt"), directory, log);

        assertThat(second.summary()).isEqualTo("second attempt");
        assertThat(Files.readString(log)).isEqualTo("first attempt\nsecond attempt\n");
    }

    @Test
    void aSpareFileThatWasWrittenTo_isLeftAlone_andTheNextSilentTaskStillLeavesNoLog() throws Exception {
        TaskExecutor executor = TaskExecutor.shell();
        Path logs = Files.createDirectories(directory.resolve("logs"));
        executor.execute(shell("first", "true"), directory, logs.resolve("first.log"));
        Path spare;
        try (var files = Files.list(logs)) {
            spare = files.filter(file -> file.getFileName().toString().startsWith(".spool-")).findFirst().orElseThrow();
        }
        // As a process that escaped its task and kept the log open would.
        Files.writeString(spare, "stray\n");

        ExecutionResult silent = executor.execute(shell("silent", "true"), directory, logs.resolve("silent.log"));
        ExecutionResult talking = executor.execute(shell("talking", "echo hello"), directory, logs.resolve("talking.log"));

        assertThat(silent.succeeded()).isTrue();
        assertThat(logs.resolve("silent.log")).doesNotExist();
        assertThat(Files.readString(spare)).isEqualTo("stray\n");
        assertThat(Files.readString(logs.resolve("talking.log"))).isEqualTo("hello\n");
    }

    @Test
    void aDanglingSymbolicLinkAtTheLogsName_isReplacedByTheLog_notFollowed() throws Exception {
        Path outside = directory.resolve("outside.txt");
        Path log = directory.resolve("linked.log");
        Files.createSymbolicLink(log, outside);

        ExecutionResult result = TaskExecutor.shell().execute(shell("linked", "echo hello"), directory, log);

        assertThat(result.summary()).isEqualTo("hello");
        assertThat(log).isRegularFile();
        assertThat(Files.isSymbolicLink(log)).isFalse();
        assertThat(outside).doesNotExist();
    }

    @Test
    void aLogDeletedWhileItsTaskRuns_leavesNoLog_andTheNextTasksStillGetTheirs() throws Exception {
        TaskExecutor executor = TaskExecutor.shell();
        Path logs = Files.createDirectories(directory.resolve("logs"));

        ExecutionResult deleting = executor.execute(shell("deleting", "rm logs/deleting.log"), directory, logs.resolve("deleting.log"));
        ExecutionResult silent = executor.execute(shell("silent", "true"), directory, logs.resolve("silent.log"));
        ExecutionResult talking = executor.execute(shell("talking", "echo hello"), directory, logs.resolve("talking.log"));

        assertThat(deleting.succeeded()).isTrue();
        assertThat(deleting.summary()).isEmpty();
        assertThat(logs.resolve("deleting.log")).doesNotExist();
        assertThat(silent.succeeded()).isTrue();
        assertThat(logs.resolve("silent.log")).doesNotExist();
        assertThat(Files.readString(logs.resolve("talking.log"))).isEqualTo("hello\n");
    }

    @Test
    void aProgramOnThePathTheTaskSets_isFound_asTheShellWouldFindIt() throws Exception {
        Path bin = Files.createDirectories(directory.resolve("bin"));
        Path hello = Files.writeString(bin.resolve("hello-" + token), "#!/bin/sh\necho custom\n");
        Files.setPosixFilePermissions(hello, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Task task = new Task("own", "own", new dev.wave.plan.Action.Shell("hello-" + token), List.of(), Optional.empty(),
                Optional.empty(), false, Optional.empty(), 0, Map.of("PATH", bin + ":/usr/bin:/bin"));

        ExecutionResult result = run(task);

        assertThat(result.succeeded()).as(result.summary()).isTrue();
        assertThat(result.summary()).isEqualTo("custom");
    }
}
