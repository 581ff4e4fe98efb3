package dev.wave.cli;

import dev.wave.WaveException;
import dev.wave.engine.Approver;
import dev.wave.engine.Orchestrator;
import dev.wave.request.ProgressDisplay;
import dev.wave.engine.RunEnvironment;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "resume", mixinStandardHelpOptions = true,
        description = {
            "Continues a run whose process died (kill -9, a crash, a closed terminal) or was interrupted.",
            "%nFrom the run's journal: tasks that finished are not run again; tasks that were running run again "
                    + "from the start (their partial logs kept as logs/<task>.log.partial-N); the Wave 0 backup of the "
                    + "run's start stays the rollback point; the summary covers the whole run, and what agents spent "
                    + "before counts in its totals and its budget. The run was approved when it started, so nothing is "
                    + "asked; its agent CLIs are checked again first, as 'wave run' does. Exit codes as for 'wave run'.",
            "%nExamples:%n  wave resume%n  wave resume 20261201-101500-3f2a --repo wave-demo",
        })
final class ResumeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    WaveCommand parent;

    @Parameters(index = "0", arity = "0..1", paramLabel = "RUN_ID",
            description = "The run to continue (default: the newest that can be resumed).")
    String runId;

    @Mixin
    RepositoryOption repo;

    @Option(names = {"--progress", "--progress-display"}, paramLabel = "STYLE",
            description = "live, summary or quiet (default: summary without a terminal, live on one).")
    String progress;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ProgressDisplay shown = Interrupts.onThisTerminal(progress == null ? ProgressDisplay.LIVE
                : Arrays.stream(ProgressDisplay.values()).filter(style -> style.label().equals(progress)).findFirst()
                        .orElseThrow(() -> WaveException.invalidInput("--progress must be one of live, summary, quiet, got "
                                + "\"%s\". Omit it for the default (live).", progress)));
        Orchestrator orchestrator = Orchestrator.create(parent::machine);
        return Interrupts.run(out, err, control -> orchestrator.resume(repo.repository, Optional.ofNullable(runId),
                RunEnvironment.of(out, Approver.all()).withControl(control).withProgress(shown)));
    }
}
