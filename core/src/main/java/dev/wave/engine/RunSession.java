package dev.wave.engine;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wave.WaveException;
import dev.wave.action.BuiltinActions;
import dev.wave.check.Checks;
import dev.wave.check.RunCheck;
import dev.wave.journal.Checkpoint;
import dev.wave.journal.InputCheck;
import dev.wave.journal.Journal;
import dev.wave.journal.Json;
import dev.wave.journal.RunDirectory;
import dev.wave.journal.RunJournal;
import dev.wave.journal.RunRow;
import dev.wave.journal.RunState;
import dev.wave.journal.RunStore;
import dev.wave.plan.Plan;
import dev.wave.plan.PlanWriter;
import dev.wave.report.HtmlReport;
import dev.wave.report.Progress;
import dev.wave.report.RunReport;
import dev.wave.report.Words;
import dev.wave.request.CheckpointVerbosity;
import dev.wave.request.Priority;
import dev.wave.request.ProgressDisplay;
import dev.wave.request.Settings;
import dev.wave.run.FailureDecision;
import dev.wave.run.FailureThresholds;
import dev.wave.run.RunHooks;
import dev.wave.run.RunListener;
import dev.wave.run.RunOptions;
import dev.wave.run.RunResult;
import dev.wave.run.RunStatus;
import dev.wave.run.TaskExecutor;
import dev.wave.run.TaskProgress;
import dev.wave.run.TaskRecord;
import dev.wave.run.Usage;
import dev.wave.safety.Backup;
import dev.wave.safety.CommitJournal;
import dev.wave.safety.RollbackResult;
import dev.wave.safety.RunLock;
import dev.wave.safety.SafetyNet;
import dev.wave.safety.SafetyReport;
import dev.wave.sandbox.Sandbox;
import dev.wave.schedule.TaskState;
import dev.wave.schedule.Waves;
import dev.wave.worktree.Worktree;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One session of a run, in four steps: (1) lock the repository, (2) Wave 0 backup (a resumed run
 * keeps its original one) and the check's baseline, (3) the tasks, sandboxed, in the priority order
 * the analysis chose, (4) the check again, then the final commit or the rollback; then the report
 * (the summary and {@code report.html}). Every step is recorded in the journal before what depends
 * on it; the summary is written in every case.
 */
final class RunSession {
    /**
     * What an earlier session of the run left: its journal state, the tasks that finished, and the final commit it
     * recorded it was about to make.
     */
    record Resume(RunState state, List<TaskRecord> finished, Optional<String> commitIntent) {
        Resume {
            requireNonNull(state, "state is null");
            finished = List.copyOf(finished);
            requireNonNull(commitIntent, "commitIntent is null");
        }
    }

    /** The journal's event kind for a final commit about to land: its detail is the commit. */
    static final String COMMIT_INTENT = "commit_intent";

    /** The last final commit a run recorded it was about to make, if any, from its events (a resume reads them once). */
    static Optional<String> commitIntent(List<RunStore.EventRow> events) {
        Optional<String> intent = Optional.empty();
        for (RunStore.EventRow event : events) {
            if (event.kind().equals(COMMIT_INTENT)) {
                intent = event.detail();
            }
        }
        return intent;
    }

    private final PreparedRun run;
    private final SafetyNet safety;
    private final RunEnvironment environment;
    private final InstantSource clock;
    private final List<RunStep> steps;
    private final Optional<Resume> resume;
    private final PrintWriter out;
    private final Engine engine;
    private final long started;

    RunSession(PreparedRun run, SafetyNet safety, RunEnvironment environment, InstantSource clock, List<RunStep> steps,
            Optional<Resume> resume, Engine engine) {
        this.engine = engine;
        this.run = run;
        this.safety = safety;
        this.environment = environment;
        this.clock = clock;
        this.steps = steps;
        this.resume = resume;
        this.out = environment.out();
        this.started = clock.millis();
    }

    RunOutcome run() {
        Plan plan = run.plan();
        Settings settings = run.settings();
        String runId = resume.map(r -> r.state().run().runId()).orElseGet(() -> RunDirectory.newRunId(clock.instant()));
        try (RunLock lock = safety.lock(runId, resume.isPresent() ? "resume" : "run")) {
            environment.control().changing();
            RunDirectory directory = resume.isPresent() ? RunDirectory.open(run.repository(), runId)
                    : RunDirectory.create(run.repository(), runId);
            // The plan files are written on another thread while the journal's database opens: both before the
            // journal records the run, so a resume always finds them. The execution plan is kept: the HTML report at
            // the end is made from it, not from the file read back.
            CompletableFuture<Optional<ObjectNode>> planFiles = resume.isPresent()
                    ? CompletableFuture.completedFuture(Optional.empty())
                    : CompletableFuture.supplyAsync(() -> writePlanFiles(directory, runId), PLAN_FILES);
            try {
                try (RunStore store = RunStore.open(safety.root());
                        Journal files = new Journal(directory, plan, clock, settings.checkpointVerbosity().value())) {
                    Optional<ObjectNode> executionPlan = written(planFiles);
                    RunJournal journal = resume.isPresent()
                            ? RunJournal.resume(store, resume.get().state(), plan.graph(), clock, Estimates.keys(plan.tasks()))
                            : RunJournal.start(store, RunRow.starting(runId, run.task(), plan.source(), started, plan.size(),
                                    run.agents(), run.mode().label(), request(runId)), plan.graph(), clock,
                                    Estimates.keys(plan.tasks()));
                    resume.ifPresent(earlier -> recordMerged(earlier, journal, files));
                    return steps(runId, directory, executionPlan, lock, store, journal, files);
                }
            } finally {
                planFiles.handle((written, failure) -> null).join(); // ends first when opening the journal failed
            }
        }
    }

    /** Runs the writing of a run's plan files on a daemon thread of its own. */
    private static final java.util.concurrent.Executor PLAN_FILES = task -> {
        Thread thread = new Thread(task, "wave-plan-files");
        thread.setDaemon(true);
        thread.start();
    };

    /** Writes {@code execution_plan.json} and {@code plan.json} of a new run; returns the former's content. */
    private Optional<ObjectNode> writePlanFiles(RunDirectory directory, String runId) {
        ObjectNode executionPlan = run.json().put("run_id", runId);
        Json.write(directory.executionPlan(), executionPlan);
        PlanWriter.write(run.plan(), directory.plan(), run.task(), List.of("The plan of run " + runId + ", as it ran; "
                + "'wave resume' reads it back."));
        return Optional.of(executionPlan);
    }

    /** What {@link #writePlanFiles} returned, once it has; its failure as it threw it. */
    private static Optional<ObjectNode> written(CompletableFuture<Optional<ObjectNode>> planFiles) {
        try {
            return planFiles.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /**
     * Journals the end of each task whose merge the dead session left in the working tree ({@link MergeRecovery}),
     * so that no later resume runs it again either.
     */
    private static void recordMerged(Resume earlier, RunJournal journal, Journal files) {
        Map<String, Checkpoint> ended = earlier.state().finished(); // once: it is built afresh on each call
        for (TaskRecord record : earlier.finished()) {
            if (!ended.containsKey(record.id())) {
                journal.append(new dev.wave.run.RunEvent.TaskEnded(record));
                files.log("task " + record.id() + " " + record.summary() + "; recorded as succeeded, not run again");
            }
        }
        journal.sync();
    }

    private RunOutcome steps(String runId, RunDirectory directory, Optional<ObjectNode> executionPlan, RunLock lock,
            RunStore store, RunJournal journal, Journal files) {
        Plan plan = run.plan();
        Settings settings = run.settings();
        files.log((resume.isPresent() ? "resume " : "run ") + runId + " plan=" + plan.source() + " tasks=" + plan.size()
                + " agents=" + run.agents() + " mode=" + run.mode().label() + " on_failure="
                + safety.options().onFailure().label() + " priority=" + settings.priority().value().label());
        lock.tookOver().ifPresent(previous -> {
            String line = "took over the run lock of " + previous.describe() + ", whose process is gone";
            files.log("lock    " + line);
            out.println("wave: " + line + ".");
        });
        ProgressDisplay style = progressStyle();
        PrintWriter chatter = style == ProgressDisplay.QUIET ? new PrintWriter(Writer.nullWriter()) : out;
        stage(true, RunStep.Stage.WAVE_ZERO, runId);
        Optional<Backup> backup = waveZero(runId, directory, store, journal, files, chatter);
        RunCheck check = check(runId, directory, files, chatter);
        boolean checkInterrupted = false;
        try {
            check.baseline();
        } catch (WaveException e) {
            files.log("check   refused: " + e.getMessage());
            long now = clock.millis();
            store.finished(runId, RunStatus.FAILED.label(), false, now, Math.max(0, now - startedAt()), 0);
            throw e;
        } catch (InterruptedException e) {
            checkInterrupted = true;
        }
        stage(false, RunStep.Stage.WAVE_ZERO, runId);
        chatter.printf("%s %s: %d task%s on %d agent%s, %s mode. Files: %s%n", resume.isPresent() ? "Resuming run" : "Run",
                runId, plan.size(), plan.size() == 1 ? "" : "s", run.agents(), run.agents() == 1 ? "" : "s",
                run.mode().label(), RunReport.relative(environment.base(), directory.root()));
        resume.ifPresent(earlier -> chatter.printf("  %d of %d tasks finished before (not run again); %d were running and "
                + "run again from the start.%n", earlier.finished().size(), plan.size(), earlier.state().running().size()));
        out.flush();

        RunResult result;
        Optional<String> journalFailure = Optional.empty();
        List<Worktree> keptWorktrees = List.of();
        Optional<String> stepFailure = steps.stream().map(step -> step.beforeTasks(run, directory.root(), out))
                .flatMap(Optional::stream).findFirst();
        stage(true, RunStep.Stage.TASKS, runId);
        if (environment.control().isCancelled() || checkInterrupted || stepFailure.isPresent()) {
            result = notRun(stepFailure.isPresent() ? RunStatus.FAILED : RunStatus.INTERRUPTED,
                    stepFailure.map(problem -> "cancelled before it started: " + problem)
                            .orElse("cancelled before it started: the run was interrupted"));
            stage(false, RunStep.Stage.TASKS, runId);
        } else {
            Tasks tasks = runTasks(runId, directory, store, journal, files, style, check.verifier(), check.afterTasksStep());
            journalFailure = tasks.journalFailure().or(() -> durable(journal));
            stage(false, RunStep.Stage.TASKS, runId);
            result = after(check, tasks.result());
            keptWorktrees = tasks.keptWorktrees();
        }
        if (result.status() == RunStatus.SUCCEEDED) {
            for (RunStep step : steps) {
                Optional<String> problem = step.afterTasks(run, result, directory.root(), out);
                if (problem.isPresent()) {
                    result = failedBy(result, problem.get());
                    break;
                }
            }
        }
        SafetyReport report = finish(result, runId, journal, files, journalFailure.isPresent());
        int sessions = resume.map(r -> r.state().sessions() + 1).orElse(1);
        RunReport runReport = new RunReport(runId, directory, result, Optional.of(report), sessions,
                sessions > 1 ? sessionTimes(store, runId) : List.of());
        ObjectNode summary = runReport.printAndJson(out, environment.base());
        if (!keptWorktrees.isEmpty()) {
            var kept = summary.putArray("kept_worktrees");
            for (Worktree worktree : keptWorktrees) {
                kept.addObject().put("task", worktree.taskId()).put("path", worktree.path().toString())
                        .put("branch", worktree.branch());
            }
        }
        Json.write(directory.summary(), summary);
        out.println(executionPlan.map(written -> HtmlReport.writeAfterRun(directory.root(), written, summary, environment.base()))
                .orElseGet(() -> HtmlReport.writeAfterRun(directory.root(), environment.base())));
        boolean resumable = result.status() == RunStatus.INTERRUPTED;
        store.finished(runId, result.status().label(), resumable, clock.millis(), result.wallMillis(),
                result.sequentialMillis());
        journalFailure.ifPresent(problem -> out.println("  Journal:     " + problem + "; the run was stopped."));
        for (Worktree worktree : keptWorktrees) {
            out.printf("  Worktree:    %s kept for inspection at %s (branch %s)%n", worktree.taskId(),
                    RunReport.relative(environment.base(), worktree.path()), worktree.branch());
        }
        if (resumable) {
            out.printf("  Resume:      'wave resume %s' continues it; 'wave abandon %s' gives it up.%n", runId, runId);
        }
        if (result.status() == RunStatus.SUCCEEDED) {
            directory.retain(settings.checkpointRetention().value()).ifPresent(note -> {
                files.log("retain  " + note);
                out.println("  Checkpoints: " + note);
            });
        }
        out.flush();
        RunOutcome.Verdict verdict;
        if (result.status() == RunStatus.INTERRUPTED || environment.control().isCancelled()) {
            verdict = RunOutcome.Verdict.INTERRUPTED;
        } else if (report.rollbackIncomplete()) {
            verdict = RunOutcome.Verdict.ROLLBACK_UNVERIFIED;
        } else if (result.status() != RunStatus.SUCCEEDED || report.commit().failed()) {
            verdict = RunOutcome.Verdict.FAILED;
        } else {
            verdict = RunOutcome.Verdict.SUCCEEDED;
        }
        return new RunOutcome(verdict, Optional.of(runId), Optional.of(runReport), backup.map(Backup::id));
    }

    /**
     * A resumed run's sessions with their active times, as the journal holds them (this session's tasks' events are
     * durable by now); empty when the journal cannot be read, and the summary then gives no efficiency.
     */
    private static List<dev.wave.journal.SessionTime> sessionTimes(RunStore store, String runId) {
        try {
            return store.sessionTimes(runId);
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    /** Step 2, Wave 0: the backup before any task runs; a resumed run keeps the backup it took. */
    private Optional<Backup> waveZero(String runId, RunDirectory directory, RunStore store, RunJournal journal,
            Journal files, PrintWriter out) {
        Optional<String> taken = resume.flatMap(r -> r.state().run().backup());
        if (taken.isPresent()) {
            Backup backup = safety.resumeBackup(taken.get());
            files.log("wave 0  kept backup " + backup.id() + " of the first session");
            out.printf("Wave 0: backup %s from the run's start stays the rollback point.%n", backup.id());
            return Optional.of(backup);
        }
        Optional<Backup> backup = safety.backupBeforeRun(runId, directory.root());
        if (backup.isPresent()) {
            Backup made = backup.get();
            store.backup(runId, made.id());
            journal.record("backup", Optional.empty(), made.id() + " " + made.ref() + " files=" + made.files());
            files.log("wave 0  backup " + made.id() + " ref=" + made.ref() + " commit=" + made.commit() + " tree="
                    + made.tree() + " files=" + made.files() + " head=\"" + made.head() + "\" took=" + made.millis() + "ms");
            out.printf("Wave 0: backup %s of %s (%s) in %dms; 'wave rollback %s' restores it.%s%n", made.id(),
                    Words.count(made.files(), "file"), made.ref(), made.millis(), made.id(),
                    safety.coverage().map(coverage -> coverage.gapsSentence()).orElse(""));
        } else {
            journal.record("backup", Optional.empty(), "none: " + safety.backupNote());
            files.log("wave 0  no backup: " + safety.backupNote());
            out.printf("Wave 0: no backup (%s).%n", safety.backupNote());
        }
        return backup;
    }

    private record Tasks(RunResult result, Optional<String> journalFailure, List<Worktree> keptWorktrees) {}

    /**
     * The agents' worktrees once the tasks ended: those of finished attempts that were never
     * integrated are removed; those of failed attempts and conflicts stay for inspection, logged here.
     */
    private static List<Worktree> keptWorktrees(AgentTasks agents, Journal files) {
        boolean interrupted = Thread.interrupted(); // a cancelled run still tidies its worktrees
        try {
            List<Worktree> kept = agents.finish();
            kept.forEach(worktree -> files.log("worktree kept " + worktree.taskId() + " at " + worktree.path() + " branch "
                    + worktree.branch()));
            return kept;
        } catch (InterruptedException | RuntimeException e) {
            files.log("worktree cleanup failed: " + e.getMessage());
            return List.of();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Step 3: the tasks; in a run with agent tasks and fix waves, the check after them too ({@code checkStep}), so
     * that new failures get fix waves.
     */
    private Tasks runTasks(String runId, RunDirectory directory, RunStore store, RunJournal journal, Journal files,
            ProgressDisplay style, Optional<TaskExecutor> testCheck, Optional<TaskExecutor> checkStep) {
        Plan plan = run.plan();
        Waves waves = run.analysis().waves();
        RunOptions options = new RunOptions(run.agents(), run.mode(), run.request().failFast(), run.repository(),
                directory.logs(), run.request().retryBackoff(), LimitSettings.of(run, AgentTasks.provider(run)));
        resume.ifPresent(earlier -> {
            keepPartialLogs(directory, earlier);
            writeCheckpoints(files, earlier);
        });
        Progress.Display display = Progress.display(style, out, clock, plan, waves, run.agents(), run.mode(),
                run.capGroups());
        ExecutorService workers = Threads.startedPool("wave-worker", Math.max(1, Math.min(run.agents(), plan.size())));
        ScheduledExecutorService timer = Threads.timer("wave-progress");
        ExecutorService fileHelpers = Threads.pool("wave-files", BuiltinActions.DEFAULT_FILE_THREADS - 1);
        try {
            RunListener listener = RunListener.both(files, display.listener());
            AtomicReference<Engine.Driver> driver = new AtomicReference<>();
            AgentTasks agents = AgentTasks.start(run, runId, spending(listener, driver, journal), System.getenv());
            TaskExecutor executor = new InputCheck(TaskExecutor.byKind(TaskExecutor.shell(Sandbox.of(run.settings(), runId)),
                    BuiltinActions.parallel(fileHelpers, BuiltinActions.DEFAULT_FILE_THREADS), agents.executor()), journal,
                    run.repository());
            RunHooks hooks = RunHooks.defaults().withEventLog(journal)
                    .withFinished(resume.map(Resume::finished).orElse(List.of()))
                    .withSpentBefore(resume.map(RunSession::spentBefore).orElse(java.util.Map.of()))
                    .withOrder(run.analysis().schedule().order())
                    .withIntegrator(agents.integrator(run.settings().checkBetweenMerges().value() ? testCheck
                            : Optional.empty(), directory.logs(), MergeRecovery.journaling(journal)));
            if (checkStep.isPresent()) {
                hooks = hooks.withRunCheck(checkStep.get());
            }
            Engine.Driver runner = engine.driver(new TaskRun(runId, run, directory.root(), options,
                    safety.protect(executor, run.critical(), runId, directory.root(), testCheck),
                    listener,
                    safety.failurePolicy(environment.pausePrompt(), majorFailure(run.settings().priority().value())),
                    hooks, clock, workers, out));
            driver.set(runner);
            if (style == ProgressDisplay.LIVE) {
                timer.scheduleAtFixedRate(() -> {
                    if (environment.mayRedraw().getAsBoolean()) {
                        display.refresh().run();
                    }
                }, 250, 250, TimeUnit.MILLISECONDS);
            }
            environment.control().attach(runner::cancel);
            RunResult result;
            try {
                Instant startedAt = resume.map(r -> Instant.ofEpochMilli(r.state().run().startedAt())).orElse(clock.instant());
                result = runner.runFrom(startedAt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                result = notRun(RunStatus.INTERRUPTED, "cancelled: the run was interrupted");
            } finally {
                environment.control().detach();
            }
            timer.shutdownNow();
            display.refresh().run();
            return new Tasks(result, runner.journalFailure(), keptWorktrees(agents, files));
        } finally {
            timer.shutdownNow();
            Threads.shutdown(workers, Duration.ofSeconds(10));
            Threads.shutdown(fileHelpers, Duration.ofSeconds(10));
        }
    }

    /**
     * What the earlier sessions' agents spent that no finished task's record holds: the attempts of tasks that
     * run again (killed with their process, or cancelled), and the steps of fix waves.
     */
    private static java.util.Map<String, Usage> spentBefore(Resume earlier) {
        java.util.Map<String, Usage> spent = new java.util.LinkedHashMap<>(earlier.state().spent());
        earlier.finished().forEach(record -> spent.remove(record.id()));
        return spent;
    }

    /**
     * {@code listener}, and an agent's figures as it works passed on to the driver, so that a budget counts what
     * running agents spent before their attempts end, and to the journal, so that a resume counts it too.
     */
    private static RunListener spending(RunListener listener, AtomicReference<Engine.Driver> driver, RunJournal journal) {
        return RunListener.both(listener, new RunListener() {
            @Override
            public void taskProgressed(String id, TaskProgress progress) {
                journal.agentProgressed(id, progress);
                Engine.Driver running = driver.get();
                if (running != null) {
                    running.usageReported(id, new Usage(progress.inputTokens(), progress.outputTokens(),
                            progress.costUsd() > 0 ? Optional.of(progress.costUsd()) : Optional.empty()));
                }
            }
        });
    }

    /**
     * Makes the last tasks' ends durable: the runner syncs the journal before it starts what an end released, so the
     * ends that released nothing (the last tasks) are still queued. A check after the tasks may take long, and a
     * crash meanwhile must not run finished tasks again. Returns the problem when the journal cannot be written.
     */
    private static Optional<String> durable(RunJournal journal) {
        try {
            journal.sync();
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** How progress is shown: as the environment says, else as the settings say (live needs a terminal: plain lines). */
    private ProgressDisplay progressStyle() {
        return environment.progress().orElseGet(() -> {
            ProgressDisplay configured = run.settings().progressDisplay().value();
            return configured == ProgressDisplay.LIVE ? ProgressDisplay.SUMMARY : configured;
        });
    }

    /**
     * The check (verify) around the tasks: its baseline before any task, again after them. A resumed run
     * compares with the baseline its first session took before any task (read back from the run directory), not
     * with a new one, which would include the first session's changes and hide what they broke.
     */
    private RunCheck check(String runId, RunDirectory directory, Journal files, PrintWriter out) {
        if (resume.isPresent()) {
            return Checks.forResumedRun(run.check(), run.repository(), directory.root(), out, files::log,
                    Sandbox.of(run.settings(), runId), !resume.get().state().starts().isEmpty());
        }
        return Checks.forRun(run.check(), run.repository(), directory.root(), out, files::log,
                Sandbox.of(run.settings(), runId));
    }

    /** When the run started: now for a new run, its first session's start for a resumed one (epoch milliseconds). */
    private long startedAt() {
        return resume.map(r -> r.state().run().startedAt()).orElse(started);
    }

    /** Tells every step that a stage starts or has ended. */
    private void stage(boolean starting, RunStep.Stage stage, String runId) {
        for (RunStep step : steps) {
            if (starting) {
                step.stageStarting(stage, runId);
            } else {
                step.stageEnded(stage, runId);
            }
        }
    }

    /** The check after the tasks: a run that introduced failures fails; interrupted meanwhile, the run was. */
    private static RunResult after(RunCheck check, RunResult result) {
        try {
            return check.after(result);
        } catch (InterruptedException e) {
            return result.withStatus(RunStatus.INTERRUPTED, result.decisions());
        }
    }

    /** A task that was running when the earlier session died runs again from the start; its partial log is kept aside. */
    private static void keepPartialLogs(RunDirectory directory, Resume earlier) {
        for (String task : earlier.state().running()) {
            Path log = directory.log(task);
            if (Files.exists(log)) {
                try {
                    Files.move(log, log.resolveSibling(task + ".log.partial-" + earlier.state().sessions()),
                            StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException e) {
                    // The new attempt appends to it instead: nothing is lost.
                }
            }
        }
    }

    /**
     * Checkpoints are written in batches from the journal's records, so a session that died may have left
     * some unwritten: write them from the journal, in the run's checkpoint verbosity.
     */
    private void writeCheckpoints(Journal files, Resume earlier) {
        boolean detailed = run.settings().checkpointVerbosity().value() == CheckpointVerbosity.DETAILED;
        List<Checkpoint> checkpoints = new java.util.ArrayList<>(earlier.finished().size());
        for (TaskRecord record : earlier.finished()) {
            Checkpoint stored = earlier.state().ended().get(record.id());
            if (stored == null) { // a task whose merge was found in the working tree: its end is journaled now
                checkpoints.add(Checkpoint.of(record, detailed, run.plan().graph()));
                continue;
            }
            Checkpoint rebuilt = Checkpoint.of(record, detailed, stored.nextDependencies());
            checkpoints.add(stored.agent() == null ? rebuilt : rebuilt.withAgent(stored.agent()));
        }
        files.restore(checkpoints);
    }

    /** Step 4: the final commit when the run succeeded, the rollback when it failed and on_failure says so. */
    private SafetyReport finish(RunResult result, String runId, RunJournal journal, Journal files, boolean journalBroken) {
        RunStep.Stage stage = result.status() == RunStatus.SUCCEEDED ? RunStep.Stage.FINAL_COMMIT : RunStep.Stage.ROLLBACK;
        stage(true, stage, runId);
        SafetyReport report = safety.finish(result, runId, run.task(), new CommitJournal() {
            @Override
            public Optional<String> intended() {
                return resume.flatMap(Resume::commitIntent);
            }

            @Override
            public void intend(String commit) {
                journal.record(COMMIT_INTENT, Optional.empty(), commit);
            }
        });
        stage(false, stage, runId);
        files.log("commit  " + report.commit().note());
        if (report.rollback().isPresent()) {
            RollbackResult rollback = report.rollback().get();
            files.log("rollback backup=" + rollback.backupId() + " verified=" + rollback.verified() + " removed="
                    + rollback.removed() + " restored=" + rollback.restored() + " took=" + rollback.millis() + "ms: "
                    + report.rollbackNote());
            for (RollbackResult.Check check : rollback.checks()) {
                files.log("verify  " + check.name() + " " + (check.passed() ? "ok" : "FAILED") + ": " + check.detail());
            }
        } else {
            files.log("rollback " + report.rollbackNote());
        }
        if (!journalBroken) {
            try {
                journal.record("commit", Optional.empty(), report.commit().note());
                journal.record("rollback", Optional.empty(), report.rollbackNote());
                journal.record("run_ended", Optional.empty(), result.status().label());
            } catch (RuntimeException e) {
                files.log("journal could not record the end of the run: " + e.getMessage());
            }
        }
        return report;
    }

    /** A result in which no task of this session ran: finished tasks as they were, the rest cancelled. */
    private RunResult notRun(RunStatus status, String reason) {
        Plan plan = run.plan();
        Waves waves = run.analysis().waves();
        List<TaskRecord> records = new ArrayList<>();
        List<TaskRecord> finished = resume.map(Resume::finished).orElse(List.of());
        for (int index = 0; index < plan.size(); index++) {
            int task = index;
            records.add(finished.stream().filter(record -> record.index() == task).findFirst()
                    .orElseGet(() -> new TaskRecord(task, plan.task(task).id(), waves.waveOf(task), Optional.empty(),
                            TaskState.CANCELLED, Optional.empty(), Optional.empty(), 0, Optional.empty(), 0, reason,
                            List.of())));
        }
        Instant now = clock.instant();
        Instant started = resume.map(r -> Instant.ofEpochMilli(r.state().run().startedAt())).orElse(now);
        return new RunResult(status, run.mode(), run.agents(), started, now, waves.count(), 0, records);
    }

    /** The run failed after its tasks: a step around them found a problem. */
    private static RunResult failedBy(RunResult result, String problem) {
        List<FailureDecision> decisions = new ArrayList<>(result.decisions());
        decisions.add(new FailureDecision("(after the tasks)", 1, FailureDecision.Action.ABORT, 0, result.tasks().size(),
                result.agents(), result.agents(), problem, "a check after the tasks failed: " + problem));
        return result.withStatus(RunStatus.FAILED, decisions);
    }

    /** The run's repository relative to the top level whose journal holds the run ("" for the top level itself). */
    private String repositoryInRoot() {
        Path root = safety.root();
        Path repository = run.repository();
        try {
            root = root.toRealPath();
            repository = repository.toRealPath(); // git names the top level with links resolved
        } catch (java.io.IOException e) {
            // compared as given
        }
        return repository.startsWith(root) ? root.relativize(repository).toString() : "";
    }

    /** The request as stored in the journal, for a resume: flags, mode and run options. */
    private String request(String runId) {
        RunRequest request = run.request();
        ObjectNode node = Json.object();
        node.put("run_id", runId);
        node.put("repository", run.repository().toString());
        node.put("repository_in_root", repositoryInRoot());
        node.put("input", request.input() instanceof RunRequest.Goal goal ? goal.text()
                : ((RunRequest.PlanFile) request.input()).path().toString());
        node.put("mode", request.mode().name());
        node.put("fail_fast", request.failFast());
        node.put("commit", request.commit());
        request.branch().ifPresentOrElse(branch -> node.put("branch", branch), () -> node.putNull("branch"));
        node.put("retry_backoff_ms", request.retryBackoff().toMillis());
        ObjectNode flags = node.putObject("flags");
        request.flags().forEach(flags::put);
        return node.toString();
    }

    /** What a major failure rate does: priority safety stops the run, speed and balanced go on one task at a time. */
    private static FailureThresholds.MajorFailure majorFailure(Priority priority) {
        return switch (priority) {
            case SAFETY -> FailureThresholds.MajorFailure.ABORT;
            case SPEED, BALANCED -> FailureThresholds.MajorFailure.SEQUENTIAL;
        };
    }
}
