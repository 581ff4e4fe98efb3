package dev.wave.report;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wave.journal.Json;
import dev.wave.plan.Durations;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * How far a run had got when its report was made, for a run that has not ended (or ended without writing its
 * summary): what {@link RunSoFar} read from the journal. A report with a progress is a report "so far": its
 * figures cover what the run had recorded by {@link #asOf}, never the run's final ones. Immutable.
 *
 * @param stage whether the run is running, its process died, or it ended without a summary
 * @param status the journal's status of the run (running, abandoned, failed, ...)
 * @param pid the process that ran (or runs) it
 * @param asOf the moment the report covers, epoch milliseconds: now for a running run, else the run's last record
 * @param resumable whether {@code wave resume} can continue it now
 * @param running the tasks with an attempt out (for a run whose process died: out when it died), in plan order
 * @param notStarted how many of the plan's tasks had not started
 * @param checkpoints the journal's record of each task that ended: the files it changed, which the run's
 *     {@code checkpoints/} hold only once a batch of them is written
 */
record SoFar(Stage stage, String status, long pid, long asOf, boolean resumable, List<Running> running,
        int notStarted, Map<String, RunFiles.Checkpoint> checkpoints) {
    /** A task's state in a report so far: it has an attempt out in a live run. */
    static final String RUNNING = "running";
    /** A task's state in a report so far: it had an attempt out when its run's process died. */
    static final String CUT_SHORT = "cut-short";
    /** A task's state in a report so far: it has not started. */
    static final String NOT_STARTED = "not-started";

    SoFar {
        requireNonNull(stage, "stage is null");
        requireNonNull(status, "status is null");
        running = List.copyOf(running);
        checkpoints = Map.copyOf(checkpoints);
    }

    /** Where the run is. */
    enum Stage {
        /** Its process is alive and running it. */
        RUNNING,
        /** Its process died before the end (kill -9, a power loss, a closed terminal). */
        DIED,
        /** It ended without writing {@code execution_summary.json}: abandoned, or refused before its tasks ran. */
        ENDED
    }

    /**
     * A task with an attempt out.
     *
     * @param attempt its attempts so far, over every session, this one included
     * @param since when this attempt started, epoch milliseconds
     * @param instance the agent it runs on ({@code I3}); empty when the journal does not say
     */
    record Running(String id, int wave, int attempt, long since, String instance, long estimateMillis) {
        Running {
            requireNonNull(id, "id is null");
            requireNonNull(instance, "instance is null");
        }
    }

    /** Whether {@code status} is one of the task states only a report so far has. */
    static boolean unfinished(String status) {
        return RUNNING.equals(status) || CUT_SHORT.equals(status) || NOT_STARTED.equals(status);
    }

    /** The time {@link #asOf} as the files write times. */
    String asOfText() {
        return Json.time(Instant.ofEpochMilli(asOf));
    }

    /** Why the figures that need the run's end are not given. */
    String notEnded() {
        return switch (stage) {
            case RUNNING -> "the run has not ended";
            case DIED -> "its process died before the end";
            case ENDED -> "the run ended without its summary";
        };
    }

    /** What the run is, for the report's first line: {@code in progress: its process 4242 is running it}. */
    String describe(String runId) {
        return switch (stage) {
            case RUNNING -> "in progress: its process " + pid + " is running it; the report so far, as of " + asOfText();
            case DIED -> "died: its process " + pid + " died (its last record at " + asOfText() + "); "
                    + (resumable ? "'wave resume " + runId + "' continues it" : "it cannot be resumed (" + status + ")");
            case ENDED -> status.equals("abandoned")
                    ? "abandoned: its process died before the end and the run was given up ('wave abandon'); what it "
                            + "recorded, up to " + asOfText()
                    : status + " without a summary (it ended before its tasks ran, or its execution_summary.json was "
                            + "removed); what its journal recorded, up to " + asOfText();
        };
    }

    /** The pill of the HTML report: running, died, or the journal's status. */
    String label() {
        return switch (stage) {
            case RUNNING -> "running";
            case DIED -> "died";
            case ENDED -> status;
        };
    }

    /** The most running tasks listed one a line by {@link #printRunning}; past it, how many more. */
    static final int LISTED_RUNNING = 20;

    /** The console lines of the tasks with an attempt out: since when (and how long so far), which attempt, where. */
    void printRunning(PrintWriter out) {
        boolean live = stage == Stage.RUNNING;
        for (Running task : running.subList(0, Math.min(running.size(), LISTED_RUNNING))) {
            out.printf("  %-12s %s since %s, attempt %d%s: %s%s%n", live ? "Running:" : "Cut short:", task.id(),
                    Json.time(Instant.ofEpochMilli(task.since())), task.attempt(),
                    task.instance().isEmpty() ? "" : " on " + task.instance(),
                    Durations.formatMillis(Math.max(0, asOf - task.since())), live ? " so far" + (task.estimateMillis() > 0
                            ? " (estimate " + Durations.formatMillis(task.estimateMillis()) + ")" : "")
                            : " at least; 'wave resume' runs it again");
        }
        if (running.size() > LISTED_RUNNING) {
            out.printf("  %-12s ... and %d more (the HTML report lists them all)%n", "", running.size() - LISTED_RUNNING);
        }
    }

    /**
     * Adds {@code so_far} to the HTML report's data: where the run is, the moment the page covers (from {@code base},
     * the run's start, epoch milliseconds), why the figures that need the end are not given, and the tasks with an
     * attempt out.
     */
    void addTo(ObjectNode root, String runId, long base) {
        ObjectNode node = root.putObject("so_far");
        node.put("stage", stage.name().toLowerCase(java.util.Locale.ROOT));
        node.put("describe", describe(runId));
        node.put("as_of", asOfText());
        node.put("as_of_ms", Math.max(0, asOf - base));
        node.put("not_ended", notEnded());
        node.put("pid", pid);
        node.put("resumable", resumable);
        node.put("not_started", notStarted);
        ArrayNode tasks = node.putArray("running");
        for (Running task : running) {
            tasks.addObject().put("id", task.id()).put("wave", task.wave()).put("attempt", task.attempt())
                    .put("instance", task.instance()).put("since_ms", task.since() - base)
                    .put("for_ms", Math.max(0, asOf - task.since())).put("estimate_ms", task.estimateMillis());
        }
    }
}
