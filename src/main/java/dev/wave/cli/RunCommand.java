package dev.wave.cli;

import dev.wave.WaveException;
import dev.wave.action.BuiltinActions;
import dev.wave.journal.Journal;
import dev.wave.journal.Json;
import dev.wave.journal.RunDirectory;
import dev.wave.plan.Action;
import dev.wave.plan.Plan;
import dev.wave.plan.Task;
import dev.wave.report.PlanReport;
import dev.wave.report.Progress;
import dev.wave.report.RunReport;
import dev.wave.run.FailureDecision;
import dev.wave.run.FailureHandler;
import dev.wave.run.FailureThresholds;
import dev.wave.run.RunListener;
import dev.wave.run.RunOptions;
import dev.wave.run.RunResult;
import dev.wave.run.RunStatus;
import dev.wave.run.Runner;
import dev.wave.run.TaskExecutor;
import dev.wave.run.TaskRecord;
import dev.wave.run.TaskStart;
import dev.wave.safety.Backup;
import dev.wave.safety.CriticalTask;
import dev.wave.safety.CriticalTasks;
import dev.wave.safety.OnFailure;
import dev.wave.safety.RollbackResult;
import dev.wave.safety.RunLock;
import dev.wave.safety.SafetyNet;
import dev.wave.safety.SafetyOptions;
import dev.wave.safety.SafetyReport;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {
            "Runs a plan: at most N tasks at once, each critical task alone, in a safety net.",
            "%nShows the plan and asks 'Ready to execute? (yes/no)' unless --yes is given; critical tasks also "
                    + "need --approve-critical or a yes to their own question.",
            "%nSteps: lock the repository (one run at a time); Wave 0: back it up under "
                    + "refs/wave/backups/<run-id>; run the tasks; then commit the run's changes, or on failure "
                    + "restore the backup exactly and verify it.",
            "%nWrites <repo>/.wave/runs/<run-id>/ (execution_plan.json, orchestrator.log, logs/, checkpoints/, "
                    + "rollback.sh, rollback/, execution_summary.json); .wave/runs/latest links to the newest run.",
        })
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    WaveCommand parent;

    @Mixin
    PlanOptions options;

    @Option(names = "--repo", paramLabel = "DIR", defaultValue = ".",
            description = "The repository to run in; tasks start there (default: the current directory).")
    Path repository;

    @Option(names = "--yes", description = "Approve the plan without asking.")
    boolean yes;

    @Option(names = "--fail-fast", description = "Cancel everything else at the first failed task.")
    boolean failFast;

    @Option(names = "--progress", paramLabel = "STYLE",
            description = "live (a dashboard; the default on a terminal), summary (a line per event; the default otherwise) or quiet.")
    String progress;

    @Option(names = "--retry-backoff", paramLabel = "DURATION", defaultValue = "1s", hidden = true,
            description = "The wait before a task's first retry; doubles on each retry.")
    String retryBackoff;

    @Option(names = "--approve-critical",
            description = "Approve the plan's critical tasks too (--yes alone approves the plan but not them).")
    boolean approveCritical;

    @Option(names = "--on-failure", paramLabel = "POLICY", defaultValue = "rollback",
            description = "When a task fails for good: rollback (default: skip its dependents, let independent work end "
                    + "(--fail-fast stops it at once), then restore the Wave 0 backup), "
                    + "pause (ask retry / skip / abort on a terminal; without one, as rollback) or continue "
                    + "(skip its dependents, keep every change).")
    String onFailure;

    @Option(names = "--no-backup",
            description = "Run without the Wave 0 backup: nothing can be rolled back and nothing is committed. "
                    + "Needed outside a git repository.")
    boolean noBackup;

    @Option(names = "--no-commit", description = "Leave the run's changes uncommitted.")
    boolean noCommit;

    @Option(names = "--branch", paramLabel = "NAME",
            description = "Make the final commit on a new branch NAME (HEAD moves to it) instead of the current branch.")
    String branch;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Progress style = progressStyle();
        Path repo = repository();
        SafetyOptions safetyOptions = safetyOptions();
        PlanCommand.Analysis analysis = PlanCommand.analyse(options, repo);
        Plan plan = analysis.report().plan();
        refuseUnsupported(plan);
        Duration backoff = parseBackoff();
        SafetyNet safety = SafetyNet.open(repo, safetyOptions, Clock.systemUTC());

        analysis.report().print(out);
        analysis.critical().print(out);
        Answers answers = new Answers(parent.in());
        if (!yes && !answers.confirm(out, "Ready to execute? (yes/no) ")) {
            spec.commandLine().getErr().println(
                    "wave: not approved, nothing was changed. Answer yes, or pass --yes to approve without asking.");
            return ExitCodes.NOT_APPROVED;
        }
        if (!criticalApproved(analysis.critical(), answers, out)) {
            return ExitCodes.NOT_APPROVED;
        }
        return execute(analysis.report(), analysis.critical(), repo, safety, style, backoff, out, answers);
    }

    /**
     * The run, in four steps: (1) lock the repository, (2) Wave 0 backup, (3) the tasks, (4) the final
     * commit or the rollback. The summary is written in every case.
     */
    private int execute(PlanReport analysis, CriticalTasks critical, Path repo, SafetyNet safety, Progress style,
            Duration backoff, PrintWriter out, Answers answers) throws InterruptedException {
        Clock clock = Clock.systemUTC();
        Plan plan = analysis.plan();
        String runId = RunDirectory.newRunId(clock.instant());
        try (RunLock lock = safety.lock(runId, "run")) {
            RunDirectory directory = RunDirectory.create(repo, runId);
            Json.write(directory.executionPlan(), analysis.json().put("run_id", runId));
            try (Journal journal = new Journal(directory, plan, clock)) {
                journal.log("run " + runId + " plan=" + plan.source() + " tasks=" + plan.size() + " agents="
                        + analysis.agents() + " mode=" + analysis.estimate().mode().label() + " on_failure="
                        + safety.options().onFailure().label());
                lock.tookOver().ifPresent(previous -> {
                    String line = "took over the run lock of " + previous.describe() + ", whose process is gone";
                    journal.log("lock    " + line);
                    out.println("wave: " + line + ".");
                });

                Optional<Backup> backup = backupWaveZero(safety, runId, directory, journal, out);
                out.printf("Run %s: %d tasks on %d agents, %s mode. Files: %s%n", runId, plan.size(), analysis.agents(),
                        analysis.estimate().mode().label(), RunReport.relative(Path.of(""), directory.root()));
                out.flush();

                Optional<RunResult> ran = runTasks(analysis, critical, repo, safety, runId, directory, journal, style,
                        backoff, out, answers, clock);
                if (ran.isEmpty()) {
                    return ExitCodes.INTERRUPTED; // the shutdown hook halts the JVM with this code
                }
                RunResult result = ran.get();

                SafetyReport report = finish(safety, result, runId, plan, journal);
                RunReport runReport = new RunReport(runId, directory, result, Optional.of(report));
                runReport.write();
                runReport.print(out, Path.of(""));
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
            out.printf("Wave 0: backup %s of %d files (%s) in %dms; 'wave rollback %s' restores it.%n", taken.id(),
                    taken.files(), taken.ref(), taken.millis(), taken.id());
        } else {
            journal.log("wave 0  no backup: " + safety.backupNote());
            out.printf("Wave 0: no backup (%s).%n", safety.backupNote());
        }
        return backup;
    }

    /** Step 3: the tasks. Empty when the run was interrupted and the shutdown hook takes over. */
    private Optional<RunResult> runTasks(PlanReport analysis, CriticalTasks critical, Path repo, SafetyNet safety,
            String runId, RunDirectory directory, Journal journal, Progress style, Duration backoff, PrintWriter out,
            Answers answers, Clock clock) throws InterruptedException {
        Plan plan = analysis.plan();
        RunOptions runOptions = new RunOptions(analysis.agents(), analysis.estimate().mode(), failFast, repo,
                directory.logs(), backoff);
        Progress.Display display = style.display(out, clock, plan, analysis.waves(), analysis.agents());
        AtomicBoolean asking = new AtomicBoolean();
        Optional<FailureHandler> prompt = Terminal.isInteractive()
                ? Optional.of(new PausePrompt(answers, out, asking)) : Optional.empty();
        ExecutorService workers = Threads.pool("wave-worker", Math.min(analysis.agents(), plan.size()));
        ScheduledExecutorService timer = Threads.timer("wave-progress");
        ExecutorService fileHelpers = Threads.pool("wave-files", BuiltinActions.DEFAULT_FILE_THREADS - 1);
        try {
            TaskExecutor executor = TaskExecutor.byKind(TaskExecutor.shell(),
                    BuiltinActions.parallel(fileHelpers, BuiltinActions.DEFAULT_FILE_THREADS),
                    TaskExecutor.refusing("this version of wave cannot run prompt (agent) tasks"));
            Runner runner = new Runner(plan, analysis.waves(), runOptions,
                    safety.protect(executor, critical, runId, directory.root()),
                    both(journal, display.listener()), clock, workers,
                    safety.failurePolicy(prompt, FailureThresholds.MajorFailure.SEQUENTIAL));
            if (style == Progress.LIVE) {
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
                        Optional.of(safety.finish(result, runId, goal(plan))));
                report.write();
                report.print(out, Path.of(""));
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
    private static SafetyReport finish(SafetyNet safety, RunResult result, String runId, Plan plan, Journal journal) {
        SafetyReport report = safety.finish(result, runId, goal(plan));
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

    private boolean criticalApproved(CriticalTasks critical, Answers answers, PrintWriter out) {
        if (critical.isEmpty() || approveCritical) {
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

    private SafetyOptions safetyOptions() {
        OnFailure policy = OnFailure.parse(onFailure);
        if (branch != null && (noCommit || noBackup)) {
            throw WaveException.invalidInput("--branch %s needs the final commit, which %s turns off. Drop one of them.",
                    branch, noCommit ? "--no-commit" : "--no-backup");
        }
        return SafetyOptions.defaults()
                .withBackup(!noBackup)
                .withCommit(!noCommit)
                .withBranch(Optional.ofNullable(branch))
                .withOnFailure(policy)
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

    private static String goal(Plan plan) {
        return plan.goal().orElse("run plan " + Path.of(plan.source()).getFileName());
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

    private Path repository() {
        if (!Files.isDirectory(repository)) {
            throw WaveException.invalidInput("--repo %s is not a directory. Give the repository to run in.", repository);
        }
        return repository.toAbsolutePath().normalize();
    }

    private Progress progressStyle() {
        if (progress == null) {
            return Terminal.isInteractive() ? Progress.LIVE : Progress.SUMMARY;
        }
        try {
            return Progress.valueOf(progress.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw WaveException.invalidInput("--progress must be live, summary or quiet, got \"%s\".", progress);
        }
    }

    private Duration parseBackoff() {
        try {
            return dev.wave.plan.Durations.parse(retryBackoff);
        } catch (IllegalArgumentException e) {
            throw WaveException.invalidInput("--retry-backoff must be a duration like 1s or 500ms, got \"%s\".", retryBackoff);
        }
    }

    private static void refuseUnsupported(Plan plan) {
        for (Task task : plan.tasks()) {
            if (task.action() instanceof Action.Agent) {
                throw WaveException.invalidInput(
                        "%s: task \"%s\" is a prompt (agent) task, and this version of wave runs shell (run:) and built-in (action:) tasks only. Write it as a run: command or an action.",
                        plan.source(), task.id());
            }
        }
    }

    private static RunListener both(RunListener first, RunListener second) {
        return new RunListener() {
            @Override
            public void taskStarted(TaskStart start) {
                first.taskStarted(start);
                second.taskStarted(start);
            }

            @Override
            public void taskRetrying(String id, int failedAttempt, Duration backoff, String reason) {
                first.taskRetrying(id, failedAttempt, backoff, reason);
                second.taskRetrying(id, failedAttempt, backoff, reason);
            }

            @Override
            public void failureDecided(FailureDecision decision) {
                first.failureDecided(decision);
                second.failureDecided(decision);
            }

            @Override
            public void taskEnded(TaskRecord record) {
                first.taskEnded(record);
                second.taskEnded(record);
            }

            @Override
            public void runEnded(RunResult result) {
                first.runEnded(result);
                second.runEnded(result);
            }
        };
    }
}
