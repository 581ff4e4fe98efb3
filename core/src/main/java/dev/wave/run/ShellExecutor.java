package dev.wave.run;

import dev.wave.plan.Action;
import dev.wave.plan.Durations;
import dev.wave.plan.Task;
import dev.wave.sandbox.Isolation;
import dev.wave.sandbox.Sandbox;
import dev.wave.sandbox.TaskProcess;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Runs a shell task with {@code sh -c} in its sandbox; output goes to the task's log. When the attempt
 * ends, by itself, by its timeout or by a cancel, every process it started has ended. Thread-safe.
 */
final class ShellExecutor implements TaskExecutor {
    private static final File NULL_FILE = new File("/dev/null");

    private final Sandbox sandbox;

    ShellExecutor(Sandbox sandbox) {
        this.sandbox = Objects.requireNonNull(sandbox, "sandbox is null");
    }

    Sandbox sandbox() {
        return sandbox;
    }

    @Override
    public ExecutionResult execute(Task task, Path workDirectory, Path log) throws InterruptedException {
        if (!(task.action() instanceof Action.Shell shell)) {
            throw new IllegalArgumentException("task " + task.id() + " is not a shell task: " + task.action().kind());
        }
        ProcessBuilder builder = new ProcessBuilder()
                .directory(workDirectory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        if (NULL_FILE.exists()) {
            builder.redirectInput(NULL_FILE);
        }
        builder.environment().putAll(task.env());
        builder.environment().put("WAVE_TASK_ID", task.id());
        List<String> command = ProcessTree.shellCommand(shell.command(),
                builder.environment().getOrDefault("PATH", "/usr/bin:/bin"));
        Isolation isolation = sandbox.isolation();
        if (isolation.kind() == Isolation.Kind.UNAVAILABLE) {
            return ExecutionResult.failed(isolation.describe());
        }
        TaskProcess started;
        try {
            started = sandbox.start(builder, command, task.id(), task.network());
        } catch (IOException e) {
            return ExecutionResult.failed("cannot start sh: " + e.getMessage());
        }
        Process process = started.process();
        try {
            if (task.timeout().isPresent()) {
                Duration timeout = task.timeout().get();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    started.kill();
                    return ExecutionResult.failed("timed out after " + Durations.format(timeout) + "; its processes were killed");
                }
            } else {
                process.waitFor();
            }
        } catch (InterruptedException e) {
            started.kill();
            throw e;
        }
        started.reap();
        return ExecutionResult.exited(process.exitValue(), lastLine(log));
    }

    /** The last non-blank line of the log, at most 200 characters: what the task said last. */
    static String lastLine(Path log) {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long length = file.length();
            int size = (int) Math.min(length, 4096);
            byte[] tail = new byte[size];
            file.seek(length - size);
            file.readFully(tail);
            String[] lines = new String(tail, StandardCharsets.UTF_8).split("\\R");
            for (int i = lines.length - 1; i >= 0; i--) {
                String line = lines[i].strip();
                if (!line.isEmpty()) {
                    return line.length() <= 200 ? line : line.substring(0, 197) + "...";
                }
            }
            return "";
        } catch (IOException e) {
            return "";
        }
    }
}
