package dev.wave.report;

import static java.util.Objects.requireNonNull;

import dev.wave.journal.Json;
import dev.wave.plan.Durations;
import dev.wave.run.InsertedTask;
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

    @Override
    public synchronized void fixWaveInserted(String id, String wave, String failure) {
        line(clock.instant(), String.format("fix wave  %s for %s: its check failed; analyse, fix, re-check", wave, id));
    }

    @Override
    public synchronized void insertedTaskStarted(TaskStart start, String wave) {
        line(start.startedAt(), String.format("start     %s (wave %s, %s)", start.id(), wave, start.instance()));
    }

    @Override
    public synchronized void insertedTaskEnded(InsertedTask task) {
        TaskRecord record = task.record();
        String label = record.state() == TaskState.SUCCEEDED ? "done" : record.state().label();
        line(record.finishedAt().orElseGet(clock::instant), String.format("%-9s %s (wave %s, %s, %s)", label, record.id(),
                task.wave(), Durations.formatMillis(record.durationMillis()), record.summary()));
    }

    @Override
    public synchronized void budgetReached(String reason) {
        line(clock.instant(), "budget    " + reason + ": no agent task starts any more; running ones finish");
    }

    @Override
    public synchronized void providerPaused(String provider, Duration delay, String taskId) {
        line(clock.instant(), String.format("pause     %s: %s hit a rate limit; its tasks start again in %s", provider, taskId,
                Durations.format(delay)));
    }

    private void line(java.time.Instant at, String text) {
        out.println(Json.time(at).substring(11, 23) + " " + text);
        out.flush();
    }
}
