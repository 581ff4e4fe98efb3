package dev.wave.cli;

import dev.wave.engine.Runs;
import dev.wave.report.HtmlReport;
import dev.wave.report.PastRun;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = {
            "Shows the measured report of a run, and writes its HTML report; of a run still running, or whose process "
                    + "died, the report so far.",
            "%nPrints the run's console summary from its files (execution_plan.json, execution_summary.json). "
                    + "--html writes (or writes again) report.html in the run directory: one self-contained page "
                    + "with the plan, a timeline of every task on its agent, concurrency, per-wave utilisation, "
                    + "estimates against measured times, failures with log excerpts, files changed and the safety net; "
                    + "for agent tasks also their tokens and dollars per task, wave and run (as the agents reported them), "
                    + "the budget, the fix waves with their steps, the worktrees and branches kept for inspection (or "
                    + "removed since) and the merge conflicts. The text summary gives the same facts. "
                    + "A rollback made after the run with 'wave rollback' is shown, verified or not and when. "
                    + "%nA run that has not ended (still running, its process died, or ended without its summary) is "
                    + "reported so far, from what it has recorded (its journal and execution_plan.json): "
                    + "the tasks ended with their measured times, the tasks running (since when, which attempt, on which "
                    + "agent), the tasks not started, and the timeline so far; figures that need the end are given as so "
                    + "far (wall time, critical path) or not given (efficiency), never as final. --html then writes "
                    + "report-so-far.html, never report.html, which the run writes when it ends. "
                    + "It needs no network. Changes nothing else.",
            "%nExamples:%n  wave report%n  wave report 20261201-141724-77f0 --html --open%n"
                    + "  wave report --html      (a run still running: writes report-so-far.html)",
        })
final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "RUN_ID",
            description = "The run (a directory name under .wave/runs). Default: the newest run.")
    String runId;

    @Mixin
    RepositoryOption repo;

    @Option(names = "--html", description = "Write report.html in the run directory (report-so-far.html for a run "
            + "that has not ended) and print its path.")
    boolean html;

    @Option(names = "--open", description = "Open the HTML report in the desktop's browser (xdg-open); implies --html.")
    boolean open;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Path repository = repo.directory("Give the repository the run was in.");
        Path directory = PastRun.directory(repository, Optional.ofNullable(runId));
        PastRun run = PastRun.read(directory, Runs.root(repository), java.time.Clock.systemUTC());
        Path base = Path.of("").toAbsolutePath();
        if (!html && !open) {
            run.print(out, base);
            return ExitCodes.OK;
        }
        Path page = HtmlReport.write(run);
        out.printf("HTML report %sof run %s: %s%n", run.ended() ? "" : "so far ", run.runId(), page.toAbsolutePath());
        if (open) {
            out.println(openInBrowser(page));
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** Opens the page with xdg-open when there is one; says where the page is either way. */
    private static String openInBrowser(Path page) {
        Optional<Path> opener = onPath("xdg-open");
        if (opener.isEmpty()) {
            return "No xdg-open on this machine to open it with: open " + page.toUri() + " in a browser.";
        }
        try {
            Process process = new ProcessBuilder(opener.get().toString(), page.toAbsolutePath().toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() != 0) {
                return "xdg-open could not open it (exit " + process.exitValue() + "): open " + page.toUri()
                        + " in a browser.";
            }
            return "Opened with xdg-open.";
        } catch (IOException e) {
            return "xdg-open could not be started (" + e.getMessage() + "): open " + page.toUri() + " in a browser.";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "Interrupted while opening it: open " + page.toUri() + " in a browser.";
        }
    }

    private static Optional<Path> onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String directory : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(directory, program);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
