package dev.wave.report;

import static java.util.Objects.requireNonNull;

import dev.wave.journal.Json;
import dev.wave.plan.Durations;
import dev.wave.run.RunListener;
import dev.wave.run.TaskRecord;
import dev.wave.run.TaskStart;
import dev.wave.schedule.TaskState;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.InstantSource;

/** Progress for logs and pipes: one plain line per event. Thread-safe. */
final class PlainProgress implements RunListener {
    private final PrintWriter out;
    private final InstantSource clock;
    private final int total;
    private int ended; // guarded by this

    PlainProgress(PrintWriter out, InstantSource clock, int total) {
        this.out = requireNonNull(out, "out is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.total = total;
    }

    @Override
    public synchronized void taskStarted(TaskStart start) {
        line(start.startedAt(), String.format("start     %s (wave %d, %s)", start.id(), start.wave(), start.instance()));
    }

    @Override
    public synchronized void taskRetrying(String id, int failedAttempt, Duration backoff, String reason) {
        line(clock.instant(), String.format("retry     %s: attempt %d failed (%s); again in %s", id, failedAttempt, reason,
                Durations.format(backoff)));
    }

    @Override
    public synchronized void taskEnded(TaskRecord record) {
        ended++;
        String detail = switch (record.state()) {
            case SUCCEEDED -> Durations.formatMillis(record.durationMillis());
            case FAILED -> Durations.formatMillis(record.durationMillis()) + ", "
                    + RunReport.failure(record.exitCode(), record.summary());
            case SKIPPED, CANCELLED -> record.summary();
            case PENDING, READY, RUNNING -> throw new IllegalStateException("task " + record.id() + " was reported ended in state "
                    + record.state() + "; an ended task must be succeeded, failed, skipped or cancelled");
        };
        String label = record.state() == TaskState.SUCCEEDED ? "done" : record.state().label();
        line(record.finishedAt().orElseGet(clock::instant), String.format("%-9s %s (%s) [%d/%d]", label, record.id(), detail, ended, total));
    }

    private void line(java.time.Instant at, String text) {
        out.println(Json.time(at).substring(11, 23) + " " + text);
        out.flush();
    }
}
