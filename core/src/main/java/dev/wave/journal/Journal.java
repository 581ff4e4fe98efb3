package dev.wave.journal;

import static java.util.Objects.requireNonNull;

import dev.wave.plan.Plan;
import dev.wave.plan.TaskGraph;
import dev.wave.request.CheckpointVerbosity;
import dev.wave.run.FailureDecision;
import dev.wave.run.InsertedTask;
import dev.wave.run.RunListener;
import dev.wave.run.RunResult;
import dev.wave.run.TaskProgress;
import dev.wave.run.TaskRecord;
import dev.wave.run.TaskStart;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Records a run's files: the checkpoints and a line per event in {@code orchestrator.log}.
 * The durable record is the journal's database ({@link RunJournal}); these files are written from
 * the same records in batches: checkpoints every {@value #CHECKPOINT_BATCH} task ends and when the
 * run ends, log lines at most every {@value #FLUSH_MILLIS} ms and on close. A run of up to
 * {@value #PER_TASK_FILES_UP_TO} tasks writes a file per task ({@code checkpoints/<task>.json}); a
 * larger one writes them as the lines of one file, {@code checkpoints.jsonl}, since creating a file
 * costs 0.5-2 ms on a busy machine (as much as starting the task's process) and a line a few
 * microseconds. Thread-safe. Call {@link #close} when the run is over.
 */
public final class Journal implements RunListener, AutoCloseable {
    private final RunDirectory directory;
    private final TaskGraph graph;
    private final InstantSource clock;
    private final CheckpointVerbosity verbosity;
    private final Object lock = new Object();
    private final Writer log; // guarded by lock
    private final List<Checkpoint> pending = new ArrayList<>(); // guarded by lock; checkpoints not yet written
    private long flushedAt; // guarded by lock
    private final java.util.Map<String, TaskProgress> agents = new java.util.HashMap<>(); // guarded by lock; last word per agent task
    static final int CHECKPOINT_BATCH = 256;
    /** The largest run whose checkpoints are a file per task; a larger one's are lines of {@code checkpoints.jsonl}. */
    public static final int PER_TASK_FILES_UP_TO = 1000;
    private final boolean perTaskFiles;
    private Writer lines; // guarded by lock; checkpoints.jsonl, opened on its first batch
    static final long FLUSH_MILLIS = 200;

    /** A journal writing detailed checkpoints. */
    public Journal(RunDirectory directory, Plan plan, InstantSource clock) {
        this(directory, plan, clock, CheckpointVerbosity.DETAILED);
    }

    /**
     * @param verbosity {@code detailed} checkpoints hold the task's output summary and the files it
     *     changed; {@code minimal} ones only their count
     */
    public Journal(RunDirectory directory, Plan plan, InstantSource clock, CheckpointVerbosity verbosity) {
        this.directory = requireNonNull(directory, "directory is null");
        this.graph = requireNonNull(plan, "plan is null").graph();
        this.clock = requireNonNull(clock, "clock is null");
        this.verbosity = requireNonNull(verbosity, "verbosity is null");
        this.perTaskFiles = plan.size() <= PER_TASK_FILES_UP_TO;
        try {
            this.log = Files.newBufferedWriter(directory.orchestratorLog(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + directory.orchestratorLog(), e);
        }
    }

    /** Appends one line to {@code orchestrator.log}, stamped with the time. */
    public void log(String message) {
        synchronized (lock) {
            try {
                long now = clock.millis();
                log.write(Json.time(java.time.Instant.ofEpochMilli(now)) + " " + message + "\n");
                if (now - flushedAt >= FLUSH_MILLIS) {
                    log.flush();
                    flushedAt = now;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + directory.orchestratorLog(), e);
            }
        }
    }

    @Override
    public void taskStarted(TaskStart start) {
        log(String.format(Locale.ROOT, "start   %s wave=%d instance=%s running=%d", start.id(), start.wave(), start.instance(),
                start.running()));
    }

    @Override
    public void taskRetrying(String id, int failedAttempt, Duration backoff, String reason) {
        log(String.format(Locale.ROOT, "retry   %s attempt=%d failed (%s); next attempt in %dms", id, failedAttempt, reason,
                backoff.toMillis()));
    }

    @Override
    public void failureDecided(FailureDecision decision) {
        log(String.format(Locale.ROOT, "decide  %s attempt=%d action=%s failed_tasks=%d/%d rate=%.1f%% agents=%d->%d: %s",
                decision.taskId(), decision.attempt(), decision.action().label(), decision.failedTasks(), decision.tasks(),
                100 * decision.rate(), decision.agentsBefore(), decision.agentsAfter(), decision.reason()));
    }

    @Override
    public void taskProgressed(String id, TaskProgress progress) {
        synchronized (lock) {
            agents.put(id, progress);
        }
    }

    @Override
    public void taskEnded(TaskRecord record) {
        List<Checkpoint> batch = List.of();
        synchronized (lock) {
            Checkpoint checkpoint = checkpoint(record);
            TaskProgress agent = agents.remove(record.id());
            pending.add(agent == null ? checkpoint : checkpoint.withAgent(agent));
            if (pending.size() >= CHECKPOINT_BATCH) {
                batch = List.copyOf(pending);
                pending.clear();
            }
        }
        write(batch);
        log(String.format(Locale.ROOT, "%-7s %s wave=%d%s attempts=%d duration=%.3fs %s", record.state().label(), record.id(),
                record.wave(), record.exitCode().map(code -> " exit=" + code).orElse(""), record.attempts(),
                Json.seconds(record.durationMillis()), record.summary()));
    }

    /** Writes the checkpoints not yet written. */
    public void flushCheckpoints() {
        List<Checkpoint> batch;
        synchronized (lock) {
            batch = List.copyOf(pending);
            pending.clear();
        }
        write(batch);
    }

    /** Whether this run's checkpoints are a file per task (else lines of {@code checkpoints.jsonl}). */
    public boolean perTaskFiles() {
        return perTaskFiles;
    }

    /**
     * For a resumed run, before its tasks start: writes the checkpoints of the tasks an earlier session finished,
     * which that session may have left unwritten (files are written in batches; the journal has them all): the
     * missing files, or {@code checkpoints.jsonl} anew from them.
     */
    public void restore(List<Checkpoint> earlier) {
        if (perTaskFiles) {
            for (Checkpoint checkpoint : earlier) {
                Path file = directory.checkpoint(checkpoint.taskId());
                if (!Files.exists(file)) {
                    checkpoint.write(file);
                }
            }
            return;
        }
        synchronized (lock) {
            if (lines != null) {
                throw new IllegalStateException("restore before the run's own checkpoints");
            }
            Path file = directory.checkpointLines();
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            try (Writer out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
                for (Checkpoint checkpoint : earlier) {
                    out.write(checkpoint.json());
                    out.write('\n');
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file, e);
            }
            try {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file, e);
            }
        }
    }

    private void write(List<Checkpoint> batch) {
        if (batch.isEmpty()) {
            return;
        }
        if (perTaskFiles) {
            batch.forEach(checkpoint -> checkpoint.write(directory.checkpoint(checkpoint.taskId())));
            return;
        }
        synchronized (lock) {
            try {
                if (lines == null) {
                    lines = Files.newBufferedWriter(directory.checkpointLines(), StandardCharsets.UTF_8,
                            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                }
                for (Checkpoint checkpoint : batch) {
                    lines.write(checkpoint.json());
                    lines.write('\n');
                }
                lines.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + directory.checkpointLines(), e);
            }
        }
    }

    @Override
    public void fixWaveInserted(String id, String wave, String failure) {
        log(String.format(Locale.ROOT, "fix     wave %s inserted for %s: its check failed: %s", wave, id,
                failure.strip().lines().reduce((first, second) -> second).orElse("")));
    }

    @Override
    public void insertedTaskStarted(TaskStart start, String wave) {
        log(String.format(Locale.ROOT, "start   %s wave=%s instance=%s", start.id(), wave, start.instance()));
    }

    @Override
    public void insertedTaskEnded(InsertedTask task) {
        write(List.of(Checkpoint.of(task, verbosity == CheckpointVerbosity.DETAILED)));
        TaskRecord record = task.record();
        log(String.format(Locale.ROOT, "%-7s %s wave=%s%s attempts=%d duration=%.3fs %s", record.state().label(),
                record.id(), task.wave(), record.exitCode().map(code -> " exit=" + code).orElse(""), record.attempts(),
                Json.seconds(record.durationMillis()), record.summary()));
    }

    @Override
    public void budgetReached(String reason) {
        log("budget  " + reason + ": no agent task starts any more");
    }

    @Override
    public void providerPaused(String provider, Duration delay, String taskId) {
        log(String.format(Locale.ROOT, "pause   %s for %dms: %s hit a rate limit", provider, delay.toMillis(), taskId));
    }

    @Override
    public void runEnded(RunResult result) {
        flushCheckpoints();
        log(String.format(Locale.ROOT, "run     %s wall=%.3fs sequential=%.3fs peak=%d", result.status().label(),
                Json.seconds(result.wallMillis()), Json.seconds(result.sequentialMillis()), result.peakConcurrency()));
    }

    private Checkpoint checkpoint(TaskRecord record) {
        return Checkpoint.of(record, verbosity == CheckpointVerbosity.DETAILED, graph);
    }

    @Override
    public void close() {
        flushCheckpoints();
        synchronized (lock) {
            try {
                log.close();
                if (lines != null) {
                    lines.close();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close " + directory.orchestratorLog(), e);
            }
        }
    }
}
