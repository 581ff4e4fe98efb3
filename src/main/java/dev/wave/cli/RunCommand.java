package dev.wave.cli;

import dev.wave.WaveException;
import dev.wave.action.BuiltinActions;
import dev.wave.check.CheckCommand;
import dev.wave.check.Checks;
import dev.wave.check.RunCheck;
import dev.wave.journal.Journal;
import dev.wave.journal.Json;
import dev.wave.journal.RunDirectory;
import dev.wave.plan.Durations;
import dev.wave.plan.Plan;
import dev.wave.report.HtmlReport;
import dev.wave.report.Progress;
import dev.wave.report.RunReport;
import dev.wave.request.Priority;
import dev.wave.request.ProgressDisplay;
import dev.wave.request.Settings;
import dev.wave.run.FailureHandler;
import dev.wave.run.FailureThresholds;
import dev.wave.run.RunListener;
import dev.wave.run.RunOptions;
import dev.wave.run.RunResult;
import dev.wave.run.RunStatus;
import dev.wave.run.Runner;
import dev.wave.run.TaskExecutor;
import dev.wave.safety.Backup;
import dev.wave.safety.CriticalTask;
import dev.wave.safety.CriticalTasks;
import dev.wave.safety.RollbackResult;
import dev.wave.safety.RunLock;
import dev.wave.safety.SafetyNet;
import dev.wave.safety.SafetyOptions;
import dev.wave.safety.SafetyReport;
import dev.wave.sandbox.Sandbox;
import dev.wave.schedule.Waves;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Runs a goal in plain English, or a plan file, safely, with a measured report.",
            "%nAt most N tasks run at once, each critical task alone, in a safety net.",
            "%nShows the analysis (as 'wave plan' does) and asks 'Ready to execute? (yes/no)': a yes line on standard "
                    + "input approves, typed or piped; anything else, or the end of input, declines with exit 3 and "
                    + "changes nothing. --yes approves without asking; --dry-run only shows. Critical tasks also need "
                    + "--approve-critical or a yes to their own question.",
            "%nSteps: lock the repository (one run at a time); Wave 0: back it up under "
                    + "refs/wave/backups/<run-id> and run the check (--verify) for its baseline; run the tasks; run the "
                    + "check again (only failures the run introduced fail it); then commit the run's changes, or on "
                    + "failure restore the backup exactly and verify it.",
            "%nShell tasks run in a sandbox (--sandbox auto): under bubblewrap the repository is writable except "
                    + ".wave and refs/wave, the rest of the file system read-only, /tmp private, the network off "
                    + "unless --network or the task's network: true allows it, and every process a task starts dies "
                    + "with it (on timeout, cancel, or wave being killed). Without bubblewrap: process groups, and the "
                    + "analysis says why.",
            "%nWrites <repo>/.wave/runs/<run-id>/ (execution_plan.json, orchestrator.log, logs/, checkpoints/, "
                    + "rollback.sh, rollback/, execution_summary.json, report.html); .wave/runs/latest links to the "
                    + "newest run. 'wave report' shows it again.",
            "%nExamples:%n  wave run \"Clean up the repository\" --repo wave-demo%n  wave run --plan plan.yaml --yes",
        })
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    WaveCommand parent;

    @Mixin
    RequestOptions options;

    @Option(names = "--yes", description = "Approve the plan without asking.")
    boolean yes;

    @Option(names = "--approve-critical",
            description = "Approve the plan's critical tasks too (--yes alone approves the plan but not them).")
    boolean approveCritical;

    @Option(names = "--fail-fast", description = "Cancel everything else at the first failed task.")
    boolean failFast;

    @Option(names = "--no-commit", description = "Leave the run's changes uncommitted.")
    boolean noCommit;

    @Option(names = "--branch", paramLabel = "NAME",
            description = "Make the final commit on a new branch NAME (HEAD moves to it) instead of the current branch.")
    String branch;

    @Option(names = "--retry-backoff", paramLabel = "DURATION", defaultValue = "1s", hidden = true,
            description = "The wait before a task's first retry; doubles on each retry.")
    String retryBackoff;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Duration backoff = parseBackoff();
        Analyse analysed = Analyse.of(options, "run", parent.machine(), err, !noCommit);
        Settings settings = analysed.settings();
        SafetyOptions safetyOptions = safetyOptions(settings, analysed.repository());
        boolean quiet = yes && !settings.dryRun().value() && settings.progressDisplay().value() == ProgressDisplay.QUIET;
        analysed.print(quiet ? new PrintWriter(java.io.Writer.nullWriter()) : out); // quiet: only the final summary
        if (settings.dryRun().value()) {
            analysed.refusal().ifPresent(reason -> out.println("A real run would refuse: " + reason));
            out.printf("Dry run (dry_run from %s): nothing was run or changed.%n", settings.dryRun().origin());
            out.flush();
            return ExitCodes.OK;
        }
        Optional<String> refusal = analysed.refusal();
        if (refusal.isPresent()) {
            throw WaveException.invalidInput("%s", refusal.get());
        }
        SafetyNet safety = SafetyNet.open(analysed.repository(), safetyOptions, Clock.systemUTC());
        Answers answers = new Answers(parent.in());
        if (!yes && !answers.confirm(out, "Ready to execute? (yes/no) ")) {
            err.println("wave: not approved, nothing was changed. Answer yes, or pass --yes to approve without asking.");
            return ExitCodes.NOT_APPROVED;
        }
        if (!criticalApproved(analysed.critical(), settings, answers, out)) {
            return ExitCodes.NOT_APPROVED;
        }
        return execute(analysed, safety, progressDisplay(settings), backoff, out, answers);
    }

    /**
     * The run, in four steps: (1) lock the repository, (2) Wave 0 backup, (3) the tasks, (4) the final
     * commit or the rollback. The summary is written in every case.
     */
    private int execute(Analyse analysis, SafetyNet safety, ProgressDisplay style, Duration backoff, PrintWriter out,
            Answers answers) throws InterruptedException {
        Clock clock = Clock.systemUTC();
        Plan plan = analysis.plan();
        Settings settings = analysis.settings();
        String runId = RunDirectory.newRunId(clock.instant());
        try (RunLock lock = safety.lock(runId, "run")) {
            RunDirectory directory = RunDirectory.create(analysis.repository(), runId);
            Json.write(directory.executionPlan(), analysis.json().put("run_id", runId));
            try (Journal journal = new Journal(directory, plan, clock, settings.checkpointVerbosity().value())) {
                journal.log("run " + runId + " plan=" + plan.source() + " tasks=" + plan.size() + " agents="
                        + analysis.agents() + " mode=" + analysis.mode().label() + " on_failure="
                        + safety.options().onFailure().label() + " priority=" + settings.priority().value().label());
                lock.tookOver().ifPresent(previous -> {
                    String line = "took over the run lock of " + previous.describe() + ", whose process is gone";
                    journal.log("lock    " + line);
                    out.println("wave: " + line + ".");
                });

                PrintWriter chatter = style == ProgressDisplay.QUIET ? new PrintWriter(java.io.Writer.nullWriter()) : out;
                Optional<Backup> backup = backupWaveZero(safety, runId, directory, journal, chatter);
                RunCheck check = Checks.forRun(analysis.check(), analysis.repository(), directory.root(), chatter,
                        journal::log, Sandbox.of(settings, runId));
                check.baseline();
                chatter.printf("Run %s: %d task%s on %d agent%s, %s mode. Files: %s%n", runId, plan.size(),
                        plan.size() == 1 ? "" : "s", analysis.agents(), analysis.agents() == 1 ? "" : "s",
                        analysis.mode().label(), RunReport.relative(Path.of(""), directory.root()));
                out.flush();

                Optional<RunResult> ran = runTasks(analysis, safety, runId, directory, journal, style, backoff, out,
                        answers, clock, check.verifier());
                if (ran.isEmpty()) {
                    return ExitCodes.INTERRUPTED; // the shutdown hook halts the JVM with this code
                }
                RunResult result = check.after(ran.get());

                SafetyReport report = finish(safety, result, runId, analysis.task(), journal);
                RunReport runReport = new RunReport(runId, directory, result, Optional.of(report));
                runReport.write();
                runReport.print(out, Path.of(""));
                out.println(HtmlReport.writeAfterRun(directory.root(), Path.of("")));
                if (result.status() == RunStatus.SUCCEEDED) {
                    directory.retain(settings.checkpointRetention().value()).ifPresent(note -> {
                        journal.log("retain  " + note);
                        out.println("  Checkpoints: " + note);
                    });
                }
                if (report.rollbackIncomplete()) {
                    spec.commandLine().getErr().printf("wave: the rollback of run %s could not be verified; see the checks above. "
                            + "Backup %s still holds the state before the run.%n", runId, backup.map(Backup::id).orElse(runId));
                    return ExitCodes.NOT_APPROVED;
                }
                if (result.status() != RunStatus.SUCCEEDED || report.commit().failed()) {
                    return ExitCodes.TASK_FAILED;
                }
                return ExitCodes.OK;
            }
        }
    }

    /** Step 2, Wave 0: the backup, before any task runs. */
    private static Optional<Backup> backupWaveZero(SafetyNet safety, String runId, RunDirectory directory, Journal journal,
            PrintWriter out) {
        Optional<Backup> backup = safety.backupBeforeRun(runId, directory.root());
        if (backup.isPresent()) {
            Backup taken = backup.get();
            journal.log("wave 0  backup " + taken.id() + " ref=" + taken.ref() + " commit=" + taken.commit() + " tree="
                    + taken.tree() + " files=" + taken.files() + " head=\"" + taken.head() + "\" took=" + taken.millis() + "ms");
            out.printf("Wave 0: backup %s of %s (%s) in %dms; 'wave rollback %s' restores it.%s%n", taken.id(),
                    dev.wave.report.Words.count(taken.files(), "file"), taken.ref(), taken.millis(), taken.id(),
                    safety.coverage().map(coverage -> coverage.gapsSentence()).orElse(""));
        } else {
            journal.log("wave 0  no backup: " + safety.backupNote());
            out.printf("Wave 0: no backup (%s).%n", safety.backupNote());
        }
        return backup;
    }

    /** Step 3: the tasks. Empty when the run was interrupted and the shutdown hook takes over. */
    private Optional<RunResult> runTasks(Analyse analysis, SafetyNet safety, String runId, RunDirectory directory,
            Journal journal, ProgressDisplay style, Duration backoff, PrintWriter out, Answers answers, Clock clock,
            Optional<TaskExecutor> testCheck) throws InterruptedException {
        Plan plan = analysis.plan();
        Waves waves = analysis.analysis().waves();
        RunOptions runOptions = new RunOptions(analysis.agents(), analysis.mode(), failFast, analysis.repository(),
                directory.logs(), backoff);
        Progress.Display display = Progress.display(style, out, clock, plan, waves, analysis.agents(), analysis.mode());
        AtomicBoolean asking = new AtomicBoolean();
        Optional<FailureHandler> prompt = Terminal.isInteractive()
                ? Optional.of(new PausePrompt(answers, out, asking)) : Optional.empty();
        ExecutorService workers = Threads.pool("wave-worker", Math.min(analysis.agents(), plan.size()));
        ScheduledExecutorService timer = Threads.timer("wave-progress");
        ExecutorService fileHelpers = Threads.pool("wave-files", BuiltinActions.DEFAULT_FILE_THREADS - 1);
        try {
            TaskExecutor executor = TaskExecutor.byKind(TaskExecutor.shell(Sandbox.of(analysis.settings(), runId)),
                    BuiltinActions.parallel(fileHelpers, BuiltinActions.DEFAULT_FILE_THREADS),
                    TaskExecutor.refusing("this version of wave cannot run prompt (agent) tasks"));
            Runner runner = new Runner(plan, waves, runOptions,
                    safety.protect(executor, analysis.critical(), runId, directory.root(), testCheck),
                    RunListener.both(journal, display.listener()), clock, workers,
                    safety.failurePolicy(prompt, majorFailure(analysis.settings().priority().value())));
            if (style == ProgressDisplay.LIVE) {
                timer.scheduleAtFixedRate(() -> {
                    if (!asking.get()) {
                        display.refresh().run();
                    }
                }, 250, 250, TimeUnit.MILLISECONDS);
            }
            CountDownLatch reported = new CountDownLatch(1);
            Thread hook = new Thread(() -> interrupt(runner, reported), "wave-interrupt");
            Runtime.getRuntime().addShutdownHook(hook);
            RunResult result = runner.run();
            timer.shutdownNow();
            display.refresh().run();
            if (result.status() == RunStatus.INTERRUPTED) {
                RunReport report = new RunReport(runId, directory, result,
                        Optional.of(safety.finish(result, runId, analysis.task())));
                report.write();
                report.print(out, Path.of(""));
                out.println(HtmlReport.writeAfterRun(directory.root(), Path.of("")));
                reported.countDown();
                return Optional.empty();
            }
            Runtime.getRuntime().removeShutdownHook(hook);
            return Optional.of(result);
        } finally {
            timer.shutdownNow();
            Threads.shutdown(workers, Duration.ofSeconds(10));
            Threads.shutdown(fileHelpers, Duration.ofSeconds(10));
        }
    }

    /** Step 4: the final commit when the run succeeded, the rollback when it failed and on_failure says so. */
    private static SafetyReport finish(SafetyNet safety, RunResult result, String runId, String goal, Journal journal) {
        SafetyReport report = safety.finish(result, runId, goal);
        journal.log("commit  " + report.commit().note());
        if (report.rollback().isPresent()) {
            RollbackResult rollback = report.rollback().get();
            journal.log("rollback backup=" + rollback.backupId() + " verified=" + rollback.verified() + " removed="
                    + rollback.removed() + " restored=" + rollback.restored() + " took=" + rollback.millis() + "ms: "
                    + report.rollbackNote());
            for (RollbackResult.Check check : rollback.checks()) {
                journal.log("verify  " + check.name() + " " + (check.passed() ? "ok" : "FAILED") + ": " + check.detail());
            }
        } else {
            journal.log("rollback " + report.rollbackNote());
        }
        return report;
    }

    /**
     * Whether the critical tasks may run: with require_approval (the default) they need
     * --approve-critical or a yes to their own question; without it the plan's approval covers them.
     */
    private boolean criticalApproved(CriticalTasks critical, Settings settings, Answers answers, PrintWriter out) {
        if (critical.isEmpty() || approveCritical || !settings.requireApproval().value()) {
            return true;
        }
        String ids = String.join(", ", critical.tasks().stream().map(CriticalTask::id).toList());
        if (yes) {
            spec.commandLine().getErr().printf("wave: --yes approves the plan but not its %d critical task%s (%s); nothing was "
                    + "changed. Pass --approve-critical as well, or run without --yes and answer the question.%n",
                    critical.size(), critical.size() == 1 ? "" : "s", ids);
            return false;
        }
        if (answers.confirm(out, "Run the " + critical.size() + " critical task" + (critical.size() == 1 ? "" : "s")
                + " above (" + ids + ")? (yes/no) ")) {
            return true;
        }
        spec.commandLine().getErr().printf("wave: the critical tasks (%s) were not approved; nothing was changed. Answer yes, "
                + "or pass --approve-critical.%n", ids);
        return false;
    }

    /** What a major failure rate does: priority safety stops the run, speed and balanced go on one task at a time. */
    private static FailureThresholds.MajorFailure majorFailure(Priority priority) {
        return switch (priority) {
            case SAFETY -> FailureThresholds.MajorFailure.ABORT;
            case SPEED, BALANCED -> FailureThresholds.MajorFailure.SEQUENTIAL;
        };
    }

    /** Live needs a terminal to redraw on; elsewhere it shows plain lines, as summary does. */
    private static ProgressDisplay progressDisplay(Settings settings) {
        ProgressDisplay style = settings.progressDisplay().value();
        return style == ProgressDisplay.LIVE && !Terminal.isInteractive() ? ProgressDisplay.SUMMARY : style;
    }

    private SafetyOptions safetyOptions(Settings settings, Path repository) {
        boolean backup = settings.alwaysBackup().value();
        if (branch != null && (noCommit || !backup)) {
            throw WaveException.invalidInput("--branch %s needs the final commit, which %s turns off. Drop one of them.",
                    branch, noCommit ? "--no-commit" : "always_backup: no (" + settings.alwaysBackup().origin() + ")");
        }
        return SafetyOptions.defaults()
                .withBackup(backup)
                .withCommit(!noCommit)
                .withBranch(Optional.ofNullable(branch))
                .withOnFailure(settings.onFailure().value())
                .withAutoRollback(settings.autoRollback().value())
                .withBackupIgnoredMax(settings.backupIgnoredMax().value())
                .withRollbackScripts(settings.createRollbackScripts().value())
                .withTestCommand(Checks.command(settings.verify(), repository).map(CheckCommand::command))
                .withWaveCommand(waveCommand());
    }

    /** How rollback scripts start this wave: {@code java -jar <jar>} when running from a jar, else {@code wave}. */
    private static List<String> waveCommand() {
        try {
            Path location = Path.of(RunCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (location.getFileName().toString().endsWith(".jar")) {
                String java = ProcessHandle.current().info().command()
                        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
                return List.of(java, "-jar", location.toString());
            }
        } catch (java.net.URISyntaxException | RuntimeException e) {
            // Not from a file: fall back to wave on the PATH.
        }
        return List.of("wave");
    }

    /** On SIGINT or SIGTERM: cancel, let the run write its summary, then exit 130. */
    private static void interrupt(Runner runner, CountDownLatch reported) {
        runner.cancel();
        try {
            reported.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Runtime.getRuntime().halt(ExitCodes.INTERRUPTED);
    }

    private Duration parseBackoff() {
        try {
            return Durations.parse(retryBackoff);
        } catch (IllegalArgumentException e) {
            throw WaveException.invalidInput("--retry-backoff must be a duration like 1s or 500ms, got \"%s\".", retryBackoff);
        }
    }
}
