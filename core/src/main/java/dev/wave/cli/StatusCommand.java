package dev.wave.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wave.engine.Runs;
import dev.wave.journal.Json;
import dev.wave.journal.RunRow;
import dev.wave.journal.SessionTime;
import dev.wave.plan.Durations;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = {
            "Shows the state of a run, live, from any terminal: each task's status, the current wave, and the time "
                    + "left (an estimate: the scheduler the plan's estimate and the live dashboard use, simulated on "
                    + "the tasks not yet ended with the run's agents and caps; it falls as tasks end). A run whose process was killed is said to have died "
                    + "(its running tasks pending: 'wave resume' runs them again). Reads the run's journal; changes nothing.",
            "%nA run of more than " + StatusCommand.LISTED + " tasks lists only its running, failed and cancelled tasks; "
                    + "--all lists them all.",
            "%nExamples:%n  wave status%n  wave status 20261201-101500-3f2a --json",
        })
final class StatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "RUN_ID", description = "The run (default: the newest).")
    String runId;

    @Mixin
    RepositoryOption repo;

    @Option(names = "--json", description = "Print the state as JSON (every task).")
    boolean json;

    @Option(names = "--all", description = "List every task. Default: every task of a run of up to " + LISTED
            + " tasks; of a larger run, the running, failed and cancelled ones.")
    boolean all;

    /** Runs of more tasks than this list only the tasks worth a look, unless --all. */
    static final int LISTED = 30;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Runs.StatusView status = Runs.status(repo.repository, Optional.ofNullable(runId));
        RunRow run = status.run();
        if (json) {
            out.println(Json.MAPPER.writeValueAsString(json(status)));
            out.flush();
            return ExitCodes.OK;
        }
        String state = status.live() ? "running (process " + run.pid() + ")"
                : state(status) + (died(status) ? " (its process " + run.pid() + " is gone)" : "")
                        + (run.canResume() ? ", can be resumed: wave resume " + run.runId() : "");
        out.printf("Run %s: %s%n", run.runId(), state);
        out.printf("  Goal:    %s%n", run.goal());
        out.printf("  Started: %s%s%n", Json.time(Instant.ofEpochMilli(run.startedAt())),
                status.sessions() > 1 ? " (" + status.sessions() + " sessions)" : "");
        if (!status.sessionTimes().isEmpty()) {
            out.printf("  Sessions: %s (active time: first task start to last task work)%n", sessions(status));
        }
        out.printf("  Tasks:   %s%n", counts(status));
        if (status.currentWave() > 0) {
            out.printf("  Wave:    %d of %d%n", status.currentWave(), status.waves());
        }
        status.etaEstimate().ifPresent(eta -> out.printf("  Left:    about %s (estimate: the scheduler simulated on "
                + "the tasks not yet ended, with the run's agents and caps)%n", Durations.formatMillis(eta.toMillis())));
        List<Runs.TaskView> listed = listed(status.tasks(), all);
        for (Runs.TaskView task : listed) {
            out.printf(Locale.ROOT, "  %-10s %s (wave %d%s)%n", task.status(), task.id(), task.wave(),
                    task.attempts() > 1 ? ", " + task.attempts() + " attempts" : "");
        }
        if (listed.size() < status.tasks().size()) {
            int more = status.tasks().size() - listed.size();
            out.printf("  (%d more task%s, succeeded, skipped or not started: --all lists every task)%n", more,
                    more == 1 ? "" : "s");
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** Every task of a small run (or with --all); of a larger one, those worth a look: running, failed, cancelled. */
    static List<Runs.TaskView> listed(List<Runs.TaskView> tasks, boolean all) {
        if (all || tasks.size() <= LISTED) {
            return tasks;
        }
        return tasks.stream().filter(task -> List.of("running", "failed", "cancelled").contains(task.status())).toList();
    }

    /** The stored status, with a run whose process died while running said to have died, as 'wave history' says. */
    private static String state(Runs.StatusView status) {
        return died(status) ? "died" : status.run().status();
    }

    private static boolean died(Runs.StatusView status) {
        return !status.live() && status.run().status().equals("running");
    }

    /** {@code 1: 3.0s (died: at least), 2: 1.2s so far}. */
    static String sessions(Runs.StatusView status) {
        StringBuilder line = new StringBuilder();
        List<SessionTime> sessions = status.sessionTimes();
        for (SessionTime session : sessions) {
            boolean current = session.session() == sessions.size() && status.live();
            line.append(line.length() == 0 ? "" : ", ").append(session.session()).append(": ")
                    .append(session.firstTaskStart().isEmpty() ? "no task ran" : Durations.formatMillis(session.activeMillis()))
                    .append(current ? " so far" : session.ended() || session.firstTaskStart().isEmpty() ? ""
                            : " (died: at least)");
        }
        return line.toString();
    }

    private static String counts(Runs.StatusView status) {
        StringBuilder line = new StringBuilder();
        status.counts().forEach((name, count) -> {
            if (count > 0) {
                line.append(line.length() == 0 ? "" : ", ").append(count).append(' ').append(name);
            }
        });
        return line.toString();
    }

    private static ObjectNode json(Runs.StatusView status) {
        RunRow run = status.run();
        ObjectNode root = Json.object();
        root.put("run_id", run.runId());
        root.put("status", state(status));
        root.put("live", status.live());
        root.put("resumable", run.canResume());
        root.put("goal", run.goal());
        root.put("started_at", Json.time(Instant.ofEpochMilli(run.startedAt())));
        root.put("sessions", status.sessions());
        if (!status.sessionTimes().isEmpty()) {
            ArrayNode sessions = root.putArray("session_times");
            for (SessionTime session : status.sessionTimes()) {
                sessions.addObject().put("session", session.session())
                        .put("active_seconds", session.activeMillis() / 1000.0).put("ended", session.ended());
            }
        }
        root.put("agents", run.agents());
        root.put("current_wave", status.currentWave());
        root.put("waves", status.waves());
        ObjectNode counts = root.putObject("counts");
        status.counts().forEach(counts::put);
        ObjectNode estimate = root.putObject("estimate");
        status.etaEstimate().ifPresentOrElse(eta -> estimate.put("remaining_seconds", eta.toMillis() / 1000.0),
                () -> estimate.putNull("remaining_seconds"));
        ArrayNode tasks = root.putArray("tasks");
        for (Runs.TaskView task : status.tasks()) {
            ObjectNode node = tasks.addObject();
            node.put("id", task.id());
            node.put("status", task.status());
            node.put("wave", task.wave());
            node.put("attempts", task.attempts());
            task.durationSeconds().ifPresentOrElse(seconds -> node.put("duration_seconds", seconds),
                    () -> node.putNull("duration_seconds"));
        }
        return root;
    }
}
