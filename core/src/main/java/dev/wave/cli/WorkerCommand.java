package dev.wave.cli;

import dev.wave.WaveException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "worker", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Runs tasks of 'wave run --engine temporal' runs on this machine until stopped (Ctrl-C): polls the task "
                    + "queue, runs each task attempt (shell, built-in and prompt tasks) in a fresh git worktree of --repo "
                    + "at the run's starting commit, and hands the changes back as a patch that the submitting side "
                    + "applies. Prompt tasks run the agent CLI the run chose (--agent of 'wave run': claude, codex, aider "
                    + "or a template), found on this worker's PATH. Needs the wave-temporal module (see README.md, "
                    + "\"The Temporal engine\").",
            "%nExample:%n  wave worker --engine temporal --temporal-target 127.0.0.1:7233 --repo ~/clone-of-repo",
        })
final class WorkerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    EngineOptions engine;

    @Mixin
    RepositoryOption repo;

    @Option(names = "--slots", paramLabel = "N", defaultValue = "4",
            description = "How many tasks this worker runs at once (default 4). The run's agent cap still holds across "
                    + "all workers.")
    int slots;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (engine.isLocal()) {
            throw WaveException.invalidInput("wave worker needs an engine that runs tasks elsewhere, got --engine local (the "
                    + "local engine runs its tasks inside 'wave run'). Add --engine temporal.");
        }
        if (slots < 1 || slots > 1000) {
            throw WaveException.invalidInput("--slots must be between 1 and 1000, got %d.", slots);
        }
        return engine.provider().worker(engine.settings(),
                repo.directory("Give the directory of a clone of the repository the runs are submitted from."), slots, out);
    }
}
