package dev.wave.safety;

import static java.util.Objects.requireNonNull;

import dev.wave.plan.Action;
import dev.wave.plan.Task;
import dev.wave.run.ExecutionResult;
import dev.wave.run.TaskExecutor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Wraps critical tasks: before a critical task's first attempt, a backup of the repository (the Wave 0
 * mechanism) and a rollback script in the run directory (unless scripts are off); after each successful attempt of any task
 * with a {@code verify} command (or a critical task, when the project has a test command), that command,
 * whose failure fails the attempt. When the run has a check with a baseline ({@code testCheck}), a critical
 * task without a {@code verify} of its own is verified by it instead, so only failures the run introduced
 * fail it. Other tasks go straight to the delegate.
 *
 * <p>Thread-safe. The scheduler runs a critical task with nothing else running, so its backup sees a
 * quiet tree.
 */
final class GuardedExecutor implements TaskExecutor {
    private final TaskExecutor delegate;
    private final TaskExecutor verifier;
    private final CriticalTasks critical;
    private final Optional<Backups> backups;
    private final String runId;
    private final Path runDirectory;
    private final Path root;
    private final Optional<String> testCommand;
    private final Optional<TaskExecutor> testCheck; // the run's check against its baseline
    private final Optional<List<String>> waveCommand; // empty: no rollback scripts
    private final Map<String, CriticalStep> steps = new ConcurrentHashMap<>();
    private final java.util.Set<String> prepared = ConcurrentHashMap.newKeySet(); // backed up: later attempts go straight on

    GuardedExecutor(TaskExecutor delegate, TaskExecutor verifier, CriticalTasks critical, Optional<Backups> backups,
            String runId, Path runDirectory, Path root, Optional<String> testCommand, Optional<List<String>> waveCommand) {
        this(delegate, verifier, critical, backups, runId, runDirectory, root, testCommand, waveCommand, Optional.empty());
    }

    GuardedExecutor(TaskExecutor delegate, TaskExecutor verifier, CriticalTasks critical, Optional<Backups> backups,
            String runId, Path runDirectory, Path root, Optional<String> testCommand, Optional<List<String>> waveCommand,
            Optional<TaskExecutor> testCheck) {
        this.delegate = requireNonNull(delegate, "delegate is null");
        this.verifier = requireNonNull(verifier, "verifier is null");
        this.critical = requireNonNull(critical, "critical is null");
        this.backups = requireNonNull(backups, "backups is null");
        this.runId = requireNonNull(runId, "runId is null");
        this.runDirectory = requireNonNull(runDirectory, "runDirectory is null");
        this.root = requireNonNull(root, "root is null");
        this.testCommand = requireNonNull(testCommand, "testCommand is null");
        this.waveCommand = waveCommand.map(List::copyOf);
        this.testCheck = requireNonNull(testCheck, "testCheck is null");
    }

    @Override
    public ExecutionResult execute(Task task, Path workDirectory, Path log) throws InterruptedException {
        boolean isCritical = task.critical() || critical.find(task.id()).isPresent();
        if (isCritical && !prepared.contains(task.id())) {
            Optional<String> failure = prepare(task);
            if (failure.isPresent()) {
                return ExecutionResult.failed(failure.get());
            }
        }
        ExecutionResult result = delegate.execute(task, workDirectory, log);
        if (task.action() instanceof Action.Agent) {
            // An agent works in a worktree of its own, and its executor runs the task's verify there, judging the
            // attempt on it; here, before the merge, the repository does not hold the change yet.
            if (task.verify().isPresent() || isCritical) {
                record(task, task.verify(), task.verify().isEmpty()
                        ? "none before its merge: an agent task is checked in its worktree by its own verify command, "
                                + "and the run's check after the tasks covers it"
                        : result.succeeded() ? "passed in the task's worktree, before its merge"
                        : "not passed: see the task's summary");
            }
            return result;
        }
        Optional<String> verify = task.verify().or(() -> isCritical ? testCommand : Optional.empty());
        if (verify.isEmpty()) {
            if (isCritical) {
                steps.computeIfPresent(task.id(), (id, step) -> step.withVerify(Optional.empty(),
                        "none: the task has no verify command and the run has no check (no test command detected, "
                                + "or --verify none)"));
            }
            return result;
        }
        if (!result.succeeded()) {
            record(task, verify, "not run: the task failed");
            return result;
        }
        String header = "--- wave: verify: " + verify.get();
        appendToLog(log, "\n" + header + "\n");
        Task check = new Task(task.id(), "verify " + task.id(), new Action.Shell(verify.get()), List.of(),
                Optional.empty(), Optional.empty(), false, task.timeout(), 0, task.env());
        boolean againstBaseline = task.verify().isEmpty() && testCheck.isPresent();
        ExecutionResult verified = (againstBaseline ? testCheck.get() : verifier).execute(check, workDirectory, log);
        if (verified.succeeded()) {
            record(task, verify, againstBaseline ? "passed: " + verified.summary() : "passed");
            return result;
        }
        String said = verified.summary().equals(header.strip()) ? "" : verified.summary();
        String outcome = "failed" + verified.exitCode().map(code -> " (exit " + code + ")").orElse("")
                + (said.isEmpty() ? "" : ": " + said);
        record(task, verify, outcome);
        return new ExecutionResult(verified.exitCode(), false, "verify " + outcome, result.filesChanged());
    }

    /** The steps taken so far, in no particular order. */
    List<CriticalStep> steps() {
        return new ArrayList<>(steps.values());
    }

    private Optional<String> prepare(Task task) {
        List<String> reasons = critical.find(task.id()).map(CriticalTask::reasons).orElse(List.of("declared critical: true"));
        if (backups.isEmpty()) {
            steps.put(task.id(), new CriticalStep(task.id(), reasons, Optional.empty(), Optional.empty(), Optional.empty(),
                    "not run yet", "no backup before it: wave runs without backups here (--no-backup)"));
            prepared.add(task.id());
            return Optional.empty();
        }
        String id = runId + "-before-" + refSafe(task.id()) + (steps.containsKey(task.id()) ? "-" + System.nanoTime() : "");
        try {
            Backup backup = backups.get().create(id, Backup.Kind.CRITICAL, Optional.of(task.id())).backup();
            Optional<Path> script = waveCommand.map(command -> RollbackScripts.write(
                    runDirectory.resolve("rollback").resolve(task.id() + ".sh"),
                    "Rollback for critical task \"" + task.id() + "\" of run " + runId + ".", root, backup, command));
            steps.put(task.id(), new CriticalStep(task.id(), reasons, Optional.of(backup.id()), script,
                    Optional.empty(), "not run yet", "backup " + backup.id() + " taken in " + backup.millis() + "ms"));
            prepared.add(task.id());
            return Optional.empty();
        } catch (RuntimeException e) {
            steps.put(task.id(), new CriticalStep(task.id(), reasons, Optional.empty(), Optional.empty(), Optional.empty(),
                    "not run: the task did not run", "the backup before it failed: " + e.getMessage()));
            return Optional.of("not run: the backup before this critical task failed: " + e.getMessage());
        }
    }

    private void record(Task task, Optional<String> verify, String outcome) {
        steps.compute(task.id(), (id, step) -> step != null ? step.withVerify(verify, outcome)
                : new CriticalStep(id, List.of(), Optional.empty(), Optional.empty(), verify, outcome, ""));
    }

    private static void appendToLog(Path log, String text) {
        try {
            Files.writeString(log, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            // The log is a convenience; the verify result is recorded either way.
        }
    }

    /** A task id made safe as the last part of a ref name. */
    static String refSafe(String id) {
        String safe = id.replace("..", "_");
        if (safe.endsWith(".lock")) {
            safe = safe.substring(0, safe.length() - ".lock".length()) + "_lock";
        }
        if (safe.endsWith(".")) {
            safe = safe.substring(0, safe.length() - 1) + "_";
        }
        return safe;
    }
}
