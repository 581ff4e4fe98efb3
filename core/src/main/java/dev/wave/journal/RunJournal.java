package dev.wave.journal;

import static java.util.Objects.requireNonNull;

import dev.wave.plan.TaskGraph;
import dev.wave.run.EventLog;
import dev.wave.run.RunEvent;
import dev.wave.run.TaskProgress;
import dev.wave.run.TaskRecord;
import dev.wave.run.Usage;
import dev.wave.schedule.TaskState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One run's events in the journal's database, in order. {@link #append} only queues (it is called
 * under the runner's lock); {@link #sync} writes everything queued in one transaction (group commit),
 * so a burst of task ends costs one commit; the runner syncs before it starts what those events
 * released. {@link #record} appends and syncs at once, for the run's own steps (backup, commit,
 * rollback). A write that fails throws {@link EventLog.JournalFailure}; the runner then stops the run.
 *
 * <p>Agents: {@link #agentProgressed} hears each agent's figures as it works. A task's end carries its
 * agent's last figures (tool, turns, tokens, cost) in its checkpoint, as the checkpoint file does; and each
 * change of an attempt's usage is written at once as an {@value #AGENT_USAGE} event, so that what an agent
 * killed with the process had spent still counts in the run's totals and budget after a resume
 * ({@link RunState#spent}).
 *
 * <p>Thread-safe.
 */
public final class RunJournal implements EventLog {
    private final RunStore store;
    private final String runId;
    private final TaskGraph graph;
    private final InstantSource clock;
    private final Map<String, String> durationKeys;
    private final Map<String, Checkpoint> durableEnds = new java.util.concurrent.ConcurrentHashMap<>();
    /** For a resumed run: how each task that ended in an earlier session last ended. */
    private final Map<String, Checkpoint> earlierEnds;
    private final Map<String, TaskProgress> agents = new java.util.concurrent.ConcurrentHashMap<>(); // last word per task
    private final Map<String, Integer> attempts = new java.util.concurrent.ConcurrentHashMap<>(); // last started, per task
    private final Map<String, Usage> usageWritten = new java.util.concurrent.ConcurrentHashMap<>(); // per task
    private final Object queueLock = new Object();
    private List<Pending> queue = new ArrayList<>(); // guarded by queueLock
    private long nextSeq; // guarded by queueLock
    private PreparedStatement insert; // guarded by store.lock; prepared once (preparing costs about as much as the commit)

    private record Pending(long seq, long at, RunEvent event, String kind, String task, int attempt, String detail) {}

    private RunJournal(RunStore store, String runId, TaskGraph graph, InstantSource clock, long nextSeq,
            Map<String, String> durationKeys, Map<String, Checkpoint> earlierEnds) {
        this.store = store;
        this.earlierEnds = earlierEnds;
        this.runId = runId;
        this.graph = graph;
        this.clock = clock;
        this.nextSeq = nextSeq;
        this.durationKeys = Map.copyOf(durationKeys);
    }

    /**
     * The journal of a new run: adds its row and its first event.
     *
     * @param durationKeys for each task, the key its measured duration is remembered under, for later estimates
     */
    public static RunJournal start(RunStore store, RunRow row, TaskGraph graph, InstantSource clock,
            Map<String, String> durationKeys) {
        requireNonNull(store, "store is null");
        store.insertRun(row);
        RunJournal journal = new RunJournal(store, row.runId(), graph, clock, 1, durationKeys, Map.of());
        journal.record("run_started", Optional.empty(), row.goal());
        Checkpoint.warmUp(); // after the first event: a process killed meanwhile has at least that
        return journal;
    }

    /**
     * The journal of a run continued by this process ({@code wave resume}).
     *
     * @param earlier the run as the journal told it when this process read it: how its tasks ended, for the input checks
     */
    public static RunJournal resume(RunStore store, RunState earlier, TaskGraph graph, InstantSource clock,
            Map<String, String> durationKeys) {
        requireNonNull(store, "store is null");
        String runId = earlier.run().runId();
        long next = 1;
        synchronized (store.lock) {
            try (PreparedStatement statement = store.connection().prepareStatement(
                    "SELECT COALESCE(MAX(seq), 0) + 1 FROM events WHERE run_id = ?")) {
                statement.setString(1, runId);
                try (ResultSet rows = statement.executeQuery()) {
                    next = rows.next() ? rows.getLong(1) : 1;
                }
            } catch (SQLException e) {
                throw store.failure("read run " + runId, e);
            }
        }
        ProcessHandle self = ProcessHandle.current();
        store.owner(runId, self.pid(), RunRow.processStart(self));
        Checkpoint.warmUp();
        RunJournal journal = new RunJournal(store, runId, graph, clock, next, durationKeys, earlier.ended());
        journal.record("resumed", Optional.empty(), "pid " + self.pid());
        return journal;
    }

    /** The event kind of an agent attempt's usage so far: task, attempt, and the usage as JSON. */
    public static final String AGENT_USAGE = "agent_usage";

    /**
     * What the agent of task {@code taskId} has done so far. Remembered for the task's end, and its usage,
     * when it changed, written to the journal at once (a failed write is dropped: the run's next write fails
     * the same way and stops the run).
     */
    public void agentProgressed(String taskId, TaskProgress progress) {
        requireNonNull(taskId, "taskId is null");
        requireNonNull(progress, "progress is null");
        agents.put(taskId, progress);
        Usage usage = new Usage(progress.inputTokens(), progress.outputTokens(),
                progress.costUsd() > 0 ? Optional.of(progress.costUsd()) : Optional.empty());
        if (usage.isEmpty() || usage.equals(usageWritten.put(taskId, usage))) {
            return;
        }
        synchronized (store.lock) {
            long seq;
            synchronized (queueLock) {
                seq = nextSeq++;
            }
            try {
                PreparedStatement insert = insert();
                row(insert, seq, clock.millis(), AGENT_USAGE, taskId, attempts.getOrDefault(taskId, 0),
                        UsageDetail.json(usage));
                insert.executeUpdate();
            } catch (SQLException e) {
                usageWritten.remove(taskId);
            }
        }
    }

    /** The events' insert, prepared once (preparing costs about as much as a commit); under {@code store.lock}. */
    private PreparedStatement insert() throws SQLException {
        if (insert == null) {
            insert = store.connection().prepareStatement(
                    "INSERT INTO events (run_id, seq, at, kind, task, attempt, detail) VALUES (?, ?, ?, ?, ?, ?, ?)");
        }
        return insert;
    }

    public String runId() {
        return runId;
    }

    public RunStore store() {
        return store;
    }

    @Override
    public void append(RunEvent event) {
        if (event instanceof RunEvent.AttemptStarted started) {
            attempts.put(started.taskId(), started.attempt());
            usageWritten.remove(started.taskId()); // a new attempt's usage starts again from nothing
        } else if (event instanceof RunEvent.InsertedTaskStarted started) {
            attempts.put(started.taskId(), started.attempt());
            usageWritten.remove(started.taskId());
        }
        synchronized (queueLock) {
            queue.add(new Pending(nextSeq++, clock.millis(), event, null, null, 0, null));
        }
    }

    /** Appends one of the run's own steps and makes it durable at once. */
    public void record(String kind, Optional<String> task, String detail) {
        synchronized (queueLock) {
            queue.add(new Pending(nextSeq++, clock.millis(), null, kind, task.orElse(null), 0, detail));
        }
        sync();
    }

    @Override
    public void sync() {
        synchronized (store.lock) {
            List<Pending> batch;
            synchronized (queueLock) {
                if (queue.isEmpty()) {
                    return;
                }
                batch = queue;
                queue = new ArrayList<>();
            }
            Connection connection = store.connection();
            try {
                connection.setAutoCommit(false);
                PreparedStatement insert = insert();
                for (Pending pending : batch) {
                    add(insert, pending);
                }
                insert.executeBatch();
                connection.commit();
                for (Pending pending : batch) {
                    if (pending.event() instanceof RunEvent.TaskEnded ended) {
                        durableEnds.put(ended.taskId(), checkpoint(ended.record()));
                    }
                }
            } catch (SQLException | RuntimeException e) {
                try {
                    if (insert != null) {
                        insert.close();
                    }
                } catch (SQLException ignored) {
                    // prepared again on the next write
                }
                insert = null;
                try {
                    connection.rollback();
                } catch (SQLException ignored) {
                    // the connection is broken: the failure below says so
                }
                throw new JournalFailure("cannot write the run journal " + store.file() + ": " + e.getMessage(), e);
            } finally {
                try {
                    connection.setAutoCommit(true);
                } catch (SQLException ignored) {
                    // as above
                }
            }
        }
    }

    /**
     * How a task of this run last ended, as committed to the journal: from this process's commits, or
     * read back from the database for a task that ended in an earlier session; empty if it has not ended.
     */
    public Optional<Checkpoint> lastEnd(String taskId) {
        Checkpoint committed = durableEnds.get(taskId);
        if (committed != null) {
            return Optional.of(committed);
        }
        return Optional.ofNullable(earlierEnds.get(taskId));
    }

    private void add(PreparedStatement insert, Pending pending) throws SQLException {
        String kind = pending.kind();
        String task = pending.task();
        int attempt = pending.attempt();
        String detail = pending.detail();
        RunEvent event = pending.event();
        if (event instanceof RunEvent.AttemptStarted started) {
            kind = "attempt_started";
            task = started.taskId();
            attempt = started.attempt();
            detail = started.start().instance();
        } else if (event instanceof RunEvent.AttemptEnded ended) {
            kind = "attempt_ended";
            task = ended.taskId();
            attempt = ended.attempt();
            detail = (ended.result().succeeded() ? "ok" : "failed") + ended.result().exitCode().map(code -> " exit " + code)
                    .orElse("") + ": " + ended.result().summary();
        } else if (event instanceof RunEvent.RetryScheduled retry) {
            kind = "retry_scheduled";
            task = retry.taskId();
            attempt = retry.failedAttempt();
            detail = retry.backoff().toMillis() + "ms: " + retry.reason();
        } else if (event instanceof RunEvent.FailureDecided decided) {
            kind = "decision";
            task = decided.taskId();
            attempt = decided.decision().attempt();
            detail = decided.decision().action().label() + ": " + decided.decision().reason();
        } else if (event instanceof RunEvent.TaskEnded ended) {
            TaskRecord record = ended.record();
            kind = "task_ended";
            task = record.id();
            attempt = record.attempts();
            detail = checkpoint(record).json();
            if (record.state() == TaskState.SUCCEEDED && durationKeys.containsKey(record.id())) {
                row(insert, pending.seq(), pending.at(), kind, task, attempt, detail);
                insert.addBatch();
                // the measured duration, for later plans' estimates; seq is shared, so it goes under a negative one
                row(insert, -pending.seq(), pending.at(), "duration", task, attempt,
                        durationKeys.get(record.id()) + "\t" + succeededAttemptMillis(record));
                insert.addBatch();
                return;
            }
        } else if (event instanceof RunEvent.InsertedTaskStarted started) {
            kind = "inserted_attempt_started"; // not a plan task's start: a resume re-runs plan tasks only
            task = started.taskId();
            attempt = started.attempt();
            detail = started.start().instance() + " wave " + started.wave();
        } else if (event instanceof RunEvent.InsertedTaskEnded ended) {
            kind = "inserted_task_ended";
            task = ended.taskId();
            attempt = ended.task().record().attempts();
            detail = Checkpoint.of(ended.task(), true).json();
        } else if (event instanceof RunEvent.FixWaveInserted inserted) {
            kind = "fix_wave";
            task = inserted.taskId();
            attempt = inserted.round();
            detail = inserted.wave() + ": " + inserted.failure();
        } else if (event instanceof RunEvent.BudgetReached reached) {
            kind = "budget_reached";
            task = reached.taskId();
            detail = reached.reason();
        } else if (event instanceof RunEvent.ProviderPaused paused) {
            kind = "provider_paused";
            task = paused.taskId();
            detail = paused.provider() + " " + paused.delay().toMillis() + "ms";
        } else if (event != null) {
            throw new AssertionError(event);
        }
        row(insert, pending.seq(), pending.at(), kind, task, attempt, detail);
        insert.addBatch();
    }

    private void row(PreparedStatement insert, long seq, long at, String kind, String task, int attempt, String detail)
            throws SQLException {
        insert.setString(1, runId);
        insert.setLong(2, seq);
        insert.setLong(3, at);
        insert.setString(4, kind);
        insert.setString(5, task);
        insert.setInt(6, attempt);
        insert.setString(7, detail);
    }

    /** The task's checkpoint, with its agent's last figures when it has an agent: as the checkpoint file holds it. */
    private Checkpoint checkpoint(TaskRecord record) {
        Checkpoint checkpoint = Checkpoint.of(record, true, graph);
        TaskProgress agent = agents.get(record.id());
        return agent == null ? checkpoint : checkpoint.withAgent(agent);
    }

    /**
     * What an estimate of the task predicts: its succeeded (last) attempt's time; the earlier attempts and the
     * waits for their retries are not part of it.
     */
    static long succeededAttemptMillis(TaskRecord record) {
        List<TaskRecord.Span> spans = record.attemptSpans();
        return spans.isEmpty() ? record.durationMillis() : spans.get(spans.size() - 1).millis();
    }
}
