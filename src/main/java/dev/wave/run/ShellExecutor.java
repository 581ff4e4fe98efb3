package dev.wave.run;

import dev.wave.plan.Action;
import dev.wave.plan.Durations;
import dev.wave.plan.Task;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Runs a shell task with {@code sh -c} in its own process group; output goes to the task's log. */
enum ShellExecutor implements TaskExecutor {
    INSTANCE;

    private static final File NULL_FILE = new File("/dev/null");

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
        builder.command(ProcessTree.shellCommand(shell.command(), builder.environment().getOrDefault("PATH", "/usr/bin:/bin")));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return ExecutionResult.failed("cannot start sh: " + e.getMessage());
        }
        try {
            if (task.timeout().isPresent()) {
                Duration timeout = task.timeout().get();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    ProcessTree.kill(process);
                    return ExecutionResult.failed("timed out after " + Durations.format(timeout) + "; its processes were killed");
                }
                return ExecutionResult.exited(process.exitValue(), lastLine(log));
            }
            return ExecutionResult.exited(process.waitFor(), lastLine(log));
        } catch (InterruptedException e) {
            ProcessTree.kill(process);
            throw e;
        }
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
