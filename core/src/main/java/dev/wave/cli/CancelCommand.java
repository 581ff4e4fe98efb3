package dev.wave.cli;

import dev.wave.WaveException;
import dev.wave.engine.Runs;
import dev.wave.journal.RunRow;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "cancel", mixinStandardHelpOptions = true,
        description = {
            "Stops a running run from another terminal, as Ctrl-C does: its running tasks are killed, the rest "
                    + "cancelled, its summary written (status interrupted); it can then be resumed or abandoned. "
                    + "Waits up to --wait for it to stop.",
        })
final class CancelCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "RUN_ID", description = "The run (default: the running one).")
    String runId;

    @Mixin
    RepositoryOption repo;

    @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "60",
            description = "How long to wait for the run to stop (default 60).")
    int waitSeconds;

    @Override
    public Integer call() throws Exception {
        if (waitSeconds < 0) {
            throw WaveException.invalidInput("--wait must be 0 or more seconds, got %d. Use --wait 0 not to wait.",
                    waitSeconds);
        }
        PrintWriter out = spec.commandLine().getOut();
        RunRow run = Runs.cancel(repo.repository, Optional.ofNullable(runId));
        out.printf("Cancelling run %s (process %d)...%n", run.runId(), run.pid());
        out.flush();
        if (Runs.awaitEnd(run, Duration.ofSeconds(waitSeconds))) {
            out.printf("Run %s stopped. 'wave resume %s' continues it; 'wave abandon %s' gives it up.%n", run.runId(),
                    run.runId(), run.runId());
            out.flush();
            return ExitCodes.OK;
        }
        spec.commandLine().getErr().printf("wave: run %s is still stopping after %ds (a step such as a rollback finishes "
                + "first). Check with 'wave status %s'.%n", run.runId(), waitSeconds, run.runId());
        return ExitCodes.NOT_APPROVED;
    }
}
