package dev.wave.action;

import static java.util.Objects.requireNonNull;

import dev.wave.plan.Action;
import dev.wave.plan.FileAction;
import dev.wave.plan.Task;
import dev.wave.run.ExecutionResult;
import dev.wave.run.TaskExecutor;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;

/**
 * Runs {@code action:} tasks in-process: find, delete, replace, rename, move,
 * remove-empty-dirs and rename-module (see {@link FileAction}). The entry point of the {@code action} package.
 *
 * <p>Safety: actions work inside the task's work directory (the repository) only. They never
 * follow symbolic links, never read or change {@code .git} or {@code .wave}, refuse explicit
 * paths that a link takes outside the repository, never edit binary files, and replace edited
 * files atomically with their permissions kept. Every deletion, rename, move and edit acts inside
 * a directory held open from the repository's root ({@link Tree}), so a directory swapped for a
 * symbolic link while the action runs changes nothing outside the repository: the action fails
 * instead. A regular expression stops at the task's timeout.
 *
 * <p>Results: the summary is one line with counts; every path created, modified or removed is in
 * {@link ExecutionResult#filesChanged()} (sorted, repository-relative, directories ending in
 * {@code /}), also when the action fails part-way. The task log gets a line per change (for find,
 * a line per path found).
 *
 * <p>Thread-safe and stateless: tasks may run at once, on disjoint files. Blocks while it works.
 * An interrupt stops the action between two files and throws {@link InterruptedException}; the
 * task's timeout, if any, fails it the same way. A file is never left half-written.
 */
public final class BuiltinActions implements TaskExecutor {
    /** How many threads, at most, one replace or find spreads its files over, by default. */
    public static final int DEFAULT_FILE_THREADS = 4;

    private final FileWork work;
    private final LongSupplier nanoTime;

    BuiltinActions(FileWork work, LongSupplier nanoTime) {
        this.work = requireNonNull(work, "work is null");
        this.nanoTime = requireNonNull(nanoTime, "nanoTime is null");
    }

    /** The built-in actions, each on the calling thread alone, timed by {@link System#nanoTime()}. */
    public static BuiltinActions create() {
        return new BuiltinActions(FileWork.sequential(), System::nanoTime);
    }

    /**
     * The built-in actions, where a replace or a find with {@code contains} also reads and writes
     * files on up to {@code threads - 1} helpers from {@code helpers}, alongside the calling thread.
     * The executor must run tasks on other threads; it may be shared by several tasks at once.
     */
    public static BuiltinActions parallel(Executor helpers, int threads) {
        return new BuiltinActions(new FileWork(helpers, threads), System::nanoTime);
    }

    @Override
    public ExecutionResult execute(Task task, Path workDirectory, Path log) throws InterruptedException {
        requireNonNull(task, "task is null");
        requireNonNull(workDirectory, "workDirectory is null");
        requireNonNull(log, "log is null");
        if (!(task.action() instanceof Action.Builtin builtin)) {
            throw new IllegalArgumentException("task " + task.id() + " is not a built-in action: " + task.action().kind());
        }
        FileAction action = builtin.fileAction();
        Changes changes = new Changes();
        String summary;
        boolean succeeded = false;
        try {
            Workspace workspace = new Workspace(workDirectory.toRealPath(), nanoTime, task.timeout());
            try (Tree tree = Tree.open(workspace.root())) {
                summary = run(action, workspace, tree, changes, work);
            }
            succeeded = true;
        } catch (InterruptedIOException | ClosedByInterruptException e) {
            writeLog(log, action, changes, "cancelled; the changes made before that are listed above");
            throw new InterruptedException("cancelled");
        } catch (ActionFailure e) {
            summary = e.getMessage();
        } catch (IOException e) {
            summary = describe(e, workDirectory);
        }
        writeLog(log, action, changes, summary);
        return new ExecutionResult(Optional.empty(), succeeded, summary, changes.files());
    }

    private static String run(FileAction action, Workspace workspace, Tree tree, Changes changes, FileWork work)
            throws IOException {
        if (action instanceof FileAction.Find find) {
            return Find.run(find, workspace, tree, changes, work);
        }
        if (action instanceof FileAction.Delete delete) {
            return Delete.run(delete, workspace, tree, changes);
        }
        if (action instanceof FileAction.Replace replace) {
            return Replace.run(replace, workspace, tree, changes, work);
        }
        if (action instanceof FileAction.Rename rename) {
            return Rename.run(rename, workspace, tree, changes);
        }
        if (action instanceof FileAction.Move move) {
            return Move.run(move, workspace, tree, changes);
        }
        if (action instanceof FileAction.RemoveEmptyDirs removeEmptyDirs) {
            return RemoveEmptyDirs.run(removeEmptyDirs, workspace, tree, changes);
        }
        if (action instanceof FileAction.RenameModule renameModule) {
            return RenameModule.run(renameModule, workspace, tree, changes);
        }
        throw new AssertionError(action);
    }

    /** One line for a file-system failure: what, which file (relative when inside the repository), why. */
    static String describe(IOException failure, Path workDirectory) {
        if (!(failure instanceof FileSystemException fileSystem) || fileSystem.getFile() == null) {
            return "failed: " + failure;
        }
        String file = fileSystem.getFile();
        try {
            Path root = workDirectory.toRealPath();
            Path path = Path.of(file);
            if (path.startsWith(root)) {
                file = root.relativize(path).toString();
            }
        } catch (IOException | RuntimeException e) {
            // keep the absolute name
        }
        String reason = fileSystem.getReason();
        if (reason == null) {
            reason = failure instanceof AccessDeniedException ? "permission denied"
                    : failure instanceof NoSuchFileException ? "no such file"
                    : failure instanceof DirectoryNotEmptyException ? "directory not empty"
                    : failure instanceof FileAlreadyExistsException ? "already exists"
                    : failure.getClass().getSimpleName();
        }
        return "failed on " + file + ": " + reason + ". Fix it and run the task again; the changes made before it are listed in the checkpoint";
    }

    private static void writeLog(Path log, FileAction action, Changes changes, String summary) {
        List<String> lines = new ArrayList<>();
        lines.add("wave action: " + action.describe());
        lines.addAll(changes.logLines());
        lines.add(summary);
        try {
            Files.write(log, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.getLogger(BuiltinActions.class.getName()).log(System.Logger.Level.WARNING,
                    "cannot write the task log " + log, e);
        }
    }
}
