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
import dev.wave.run.RunListener;
import dev.wave.run.RunOptions;
import dev.wave.run.RunResult;
import dev.wave.run.RunStatus;
import dev.wave.run.Runner;
import dev.wave.run.TaskExecutor;
import dev.wave.run.TaskRecord;
import dev.wave.run.TaskStart;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {
            "Runs a plan: at most N tasks at once, each critical task alone, failures skipping their dependents.",
            "Shows the plan and asks 'Ready to execute? (yes/no)' unless --yes is given.",
            "Writes <repo>/.wave/runs/<run-id>/ (execution_plan.json, orchestrator.log, logs/, checkpoints/,",
            "execution_summary.json); .wave/runs/latest links to the newest run.",
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

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Progress style = progressStyle();
        Path repo = repository();
        PlanReport analysis = PlanCommand.analyse(options);
        Plan plan = analysis.plan();
        refuseUnsupported(plan);
        Duration backoff = parseBackoff();

        analysis.print(out);
        if (!yes && !approved(out)) {
            spec.commandLine().getErr().println(
                    "wave: not approved, nothing was changed. Answer yes, or pass --yes to approve without asking.");
            return ExitCodes.NOT_APPROVED;
        }
        return execute(analysis, repo, style, backoff, out);
    }

    private int execute(PlanReport analysis, Path repo, Progress style, Duration backoff, PrintWriter out)
            throws InterruptedException {
        Clock clock = Clock.systemUTC();
        Plan plan = analysis.plan();
        String runId = RunDirectory.newRunId(clock.instant());
        RunDirectory directory = RunDirectory.create(repo, runId);
        Json.write(directory.executionPlan(), analysis.json().put("run_id", runId));
        out.printf("Run %s: %d tasks on %d agents, %s mode. Files: %s%n", runId, plan.size(), analysis.agents(),
                analysis.estimate().mode().label(), RunReport.relative(Path.of(""), directory.root()));
        out.flush();

        RunOptions runOptions = new RunOptions(analysis.agents(), analysis.estimate().mode(), failFast, repo,
                directory.logs(), backoff);
        Progress.Display display = style.display(out, clock, plan, analysis.waves(), analysis.agents());
        ExecutorService workers = Threads.pool("wave-worker", Math.min(analysis.agents(), plan.size()));
        ScheduledExecutorService timer = Threads.timer("wave-progress");
        ExecutorService fileHelpers = Threads.pool("wave-files", BuiltinActions.DEFAULT_FILE_THREADS - 1);
        try (Journal journal = new Journal(directory, plan, clock)) {
            journal.log("run " + runId + " plan=" + plan.source() + " tasks=" + plan.size() + " agents="
                    + analysis.agents() + " mode=" + analysis.estimate().mode().label());
            TaskExecutor executor = TaskExecutor.byKind(TaskExecutor.shell(),
                    BuiltinActions.parallel(fileHelpers, BuiltinActions.DEFAULT_FILE_THREADS),
                    TaskExecutor.refusing("this version of wave cannot run prompt (agent) tasks"));
            Runner runner = new Runner(plan, analysis.waves(), runOptions, executor,
                    both(journal, display.listener()), clock, workers);
            if (style == Progress.LIVE) {
                timer.scheduleAtFixedRate(display.refresh(), 250, 250, TimeUnit.MILLISECONDS);
            }
            CountDownLatch reported = new CountDownLatch(1);
            Thread hook = new Thread(() -> interrupt(runner, reported), "wave-interrupt");
            Runtime.getRuntime().addShutdownHook(hook);
            RunResult result = runner.run();
            timer.shutdownNow();
            display.refresh().run();
            RunReport report = new RunReport(runId, directory, result);
            report.write();
            report.print(out, Path.of(""));
            reported.countDown();
            if (result.status() == RunStatus.INTERRUPTED) {
                return ExitCodes.INTERRUPTED; // the hook halts the JVM with this code
            }
            Runtime.getRuntime().removeShutdownHook(hook);
            return result.status() == RunStatus.SUCCEEDED ? ExitCodes.OK : ExitCodes.TASK_FAILED;
        } finally {
            timer.shutdownNow();
            Threads.shutdown(workers, Duration.ofSeconds(10));
            Threads.shutdown(fileHelpers, Duration.ofSeconds(10));
        }
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

    private boolean approved(PrintWriter out) {
        out.print("Ready to execute? (yes/no) ");
        out.flush();
        try {
            String answer = new BufferedReader(new InputStreamReader(parent.in(), StandardCharsets.UTF_8)).readLine();
            return answer != null && (answer.trim().equalsIgnoreCase("yes") || answer.trim().equalsIgnoreCase("y"));
        } catch (IOException e) {
            return false;
        }
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
