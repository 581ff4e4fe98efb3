package dev.wave.journal;

import static java.util.Objects.requireNonNull;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * A run as the journal's {@code runs} table holds it. Times are epoch milliseconds.
 *
 * @param status running, succeeded, failed, interrupted or abandoned
 * @param resumable whether {@code wave resume} may continue it
 * @param request the stored request (JSON) a resume rebuilds the run from
 */
public record RunRow(String runId, String goal, String source, String status, boolean resumable, long startedAt,
        Optional<Long> finishedAt, int tasks, int agents, String mode, Optional<String> backup, long pid, long pidStartedAt,
        String request, Optional<Long> wallMillis, Optional<Long> sequentialMillis, boolean cancelRequested) {
    public RunRow {
        requireNonNull(runId, "runId is null");
        requireNonNull(goal, "goal is null");
        requireNonNull(source, "source is null");
        requireNonNull(status, "status is null");
        requireNonNull(finishedAt, "finishedAt is null");
        requireNonNull(mode, "mode is null");
        requireNonNull(backup, "backup is null");
        requireNonNull(request, "request is null");
        requireNonNull(wallMillis, "wallMillis is null");
        requireNonNull(sequentialMillis, "sequentialMillis is null");
    }

    /** A new run's row, owned by this process. */
    public static RunRow starting(String runId, String goal, String source, long startedAt, int tasks, int agents, String mode,
            String request) {
        ProcessHandle self = ProcessHandle.current();
        return new RunRow(runId, goal, source, "running", true, startedAt, Optional.empty(), tasks, agents, mode,
                Optional.empty(), self.pid(), processStart(self), request, Optional.empty(), Optional.empty(), false);
    }

    /** When a process started, in epoch milliseconds; 0 when unknown. Tells a live owner from a reused pid. */
    public static long processStart(ProcessHandle process) {
        return process.info().startInstant().map(instant -> instant.toEpochMilli()).orElse(0L);
    }

    /** The process that owns this run, while it is alive (a recycled pid with another start time does not count). */
    public Optional<ProcessHandle> liveOwner() {
        if (!status.equals("running")) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(process -> pidStartedAt == 0 || Math.abs(processStart(process) - pidStartedAt) < 1000);
    }

    /** Whether {@code wave resume} can continue it now: not finished for good, and no live process owns it. */
    public boolean canResume() {
        return resumable && (status.equals("running") || status.equals("interrupted")) && liveOwner().isEmpty();
    }

    static RunRow read(ResultSet row) throws SQLException {
        return new RunRow(row.getString("run_id"), row.getString("goal"), row.getString("source"), row.getString("status"),
                row.getInt("resumable") != 0, row.getLong("started_at"), optionalLong(row, "finished_at"), row.getInt("tasks"),
                row.getInt("agents"), row.getString("mode"), Optional.ofNullable(row.getString("backup")), row.getLong("pid"),
                row.getLong("pid_started_at"), row.getString("request"), optionalLong(row, "wall_ms"),
                optionalLong(row, "sequential_ms"), row.getInt("cancel_requested") != 0);
    }

    private static Optional<Long> optionalLong(ResultSet row, String column) throws SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? Optional.empty() : Optional.of(value);
    }
}
