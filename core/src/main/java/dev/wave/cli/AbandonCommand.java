package dev.wave.cli;

import dev.wave.engine.Runs;
import dev.wave.journal.RunRow;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "abandon", mixinStandardHelpOptions = true,
        description = {
            "Gives up a run that could be resumed, so 'wave run' works again. Changes nothing in the repository: "
                    + "the run's changes stay, and its Wave 0 backup stays for 'wave rollback RUN_ID'.",
        })
final class AbandonCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_ID", description = "The run to give up.")
    String runId;

    @Mixin
    RepositoryOption repo;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        RunRow run = Runs.abandon(repo.repository, runId);
        out.printf("Abandoned run %s; it will not be resumed.%n", run.runId());
        run.backup().ifPresentOrElse(
                backup -> out.printf("Its changes are still in the working tree. 'wave rollback %s' restores the state "
                        + "before it (its Wave 0 backup).%n", backup),
                () -> out.println("It has no Wave 0 backup, so there is nothing to roll back to."));
        out.flush();
        return ExitCodes.OK;
    }
}
