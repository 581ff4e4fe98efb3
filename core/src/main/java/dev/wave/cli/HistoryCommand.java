package dev.wave.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wave.engine.Runs;
import dev.wave.journal.Json;
import dev.wave.journal.RunRow;
import dev.wave.plan.Durations;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "history", mixinStandardHelpOptions = true,
        description = {
            "Lists the repository's runs, newest first: id, status (died: its process was killed while it ran), "
                    + "start, measured wall time, efficiency (none when the wall time was not shorter than the task "
                    + "time; for a resumed run, marked *, measured over the sum of its sessions' active times, as its "
                    + "wall time includes the time between its processes, n/a when the journal lacks its sessions' "
                    + "times; --json gives the fraction) and goal. "
                    + "A run its check refused before any task shows how long it took (backup and check). "
                    + "Reads the journal; changes nothing.",
        })
final class HistoryCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    RepositoryOption repo;

    @Option(names = "--json", description = "Print the runs as a JSON array.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<Runs.HistoryEntry> runs = Runs.history(repo.repository);
        if (json) {
            ArrayNode array = Json.MAPPER.createArrayNode();
            for (Runs.HistoryEntry past : runs) {
                RunRow run = past.run();
                ObjectNode node = array.addObject();
                node.put("run_id", run.runId());
                node.put("status", status(run));
                node.put("goal", run.goal());
                node.put("tasks", run.tasks());
                node.put("agents", run.agents());
                node.put("started_at", Json.time(Instant.ofEpochMilli(run.startedAt())));
                run.finishedAt().ifPresentOrElse(at -> node.put("finished_at", Json.time(Instant.ofEpochMilli(at))),
                        () -> node.putNull("finished_at"));
                run.wallMillis().ifPresentOrElse(wall -> node.put("wall_seconds", wall / 1000.0),
                        () -> node.putNull("wall_seconds"));
                past.efficiency().ifPresentOrElse(value -> node.put("efficiency", Json.round(value, 4)),
                        () -> node.putNull("efficiency"));
                past.noEfficiency().ifPresent(reason -> node.put("efficiency_note", reason));
                node.put("resumes", past.resumes());
                if (past.overSessions()) {
                    node.put("efficiency_over", "active_seconds");
                    node.put("active_seconds", past.measuredMillis() / 1000.0);
                    node.put("sessions", past.sessions().size());
                }
            }
            out.println(Json.MAPPER.writeValueAsString(array));
            out.flush();
            return ExitCodes.OK;
        }
        if (runs.isEmpty()) {
            out.println("No runs yet. Start one with 'wave run'.");
            out.flush();
            return ExitCodes.OK;
        }
        out.printf("%-24s %-12s %-24s %10s %10s  %s%n", "RUN", "STATUS", "STARTED", "WALL", "EFFICIENCY", "GOAL");
        for (Runs.HistoryEntry past : runs) {
            RunRow run = past.run();
            out.printf(Locale.ROOT, "%-24s %-12s %-24s %10s %10s  %s%n", run.runId(), status(run),
                    Json.time(Instant.ofEpochMilli(run.startedAt())),
                    run.wallMillis().map(Durations::formatMillis).orElse("-"),
                    past.efficiency().map(value -> percent(value) + (past.overSessions() ? "*" : ""))
                            .orElse(notApplicable(past) ? "n/a" : "-"),
                    run.goal().split("\\R", 2)[0]);
        }
        if (runs.stream().anyMatch(past -> past.overSessions() && past.efficiency().isPresent())) {
            out.println("*: a resumed run: its efficiency is over the sum of its sessions' active times (each from its "
                    + "first task's start to its tasks' last work), not its wall time, which includes the time between "
                    + "its processes; 'wave report RUN_ID' lists them.");
        }
        if (runs.stream().anyMatch(HistoryCommand::notApplicable)) {
            out.println("n/a: a resumed run's wall time includes the time between its processes, so it has no efficiency.");
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** The stored status, with a run whose process died while running shown as such. */
    private static String status(RunRow run) {
        if (run.status().equals("running") && run.liveOwner().isEmpty()) {
            return "died";
        }
        return run.status();
    }

    /**
     * A run whose only reason for no efficiency is that it was resumed (its wall time spans its processes): shown
     * n/a, with the line saying why. An interrupted or unfinished run, resumed or not, shows "-".
     */
    static boolean notApplicable(Runs.HistoryEntry past) {
        return past.noEfficiency().filter(reason -> reason.startsWith("resumed")).isPresent();
    }

    /** As the run's summary says it: "none" when the wall time was not shorter than the task time. */
    static String percent(double efficiency) {
        return efficiency <= 0 ? "none" : Math.round(efficiency * 100) + "%";
    }
}
