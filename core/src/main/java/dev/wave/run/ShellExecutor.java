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
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs a shell task with {@code sh -c} in its sandbox; output goes to the task's log. When the attempt
 * ends, by itself, by its timeout or by a cancel, every process it started has ended. Thread-safe.
 *
 * <p>A task that prints nothing leaves no log. Creating a file costs far more than renaming one (about
 * 0.6-0.8 ms against 15 us on this project's ext4 machine), so each thread keeps an empty spare file,
 * {@code .spool-*} in the log directory, renames it to the task's log before the task starts (so the
 * log is there to follow while the task runs, and after a crash), and renames it back when the task
 * printed nothing; a task that printed keeps it, and the next task on that thread creates a new spare.
 * A log that already exists (a retried attempt) is appended to.
 */
final class ShellExecutor implements TaskExecutor {
    private static final File NULL_FILE = new File("/dev/null");
    private static final boolean HAS_NULL_FILE = NULL_FILE.exists();
    private static final String SPOOL = ".spool-";
    private static final AtomicLong SPOOLS = new AtomicLong();
    /** The {@code PATH} the JDK searches for a program named without a '/': this process's, read once as the JDK does. */
    private static final Optional<String> SEARCHED_PATH = Optional.ofNullable(System.getenv("PATH"));

    private final Sandbox sandbox;
    /** Each thread's empty spare file; absent until its first task, or after a task kept it as its log. */
    private final ThreadLocal<Optional<Path>> spare = ThreadLocal.withInitial(Optional::empty);

    ShellExecutor(Sandbox sandbox) {
        this.sandbox = Objects.requireNonNull(sandbox, "sandbox is null");
        // The first task's start would otherwise wait for it (a process start, with the other agents' starts behind it).
        sandbox.prepare();
    }

    Sandbox sandbox() {
        return sandbox;
    }

    @Override
    public ExecutionResult execute(Task task, Path workDirectory, Path log) throws InterruptedException {
        if (!(task.action() instanceof Action.Shell shell)) {
            throw new IllegalArgumentException("task " + task.id() + " is not a shell task: " + task.action().kind());
        }
        // Standard error joins the log through redirectErrorStream (the child dup2s its output over it).
        // redirectError(INHERIT) has no effect on where it goes, but without it the JDK makes a pipe for
        // standard error that nothing writes to, and an 8 KB buffered stream for it, on every start.
        ProcessBuilder builder = new ProcessBuilder()
                .directory(workDirectory.toFile())
                .redirectErrorStream(true)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        if (HAS_NULL_FILE) {
            builder.redirectInput(NULL_FILE);
        }
        builder.environment().putAll(task.env());
        builder.environment().put("WAVE_TASK_ID", task.id());
        List<String> command = ProcessTree.shellCommand(shell.command(),
                builder.environment().getOrDefault("PATH", "/usr/bin:/bin"), SEARCHED_PATH);
        Isolation isolation = sandbox.isolation();
        if (isolation.kind() == Isolation.Kind.UNAVAILABLE) {
            return ExecutionResult.failed(isolation.describe());
        }
        Optional<Path> spool = takeSpare(log);
        TaskProcess started;
        try {
            started = sandbox.start(builder, command, task.id(), task.network());
        } catch (IOException e) {
            spool.ifPresent(spare -> putBack(log, spare));
            return ExecutionResult.failed("cannot start sh: " + e.getMessage());
        }
        Process process = started.process();
        try {
            if (task.timeout().isPresent()) {
                Duration timeout = task.timeout().get();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    started.kill();
                    spool.ifPresent(spare -> putBack(log, spare));
                    return ExecutionResult.failed("timed out after " + Durations.format(timeout) + "; its processes were killed");
                }
            } else {
                process.waitFor();
            }
        } catch (InterruptedException e) {
            started.kill();
            spool.ifPresent(spare -> putBack(log, spare));
            throw e;
        }
        started.reap();
        if (spool.isPresent() && putBack(log, spool.get())) {
            return ExecutionResult.exited(process.exitValue(), "");
        }
        return ExecutionResult.exited(process.exitValue(), lastLine(log));
    }

    /**
     * Makes this thread's spare file the task's log, when the log does not exist yet; returns the
     * spare's name, to rename the log back to if the task prints nothing. Empty when the log exists
     * (output is appended to it) or no spare could be had (the log is created as the task starts).
     *
     * <p>Probes through {@link File}: {@code Files.exists(log, NOFOLLOW_LINKS)} and {@code Files.size} of a
     * missing file throw and catch a {@code NoSuchFileException} inside the JDK, its stack trace
     * filled every time; {@code File.exists} and {@code length} answer with a stat and no exception.
     * ({@code Files.move} would do for the rename: its probe of the target throws nothing costly; {@code
     * renameTo} is used for its boolean answer.)
     */
    private Optional<Path> takeSpare(Path log) {
        Path directory = log.toAbsolutePath().getParent();
        File target = log.toFile();
        if (directory == null || target.exists()) {
            return Optional.empty();
        }
        // A spare that is not empty (written to by a process that escaped its task) is left alone.
        Optional<Path> kept = spare.get().filter(path -> directory.equals(path.getParent()) && path.toFile().length() == 0);
        spare.set(Optional.empty());
        try {
            Path spool = kept.isPresent() ? kept.get() : newSpare(directory);
            // rename(2): a dangling symbolic link at the log's name is replaced, not followed.
            return spool.toFile().renameTo(target) ? Optional.of(spool) : Optional.empty();
        } catch (IOException e) {
            // The directory is not writable: the task's start says so.
            return Optional.empty();
        }
    }

    private static Path newSpare(Path directory) throws IOException {
        while (true) {
            Path spool = directory.resolve(SPOOL + ProcessHandle.current().pid() + "-" + SPOOLS.incrementAndGet());
            try {
                return Files.createFile(spool);
            } catch (FileAlreadyExistsException e) {
                // Left by an earlier process with the same pid: take the next name.
            }
        }
    }

    /** After the attempt: renames an empty log back to the spare file; returns whether it did. */
    private boolean putBack(Path log, Path spool) {
        File file = log.toFile();
        // length() is 0 for a log that is gone too; the rename then fails.
        if (file.length() != 0 || !file.renameTo(spool.toFile())) {
            return false;
        }
        spare.set(Optional.of(spool));
        return true;
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
