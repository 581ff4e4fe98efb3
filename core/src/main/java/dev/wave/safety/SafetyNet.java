package dev.wave.safety;

import static java.util.Objects.requireNonNull;

import dev.wave.WaveException;
import dev.wave.git.Git;
import dev.wave.journal.RunDirectory;
import dev.wave.plan.Durations;
import dev.wave.request.OnFailure;
import dev.wave.run.FailureHandler;
import dev.wave.run.FailurePolicy;
import dev.wave.run.FailureThresholds;
import dev.wave.run.RunResult;
import dev.wave.run.RunStatus;
import dev.wave.run.TaskExecutor;
import dev.wave.run.TaskRecord;
import dev.wave.schedule.TaskState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The safety net around a run, the entry point of the {@code safety} package. In order:
 * {@link #lock} (one run per repository), {@link #backupBeforeRun} (Wave 0), {@link #protect} (critical
 * tasks backed up before and verified after), {@link #failurePolicy} (what a failure does), and
 * {@link #finish} (the final commit, or the rollback). {@link #rollback} restores any backup on request.
 *
 * <p>What a backup covers, and leaves out (ignored entries over {@code backup_ignored_max}, dependency
 * trees), is data: {@link #coverage(Path, long)} measures it before a run, for the analysis, and
 * {@link #coverage()} returns the Wave 0 backup's. A rollback's outcome is verified only when the whole
 * restored state equals the backup ({@link RollbackOutcome}).
 *
 * <p>Outside a git work tree there is nothing to back up with: {@link #open} refuses unless backups
 * are off ({@code --no-backup}), and then nothing can be rolled back or committed, which the report says.
 *
 * <p>One instance serves one run or one rollback, called from one thread; the executor that
 * {@link #protect} returns is thread-safe. Every method blocks while git works and is not interruptible.
 */
public final class SafetyNet {
    private final Path repository;
    private final Optional<Git> git;
    private final SafetyOptions options;
    private final InstantSource clock;
    private final Optional<Backups> backups;
    private Optional<Backup> backup = Optional.empty();
    private Optional<BackupCoverage> coverage = Optional.empty();
    private Optional<GuardedExecutor> guarded = Optional.empty();

    private SafetyNet(Path repository, Optional<Git> git, SafetyOptions options, InstantSource clock) {
        this.repository = repository;
        this.git = git;
        this.options = options;
        this.clock = clock;
        this.backups = git.map(opened -> new Backups(opened, clock));
    }

    /**
     * Opens the safety net for the repository at {@code repository}. Changes nothing.
     *
     * @throws WaveException of kind UNSAFE_STATE outside a git work tree when backups are on; of kind
     *     INVALID_INPUT when {@code --branch} names an invalid or existing branch
     */
    public static SafetyNet open(Path repository, SafetyOptions options, InstantSource clock) {
        return open(repository, options, clock, Optional.empty());
    }

    /**
     * Opens the safety net for a resumed run whose earlier session may have made its final commit,
     * {@code commitMade}: a {@code --branch} that exists already is accepted when it points at that commit.
     *
     * @throws WaveException as {@link #open(Path, SafetyOptions, InstantSource)}
     */
    public static SafetyNet open(Path repository, SafetyOptions options, InstantSource clock, Optional<String> commitMade) {
        requireNonNull(repository, "repository is null");
        requireNonNull(commitMade, "commitMade is null");
        requireNonNull(options, "options is null");
        requireNonNull(clock, "clock is null");
        Path absolute = repository.toAbsolutePath().normalize();
        Optional<Git> git = Git.open(absolute);
        if (git.isEmpty() && options.backup()) {
            throw WaveException.unsafeState("%s is not inside a git work tree%s, so wave cannot back it up or roll it back. "
                    + "Run 'git init' there, or pass --no-backup to run without a safety net.", absolute,
                    Git.installed() ? "" : " (git is not installed)");
        }
        refuseLinkedWaveDirectory(git.map(Git::root).orElse(absolute));
        if (git.isPresent() && options.branch().isPresent() && !FinalCommit.pointsAt(git.get(), options.branch().get(),
                commitMade)) {
            FinalCommit.checkNewBranch(git.get(), options.branch().get());
        }
        return new SafetyNet(absolute, git, options, clock);
    }

    /**
     * Refuses a {@code .wave} that is a symbolic link (a committed one, say): wave's writes would go wherever it
     * points, outside the repository perhaps.
     *
     * @throws WaveException of kind UNSAFE_STATE when {@code <root>/.wave} is a symbolic link
     */
    static void refuseLinkedWaveDirectory(Path root) {
        Path wave = root.resolve(".wave");
        if (Files.isSymbolicLink(wave)) {
            String target;
            try {
                target = Files.readSymbolicLink(wave).toString();
            } catch (IOException e) {
                target = "?";
            }
            throw WaveException.unsafeState("%s is a symbolic link (to %s), so wave's run files would be written wherever it "
                    + "points. Remove the link (git rm .wave if it is committed) and run again.", wave, target);
        }
    }

    /**
     * What a backup of the repository at {@code repository} would leave out, measured now: ignored entries
     * over {@code ignoredMax} and dependency trees, with sizes; for the analysis, before anything runs.
     * Reads the tree and changes nothing (no blob is written). Empty outside a git work tree.
     */
    public static Optional<BackupCoverage> coverage(Path repository, long ignoredMax) {
        requireNonNull(repository, "repository is null");
        return Git.open(repository.toAbsolutePath().normalize()).map(opened -> TreeScan.coverage(opened, ignoredMax));
    }

    /** What the Wave 0 backup covers and leaves out, once it is taken. */
    public Optional<BackupCoverage> coverage() {
        return coverage;
    }

    /** The directory wave guards: the git work tree's top level, or the repository directory outside git. */
    public Path root() {
        return git.map(Git::root).orElse(repository);
    }

    public boolean inGitRepository() {
        return git.isPresent();
    }

    public SafetyOptions options() {
        return options;
    }

    /**
     * Takes the repository's run lock.
     *
     * @throws WaveException of kind UNSAFE_STATE when another run holds it
     */
    public RunLock lock(String runId, String command) {
        refuseLinkedWaveDirectory(root());
        backups.ifPresent(Backups::excludeWaveDirectory);
        return RunLock.acquire(root(), runId, command, clock);
    }

    /**
     * Wave 0: backs up the whole working tree, the index, HEAD and the branches under
     * {@code refs/wave/backups/<runId>}, and writes {@code rollback.sh} into the run directory (unless
     * rollback scripts are off). Adds
     * {@code .wave/} to {@code .git/info/exclude} first. Does nothing without git or with backups off.
     *
     * @throws WaveException of kind UNSAFE_STATE when the backup cannot be taken; nothing has run then
     */
    public Optional<Backup> backupBeforeRun(String runId, Path runDirectory) {
        requireNonNull(runId, "runId is null");
        requireNonNull(runDirectory, "runDirectory is null");
        if (backups.isEmpty()) {
            return Optional.empty();
        }
        backups.get().excludeWaveDirectory();
        if (!options.backup()) {
            return Optional.empty();
        }
        BackupState state = backups.get().create(runId, Backup.Kind.RUN, Optional.empty(), options.backupIgnoredMax());
        Backup taken = state.backup();
        coverage = Optional.of(state.coverage());
        if (options.rollbackScripts()) {
            RollbackScripts.write(runDirectory.resolve("rollback.sh"), "Rollback of run " + runId + " (its Wave 0 backup).",
                    root(), taken, options.waveCommand());
        }
        backup = Optional.of(taken);
        return backup;
    }

    /**
     * For a resumed run: takes the Wave 0 backup its first session made as this run's backup, the
     * rollback point, instead of making a new one.
     *
     * @throws WaveException of kind INVALID_INPUT when this repository has no such backup
     */
    public Backup resumeBackup(String backupId) {
        requireNonNull(backupId, "backupId is null");
        backups.ifPresent(Backups::excludeWaveDirectory);
        Backup kept = load(backupId).backup();
        backup = Optional.of(kept);
        return kept;
    }

    /** Why there is no Wave 0 backup, or where it is. */
    public String backupNote() {
        if (backup.isPresent()) {
            return "wave rollback " + backup.get().id() + " restores it";
        }
        if (git.isEmpty()) {
            return "not a git repository (--no-backup): nothing can be rolled back";
        }
        return options.backup() ? "not taken yet" : "--no-backup: nothing can be rolled back";
    }

    /**
     * Wraps {@code executor} so that critical tasks get a backup and a rollback script before they run and
     * tasks with a verify command (critical ones also with the project's test command) are verified after.
     */
    public TaskExecutor protect(TaskExecutor executor, CriticalTasks critical, String runId, Path runDirectory) {
        return protect(executor, critical, runId, runDirectory, Optional.empty());
    }

    /**
     * As {@link #protect(TaskExecutor, CriticalTasks, String, Path)}, with critical tasks that have no verify
     * command of their own verified by {@code testCheck} (the run's check against its baseline, which fails only
     * on new failures) instead of the plain test command.
     */
    public TaskExecutor protect(TaskExecutor executor, CriticalTasks critical, String runId, Path runDirectory,
            Optional<TaskExecutor> testCheck) {
        GuardedExecutor wrapped = new GuardedExecutor(executor, TaskExecutor.shell(), critical,
                options.backup() ? backups : Optional.empty(), runId, runDirectory, root(), options.testCommand(),
                options.rollbackScripts() ? Optional.of(options.waveCommand()) : Optional.empty(), testCheck);
        guarded = Optional.of(wrapped);
        return wrapped;
    }

    /**
     * What a failure does: the F17 thresholds after every failed attempt, then {@code on_failure} for a task
     * that failed for good.
     *
     * @param prompt asks retry / skip / abort on a terminal, for {@code on_failure: pause}; empty without a terminal
     * @param major what a major failure rate does (priority safety: abort; otherwise sequential)
     */
    public FailurePolicy failurePolicy(Optional<FailureHandler> prompt, FailureThresholds.MajorFailure major) {
        FailureHandler handler = switch (options.onFailure()) {
            case ROLLBACK -> FailureHandler.skipDependents("on_failure: rollback, once the independent work has ended");
            case CONTINUE -> FailureHandler.skipDependents("on_failure: continue");
            case PAUSE -> prompt.orElse(FailureHandler.abort("on_failure: pause, with no terminal to ask on, acts as rollback"));
        };
        return new FailurePolicy(FailureThresholds.defaults().withMajor(major), handler);
    }

    /**
     * The last wave: commits the run's changes when it succeeded, or restores the Wave 0 backup when it
     * failed and the policy says so.
     *
     * @param goal what the run was for, the commit message's subject
     */
    public SafetyReport finish(RunResult result, String runId, String goal) {
        return finish(result, runId, goal, CommitJournal.none());
    }

    /**
     * As {@link #finish(RunResult, String, String)}, with the final commit recorded in {@code journal} before HEAD
     * moves: a resumed run whose earlier session made its commit completes that one instead of committing again.
     */
    public SafetyReport finish(RunResult result, String runId, String goal, CommitJournal journal) {
        requireNonNull(result, "result is null");
        requireNonNull(goal, "goal is null");
        requireNonNull(journal, "journal is null");
        CommitResult commit;
        Optional<RollbackResult> rollback = Optional.empty();
        String rollbackNote;
        if (result.status() == RunStatus.SUCCEEDED) {
            commit = commit(result, runId, goal, journal);
            rollbackNote = "not needed: the run succeeded";
        } else {
            commit = CommitResult.skipped("not committed: the run " + (result.status() == RunStatus.INTERRUPTED
                    ? "was interrupted" : result.status().label()));
            boolean wanted = switch (options.onFailure()) {
                case ROLLBACK -> true;
                case CONTINUE -> false;
                case PAUSE -> result.abort().isPresent();
            };
            if (result.status() == RunStatus.INTERRUPTED) {
                rollbackNote = "not rolled back: the run was interrupted" + undoHint();
            } else if (!wanted) {
                rollbackNote = "not rolled back (on_failure: " + options.onFailure().label()
                        + (options.onFailure() == OnFailure.PAUSE ? ", failures skipped when asked" : "")
                        + "): the run's changes are kept" + undoHint();
            } else if (!options.autoRollback()) {
                rollbackNote = "not rolled back (auto_rollback: no): the run's changes are kept" + undoHint();
            } else if (backup.isEmpty()) {
                rollbackNote = "nothing to roll back: " + backupNote();
            } else {
                String why = result.abort().map(decision -> "\"" + decision.taskId() + "\" failed (" + decision.reason() + ")")
                        .orElseGet(() -> failedTasks(result) + " failed");
                try {
                    rollback = Optional.of(rollback(backup.get().id(), false)); // failed agents' worktrees stay for inspection
                    rollbackNote = "rolled back because " + why;
                } catch (WaveException e) {
                    rollbackNote = SafetyReport.ROLLBACK_FAILED + e.getMessage();
                }
            }
        }
        List<CriticalStep> steps = guarded.map(GuardedExecutor::steps).orElse(List.of());
        List<String> order = result.tasks().stream().map(TaskRecord::id).toList();
        steps = new ArrayList<>(steps);
        steps.sort(Comparator.comparingInt(step -> order.indexOf(step.taskId())));
        return new SafetyReport(options.onFailure(), backup, backupNote(), steps, commit, rollback, rollbackNote);
    }

    private static String failedTasks(RunResult result) {
        List<String> failed = result.tasks().stream()
                .filter(task -> task.state() == TaskState.FAILED)
                .map(task -> "\"" + task.id() + "\"")
                .toList();
        return failed.isEmpty() ? "tasks" : String.join(", ", failed);
    }

    /**
     * Restores backup {@code backupId} exactly and verifies it, removing agents' worktrees and task branches made
     * since; the state it replaces is backed up first.
     *
     * @throws WaveException of kind INVALID_INPUT when there is no such backup; UNSAFE_STATE when the
     *     current state cannot be backed up (nothing is changed then) or git fails
     */
    public RollbackResult rollback(String backupId) {
        return rollback(backupId, true);
    }

    private RollbackResult rollback(String backupId, boolean removeTaskWorktrees) {
        requireNonNull(backupId, "backupId is null");
        BackupState state = load(backupId);
        return new Rollback(git.orElseThrow(), backups.orElseThrow()).restore(state,
                "undo-" + RunDirectory.newRunId(clock.instant()), removeTaskWorktrees);
    }

    /**
     * The backup with this id. Changes nothing.
     *
     * @throws WaveException of kind INVALID_INPUT when this repository has no such backup
     */
    public Backup backup(String backupId) {
        return load(backupId).backup();
    }

    private BackupState load(String backupId) {
        Git opened = git.orElseThrow(() -> WaveException.unsafeState(
                "%s is not inside a git work tree, so there is nothing to roll back.", repository));
        return backups.orElseThrow().load(backupId).orElseThrow(() -> WaveException.invalidInput(
                "no backup %s in %s (%s). Run 'wave rollback --list' to see the backups.", backupId, opened.root(),
                available()));
    }

    /** Every backup of this repository, oldest first; empty outside git. */
    public List<Backup> backups() {
        return backups.map(Backups::list).orElse(List.of());
    }

    /**
     * The backup {@code wave rollback} restores when given none: the newest run's Wave 0 backup.
     *
     * @throws WaveException of kind UNSAFE_STATE when a newer run stopped during Wave 0, before its backup was
     *     complete: falling back to an older run's backup would undo that run's work and more; of kind
     *     INVALID_INPUT when there is no backup at all
     */
    public Backup newestRunBackup() {
        Optional<Backup> latest = latestRunBackup();
        Optional<Map.Entry<String, java.time.Instant>> unfinished = backups.map(Backups::unfinished).orElse(Map.of())
                .entrySet().stream().max(Map.Entry.comparingByValue());
        if (unfinished.isPresent() && (latest.isEmpty() || !unfinished.get().getValue().isBefore(latest.get().createdAt()))) {
            throw WaveException.unsafeState("the newest run, %s, stopped during Wave 0 before its backup was complete, so it "
                    + "ran no task; %s. Nothing was changed. Name the backup to restore: 'wave rollback --list', then "
                    + "'wave rollback ID'.", unfinished.get().getKey(), latest.map(older -> "the newest complete backup, "
                    + older.id() + ", is an older run's and would undo that run too").orElse("there is no complete backup"));
        }
        return latest.orElseThrow(() -> WaveException.invalidInput("%s has no wave backups; wave takes one at the start of "
                + "every run. Nothing was changed.", root()));
    }

    /** Ids of backups that were started and never completed, with when they were started. */
    public Map<String, java.time.Instant> unfinishedBackups() {
        return backups.map(Backups::unfinished).orElse(Map.of());
    }

    /** The newest Wave 0 backup of a run. */
    public Optional<Backup> latestRunBackup() {
        List<Backup> all = backups();
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).kind() == Backup.Kind.RUN) {
                return Optional.of(all.get(i));
            }
        }
        return Optional.empty();
    }

    private CommitResult commit(RunResult result, String runId, String goal, CommitJournal journal) {
        if (!options.commit()) {
            return CommitResult.skipped("not committed: --no-commit");
        }
        if (git.isEmpty()) {
            return CommitResult.skipped("not committed: not a git repository");
        }
        if (backup.isEmpty()) {
            return CommitResult.skipped("not committed: without a backup (--no-backup) wave cannot tell the run's changes "
                    + "from earlier ones");
        }
        String subject = "wave: " + firstLine(goal);
        Backup start = backup.get();
        try {
            BackupState state = load(start.id());
            return new FinalCommit(git.get()).commit(backups.orElseThrow().manifest(start.id()), state.coverage(), subject,
                    files -> body(result, runId, files), options.branch(), journal);
        } catch (WaveException e) {
            return CommitResult.failure("commit failed, the changes are left in the working tree: " + e.getMessage());
        }
    }

    private String body(RunResult result, String runId, int files) {
        StringBuilder body = new StringBuilder();
        body.append(String.format(Locale.ROOT, "Ran %s in %s on %s (%s mode); %s changed.%n",
                count(result.tasks().size(), "task"), count(result.waves(), "wave"), count(result.agents(), "agent"),
                result.mode().label(), count(files, "file")));
        body.append(String.format(Locale.ROOT, "Measured: wall %s, task time %s (the sum of measured task durations), %s.%n%n",
                Durations.formatMillis(result.wallMillis()), Durations.formatMillis(result.sequentialMillis()),
                result.wallMillis() < result.sequentialMillis()
                        ? String.format(Locale.ROOT, "%.0f%% less wall time than the task time", 100 * result.efficiency())
                        : "no less wall time than the task time"));
        body.append("Tasks:\n");
        int shown = 0;
        for (TaskRecord task : result.tasks()) {
            if (shown++ == 50) {
                body.append("- ... and ").append(result.tasks().size() - 50).append(" more\n");
                break;
            }
            body.append(String.format(Locale.ROOT, "- %s: %s in %s, wave %d%s%n", task.id(), task.state().label(),
                    Durations.formatMillis(task.durationMillis()), task.wave(),
                    task.attempts() > 1 ? ", " + task.attempts() + " attempts" : ""));
        }
        long retried = result.tasks().stream().filter(task -> task.attempts() > 1).count();
        if (retried > 0) {
            body.append(count(retried, "task")).append(" needed retries.\n");
        }
        body.append("\nRun ").append(runId).append(". Wave 0 backup: ").append(Backup.REF_PREFIX).append(runId)
                .append(" ('wave rollback ").append(runId).append("' restores it).\n");
        return body.toString();
    }

    private static String count(long count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }

    private String undoHint() {
        return backup.map(taken -> "; 'wave rollback " + taken.id() + "' restores the Wave 0 backup").orElse("");
    }

    private String available() {
        List<Backup> all = backups();
        if (all.isEmpty()) {
            return "it has none";
        }
        return "newest: " + all.get(all.size() - 1).id();
    }

    private static String firstLine(String text) {
        String line = text.strip().split("\\R", 2)[0];
        return line.length() <= 72 ? line : line.substring(0, 69) + "...";
    }
}
