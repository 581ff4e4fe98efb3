package dev.wave.cli;

import dev.wave.engine.Approver;
import dev.wave.engine.RunControl;
import dev.wave.engine.RunEnvironment;
import dev.wave.engine.RunOutcome;
import dev.wave.request.ProgressDisplay;
import dev.wave.request.Settings;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Runs the orchestrator with Ctrl-C and SIGTERM wired to its {@link RunControl}: a signal before the
 * repository is locked exits 130 at once with nothing changed; later, the run finishes the step it is
 * in (Wave 0, the commit, a rollback) or cancels its tasks, writes its summary, and then wave exits 130.
 */
final class Interrupts {
    /** How long a signal waits for the run to settle (a rollback of a large repository takes a while). */
    static final Duration SETTLE = Duration.ofMinutes(5);

    private Interrupts() {}

    static int run(PrintWriter out, PrintWriter err, Function<RunControl, RunOutcome> execute) {
        RunControl control = new RunControl();
        Thread hook = new Thread(() -> {
            control.cancel();
            if (control.isChanging()) {
                try {
                    control.awaitSettled(SETTLE);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            out.flush();
            Runtime.getRuntime().halt(ExitCodes.INTERRUPTED);
        }, "wave-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
        RunOutcome outcome;
        try {
            outcome = execute.apply(control);
        } finally {
            if (!control.isCancelled()) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // Shutting down already: the hook exits 130.
                }
            }
        }
        if (outcome.verdict() == RunOutcome.Verdict.ROLLBACK_UNVERIFIED) {
            String runId = outcome.runId().orElse("?");
            err.printf("wave: the rollback of run %s could not be verified; see the checks above. Backup %s still holds the "
                    + "state before the run.%n", runId, outcome.backup().orElse(runId));
            err.flush();
        }
        return exitCode(outcome);
    }

    static RunEnvironment environment(PrintWriter out, Approver approver, Answers answers, Settings settings,
            RunControl control) {
        AtomicBoolean asking = new AtomicBoolean();
        ProgressDisplay style = settings.progressDisplay().value();
        RunEnvironment environment = RunEnvironment.of(out, approver).withControl(control)
                .withProgress(onThisTerminal(style));
        return Terminal.isInteractive() ? environment.withPausePrompt(new PausePrompt(answers, out, asking), () -> !asking.get())
                : environment;
    }

    /** Live progress needs a terminal: without one it is shown as plain lines (summary). */
    static ProgressDisplay onThisTerminal(ProgressDisplay style) {
        return style == ProgressDisplay.LIVE && !Terminal.isInteractive() ? ProgressDisplay.SUMMARY : style;
    }

    static int exitCode(RunOutcome outcome) {
        return switch (outcome.verdict()) {
            case SUCCEEDED, DRY_RUN -> ExitCodes.OK;
            case FAILED -> ExitCodes.TASK_FAILED;
            case NOT_APPROVED, ROLLBACK_UNVERIFIED -> ExitCodes.NOT_APPROVED;
            case INTERRUPTED -> ExitCodes.INTERRUPTED;
        };
    }
}
