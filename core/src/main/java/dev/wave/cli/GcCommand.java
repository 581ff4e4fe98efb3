package dev.wave.cli;

import dev.wave.engine.Runs;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "gc", mixinStandardHelpOptions = true,
        description = {
            "Keeps .wave/ bounded: deletes the run directories of finished runs older than the newest --keep "
                    + "(with the agent worktrees and wave/<run>/* branches they kept for inspection), and "
                    + "applies checkpoint_retention (cleanup or archive) to the succeeded runs kept. The journal "
                    + "forgets the removed runs' task events (attempts, checkpoints, usage) and keeps their history and "
                    + "measured durations; a resumed run keeps all of its events. Never touches a running or "
                    + "resumable run, the journal's history ('wave history') or any backup.",
        })
final class GcCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    RepositoryOption repo;

    @Option(names = "--keep", paramLabel = "N", defaultValue = "10",
            description = "How many finished runs keep their directories (default 10).")
    int keep;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Runs.Collected collected = Runs.gc(repo.repository, keep);
        collected.retained().forEach(note -> out.println("Checkpoints of " + note));
        out.printf(Locale.ROOT, "Removed %d run director%s (%.1f MB); kept %d finished run%s (--keep %d)%s.%n",
                collected.removed().size(), collected.removed().size() == 1 ? "y" : "ies",
                collected.bytesFreed() / 1_000_000.0, collected.kept(), collected.kept() == 1 ? "" : "s", keep,
                collected.skipped() == 0 ? "" : " and " + collected.skipped() + " running or resumable");
        if (collected.eventsDropped() > 0) {
            out.printf(Locale.ROOT, "Dropped %d events of their tasks from the journal (their history and measured "
                    + "durations stay).%n", collected.eventsDropped());
        }
        out.flush();
        return ExitCodes.OK;
    }
}
