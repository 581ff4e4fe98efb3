package dev.wave.journal;

import static java.util.Objects.requireNonNull;

import dev.wave.WaveException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The journal's database, {@code <repo>/.wave/journal.db} (SQLite, WAL): one row per run in
 * {@code runs}, every event of every run in {@code events}. The schema is versioned
 * ({@code PRAGMA user_version}) and migrated forward on open, so a newer wave opens an older
 * database; a database newer than this wave is refused.
 *
 * <p>Durability: WAL with {@code synchronous=NORMAL}: a committed transaction survives the death of
 * the wave process (kill -9 included); after a power loss the last few commits may be lost.
 *
 * <p>Concurrency: one instance is one connection, serialised by its own lock; several processes may
 * open the same database (SQLite's locks, with a busy timeout of 10 s).
 */
public final class RunStore implements AutoCloseable {
    public static final String FILE_NAME = "journal.db";
    /** The schema this wave writes. */
    static final int SCHEMA_VERSION = 2;
    private static final List<String> MIGRATIONS = List.of(
            // 0 -> 1
            """
            CREATE TABLE runs (
                run_id TEXT PRIMARY KEY,
                goal TEXT NOT NULL,
                source TEXT NOT NULL,
                status TEXT NOT NULL,
                resumable INTEGER NOT NULL,
                started_at INTEGER NOT NULL,
                finished_at INTEGER,
                tasks INTEGER NOT NULL,
                agents INTEGER NOT NULL,
                mode TEXT NOT NULL,
                backup TEXT,
                pid INTEGER NOT NULL,
                pid_started_at INTEGER NOT NULL,
                request TEXT NOT NULL,
                wall_ms INTEGER,
                sequential_ms INTEGER,
                cancel_requested INTEGER NOT NULL DEFAULT 0
            );
            CREATE TABLE events (
                run_id TEXT NOT NULL,
                seq INTEGER NOT NULL,
                at INTEGER NOT NULL,
                kind TEXT NOT NULL,
                task TEXT,
                attempt INTEGER,
                detail TEXT,
                PRIMARY KEY (run_id, seq)
            );
            CREATE INDEX events_by_kind ON events (kind, task);
            """,
            // 1 -> 2: events keyed by (run_id, seq) alone, with no rowid B-tree beside the key's; each query's lookup by
            // kind in a partial index of that kind's few rows. A commit then writes about half the pages.
            """
            CREATE TABLE events_v2 (
                run_id TEXT NOT NULL,
                seq INTEGER NOT NULL,
                at INTEGER NOT NULL,
                kind TEXT NOT NULL,
                task TEXT,
                attempt INTEGER,
                detail TEXT,
                PRIMARY KEY (run_id, seq)
            ) WITHOUT ROWID;
            INSERT INTO events_v2 (run_id, seq, at, kind, task, attempt, detail)
                SELECT run_id, seq, at, kind, task, attempt, detail FROM events;
            DROP TABLE events;
            ALTER TABLE events_v2 RENAME TO events;
            CREATE INDEX events_durations ON events (at) WHERE kind = 'duration';
            CREATE INDEX events_resumes ON events (run_id) WHERE kind = 'resumed';
            """);

    private final Path file;
    private final Connection connection;
    final Object lock = new Object();

    private RunStore(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    public static Path file(Path repository) {
        return repository.resolve(RunDirectory.WAVE_DIRECTORY).resolve(FILE_NAME);
    }

    /** Whether the repository has a journal at all. */
    public static boolean exists(Path repository) {
        return Files.isRegularFile(file(repository));
    }

    /**
     * Opens (creating when absent) the journal of {@code repository} and migrates it to this wave's schema.
     *
     * @throws WaveException of kind UNSAFE_STATE when it cannot be opened or is newer than this wave
     */
    public static RunStore open(Path repository) {
        return open(repository, false);
    }

    /**
     * Opens the journal of {@code repository} to read only, as {@code wave status} and {@code history}
     * do: a journal of this wave's schema is not written, so reading it never holds up a run that writes it meanwhile.
     * A journal of an older schema (or at schema 0: being created, or its creator died before its schema) is first
     * brought to this wave's schema, once, by a writing open as {@link #open} does.
     *
     * @throws WaveException of kind UNSAFE_STATE when it cannot be opened or is newer than this wave
     */
    public static RunStore openToRead(Path repository) {
        return open(repository, true);
    }

    private static RunStore open(Path repository, boolean readOnly) {
        requireNonNull(repository, "repository is null");
        Path file = file(repository);
        SqliteLibrary.load();
        try {
            Files.createDirectories(file.getParent());
            org.sqlite.SQLiteConfig config = new org.sqlite.SQLiteConfig();
            config.setBusyTimeout(10_000);
            if (readOnly) {
                config.setReadOnly(true);
            } else {
                config.setJournalMode(org.sqlite.SQLiteConfig.JournalMode.WAL);
                config.setSynchronous(org.sqlite.SQLiteConfig.SynchronousMode.NORMAL);
                // A transaction takes the write lock when it begins: two runs that start together and both
                // find a new journal migrate it one after the other, not both at once.
                config.setTransactionMode(org.sqlite.SQLiteConfig.TransactionMode.IMMEDIATE);
            }
            Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file, config.toProperties());
            RunStore store = new RunStore(file, connection);
            if (readOnly) {
                int version = store.version();
                if (version < SCHEMA_VERSION) {
                    // a journal an older wave wrote: migrated once, by whichever command opens it first, then read;
                    // version 0 is a journal being created (the writing open waits for its creator's transaction) or
                    // one whose creator died in that transaction, which rolled back: the writing open creates it
                    connection.close();
                    open(repository, false).close();
                    return open(repository, true);
                }
                store.requireReadable();
            } else {
                store.migrate();
            }
            return store;
        } catch (SQLException | java.io.IOException e) {
            throw WaveException.unsafeState("cannot open the run journal %s (%s). Check that .wave/ is writable, or move the "
                    + "file aside to start a new journal.", file, e.getMessage());
        }
    }

    private int version() throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("PRAGMA user_version")) {
            return rows.next() ? rows.getInt(1) : 0;
        }
    }

    /** A reader needs this wave's schema (an older journal is migrated before it is read). */
    private void requireReadable() throws SQLException {
        int version = version();
        if (version != SCHEMA_VERSION) {
            throw new SQLException("its schema is version " + version + ", not this wave's " + SCHEMA_VERSION
                    + (version > SCHEMA_VERSION ? "; use a newer wave" : "; try again"));
        }
    }

    /** Brings a database at schema {@code from} to schema {@code to}; tests make older journals with it. */
    static void migrate(Statement statement, int from, int to) throws SQLException {
        for (int v = from; v < to; v++) {
            for (String sql : MIGRATIONS.get(v).split(";")) {
                if (!sql.isBlank()) {
                    statement.execute(sql);
                }
            }
        }
        statement.execute("PRAGMA user_version = " + to);
    }

    private void migrate() throws SQLException {
        int version = version();
        if (version > SCHEMA_VERSION) {
            throw new SQLException("its schema is version " + version + ", newer than this wave's " + SCHEMA_VERSION
                    + "; use a newer wave");
        }
        if (version == SCHEMA_VERSION) {
            return;
        }
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            // again, under the write lock: another process may have migrated meanwhile
            migrate(statement, version(), SCHEMA_VERSION);
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    public Path file() {
        return file;
    }

    Connection connection() {
        return connection;
    }

    /** Adds a run's row. */
    public void insertRun(RunRow row) {
        update("INSERT INTO runs (run_id, goal, source, status, resumable, started_at, tasks, agents, mode, pid, "
                + "pid_started_at, request) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", row.runId(), row.goal(), row.source(),
                row.status(), row.resumable() ? 1 : 0, row.startedAt(), row.tasks(), row.agents(), row.mode(), row.pid(),
                row.pidStartedAt(), row.request());
    }

    /** Records which process now owns the run (a resumed run). */
    public void owner(String runId, long pid, long pidStartedAt) {
        update("UPDATE runs SET pid = ?, pid_started_at = ?, status = 'running', cancel_requested = 0 WHERE run_id = ?",
                pid, pidStartedAt, runId);
    }

    public void backup(String runId, String backupId) {
        update("UPDATE runs SET backup = ? WHERE run_id = ?", backupId, runId);
    }

    /** Records how the run ended: its status, whether it can be resumed, and its measured times. */
    public void finished(String runId, String status, boolean resumable, long finishedAt, long wallMillis,
            long sequentialMillis) {
        update("UPDATE runs SET status = ?, resumable = ?, finished_at = ?, wall_ms = ?, sequential_ms = ? WHERE run_id = ?",
                status, resumable ? 1 : 0, finishedAt, wallMillis, sequentialMillis, runId);
    }

    /** Gives a run up: it is no longer resumable. */
    public void abandoned(String runId, long at) {
        update("UPDATE runs SET status = 'abandoned', resumable = 0, finished_at = COALESCE(finished_at, ?) WHERE run_id = ?",
                at, runId);
    }

    /**
     * Drops the events of the tasks of {@code runIds}, runs whose directories are gone: what a run records per task
     * (attempts, ends with their checkpoints, usage, decisions) is most of the journal, and nothing reads it once the
     * run has finished and its directory is removed. What {@code wave history} and later plans' estimates read stays:
     * the run's row, its own events (start, backup, commit, rollback, end) and its tasks' measured durations; a run
     * that was resumed keeps every event (its history measures its sessions from them). The pages freed are reused by
     * later runs, so the file stops growing. Each run's events go in a transaction of their own (measured: about half
     * a second for 40,000 events at load 15): a run writing the journal meanwhile waits for one run's, never for all of
     * them, however many runs are removed. Returns how many events were dropped.
     */
    public int dropTaskEvents(java.util.Collection<String> runIds) {
        synchronized (lock) {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM events WHERE run_id = ? AND kind NOT IN "
                    + "('run_started', 'backup', 'commit', 'rollback', 'run_ended', 'resumed', 'duration') AND NOT EXISTS "
                    + "(SELECT 1 FROM events WHERE run_id = ? AND kind = 'resumed')")) {
                int dropped = 0;
                for (String runId : runIds) {
                    delete.setString(1, runId);
                    delete.setString(2, runId);
                    dropped += delete.executeUpdate();
                }
                return dropped;
            } catch (SQLException e) {
                throw failure("drop the events of removed runs", e);
            }
        }
    }

    public void cancelRequested(String runId) {
        update("UPDATE runs SET cancel_requested = 1 WHERE run_id = ?", runId);
    }

    /** Every run, newest first. */
    public List<RunRow> runs() {
        return query("SELECT * FROM runs ORDER BY started_at DESC, run_id DESC", List.of());
    }

    public Optional<RunRow> run(String runId) {
        return query("SELECT * FROM runs WHERE run_id = ?", List.of(runId)).stream().findFirst();
    }

    /** How many times each run that was resumed was resumed ({@code wave resume}); runs never resumed are absent. */
    public java.util.Map<String, Integer> resumes() {
        synchronized (lock) {
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT run_id, COUNT(*) FROM events WHERE kind = 'resumed' GROUP BY run_id");
                    ResultSet rows = statement.executeQuery()) {
                java.util.Map<String, Integer> resumes = new java.util.HashMap<>();
                while (rows.next()) {
                    resumes.put(rows.getString(1), rows.getInt(2));
                }
                return resumes;
            } catch (SQLException e) {
                throw failure("read the resumed runs", e);
            }
        }
    }

    /**
     * The sessions of a run, in order (see {@link SessionTime}): a session begins with {@code run_started} or
     * {@code resumed}; its tasks' work is every attempt's start and end, task end, and agent usage report.
     */
    public List<SessionTime> sessionTimes(String runId) {
        synchronized (lock) {
            // seq > 0 leaves out the 'duration' rows, which are stored under negative seqs
            try (PreparedStatement statement = connection.prepareStatement("""
                    SELECT session, MIN(at),
                        MIN(CASE WHEN kind IN ('attempt_started', 'inserted_attempt_started') THEN at END),
                        MAX(CASE WHEN kind IN ('attempt_started', 'inserted_attempt_started', 'attempt_ended',
                            'task_ended', 'inserted_task_ended', 'agent_usage') THEN at END),
                        SUM(kind = 'run_ended')
                    FROM (SELECT at, kind, SUM(kind = 'resumed') OVER (ORDER BY seq ROWS UNBOUNDED PRECEDING) AS session
                          FROM events WHERE run_id = ? AND seq > 0)
                    GROUP BY session ORDER BY session""")) {
                statement.setString(1, runId);
                List<SessionTime> sessions = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        long first = rows.getLong(3);
                        Optional<Long> firstTaskStart = rows.wasNull() ? Optional.empty() : Optional.of(first);
                        long last = rows.getLong(4);
                        Optional<Long> lastTaskWork = rows.wasNull() || firstTaskStart.isEmpty() ? Optional.empty()
                                : Optional.of(last);
                        sessions.add(new SessionTime(rows.getInt(1) + 1, rows.getLong(2), firstTaskStart, lastTaskWork,
                                rows.getInt(5) > 0));
                    }
                }
                if (sessions.isEmpty() || sessions.get(0).session() != 1) {
                    // The first process died after adding the run's row, before its first event: it ran no task.
                    Optional<RunRow> run = run(runId);
                    if (run.isPresent()) {
                        sessions.add(0, new SessionTime(1, run.get().startedAt(), Optional.empty(), Optional.empty(), false));
                    }
                }
                return sessions;
            } catch (SQLException e) {
                throw failure("read the sessions of run " + runId, e);
            }
        }
    }

    /** The events of a run, in order. */
    public List<EventRow> events(String runId) {
        synchronized (lock) {
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT seq, at, kind, task, attempt, detail FROM events WHERE run_id = ? ORDER BY seq")) {
                statement.setString(1, runId);
                List<EventRow> events = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        events.add(new EventRow(rows.getLong(1), rows.getLong(2), rows.getString(3),
                                Optional.ofNullable(rows.getString(4)), rows.getInt(5), Optional.ofNullable(rows.getString(6))));
                    }
                }
                return events;
            } catch (SQLException e) {
                throw failure("read the events of run " + runId, e);
            }
        }
    }

    /**
     * Measured durations of succeeded tasks of finished runs by their key (see {@link RunJournal}), newest first:
     * {@code [key, millis]} pairs, at most {@code limit}.
     */
    public List<String[]> durations(int limit) {
        synchronized (lock) {
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT detail FROM events WHERE kind = 'duration' ORDER BY at DESC LIMIT ?")) {
                statement.setInt(1, limit);
                List<String[]> found = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        String detail = rows.getString(1);
                        int split = detail.lastIndexOf('\t');
                        if (split > 0) {
                            found.add(new String[] {detail.substring(0, split), detail.substring(split + 1)});
                        }
                    }
                }
                return found;
            } catch (SQLException e) {
                throw failure("read the measured durations", e);
            }
        }
    }

    private List<RunRow> query(String sql, List<String> parameters) {
        synchronized (lock) {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (int i = 0; i < parameters.size(); i++) {
                    statement.setString(i + 1, parameters.get(i));
                }
                List<RunRow> runs = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        runs.add(RunRow.read(rows));
                    }
                }
                return runs;
            } catch (SQLException e) {
                throw failure("read the runs", e);
            }
        }
    }

    private void update(String sql, Object... parameters) {
        synchronized (lock) {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    statement.setObject(i + 1, parameters[i]);
                }
                statement.executeUpdate();
            } catch (SQLException e) {
                throw failure("write", e);
            }
        }
    }

    WaveException failure(String what, SQLException e) {
        return WaveException.unsafeState("cannot %s in the run journal %s (%s). Check the disk and that .wave/ is writable.",
                what, file, e.getMessage());
    }

    @Override
    public void close() {
        synchronized (lock) {
            try {
                connection.close();
            } catch (SQLException e) {
                // Closing a connection that failed: nothing more to do.
            }
        }
    }

    /** One event as stored. */
    public record EventRow(long seq, long at, String kind, Optional<String> task, int attempt, Optional<String> detail) {}
}
