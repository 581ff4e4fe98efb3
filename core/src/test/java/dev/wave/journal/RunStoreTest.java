package dev.wave.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wave.WaveException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class RunStoreTest {
    @TempDir
    Path repo;

    @Test
    void open_createsTheSchema_andReopensIt() {
        try (RunStore store = RunStore.open(repo)) {
            store.insertRun(RunRow.starting("r1", "goal", "plan.yaml", 5, 3, 2, "flow", "{}"));
        }
        try (RunStore store = RunStore.open(repo)) {
            assertThat(store.runs()).extracting(RunRow::runId).containsExactly("r1");
            assertThat(store.run("r1").orElseThrow().liveOwner()).isPresent();
        }
    }

    @Test
    void sessionTimes_runFromEachSessionsFirstAttemptToItsTasksLastWork_andSayWhichProcessDied() throws Exception {
        try (RunStore store = RunStore.open(repo)) {
            store.insertRun(RunRow.starting("r1", "goal", "plan.yaml", 1_000, 2, 2, "flow", "{}"));
            Object[][] events = {
                {1, 1_000, "run_started", null}, {2, 1_500, "backup", null}, {3, 2_000, "attempt_started", "t1"},
                {4, 5_000, "attempt_ended", "t1"}, {5, 5_000, "task_ended", "t1"}, {-5, 5_000, "duration", "t1"},
                {6, 5_100, "attempt_started", "t2"}, {7, 7_000, "agent_usage", "t2"}, // killed here: no run_ended
                {8, 60_000, "resumed", null}, {9, 61_000, "attempt_started", "t2"}, {10, 64_000, "attempt_ended", "t2"},
                {11, 64_000, "task_ended", "t2"}, {12, 65_000, "commit", null}, {13, 65_500, "run_ended", null}};
            try (java.sql.PreparedStatement insert = store.connection().prepareStatement(
                    "INSERT INTO events (run_id, seq, at, kind, task, attempt, detail) VALUES ('r1', ?, ?, ?, ?, 1, '')")) {
                for (Object[] event : events) {
                    insert.setInt(1, (Integer) event[0]);
                    insert.setLong(2, ((Integer) event[1]).longValue());
                    insert.setString(3, (String) event[2]);
                    insert.setString(4, (String) event[3]);
                    insert.executeUpdate();
                }
            }

            assertThat(store.sessionTimes("r1")).containsExactly(
                    new SessionTime(1, 1_000, java.util.Optional.of(2_000L), java.util.Optional.of(7_000L), false),
                    new SessionTime(2, 60_000, java.util.Optional.of(61_000L), java.util.Optional.of(64_000L), true));
            assertThat(SessionTime.activeMillis(store.sessionTimes("r1"))).as("5 s and 3 s; not the 53 s between")
                    .isEqualTo(8_000);
        }
    }

    @Test
    void sessionTimes_countAFirstProcessThatDiedBeforeItsFirstEvent_asASessionThatRanNoTask() throws Exception {
        try (RunStore store = RunStore.open(repo)) {
            store.insertRun(RunRow.starting("r1", "goal", "plan.yaml", 1_000, 1, 1, "flow", "{}"));
            // killed between the run's row and its run_started event; the resume's events follow
            try (java.sql.Statement insert = store.connection().createStatement()) {
                insert.executeUpdate("INSERT INTO events (run_id, seq, at, kind, task, attempt, detail) VALUES "
                        + "('r1', 1, 9000, 'resumed', NULL, 1, ''), ('r1', 2, 9100, 'attempt_started', 't1', 1, ''), "
                        + "('r1', 3, 9600, 'task_ended', 't1', 1, ''), ('r1', 4, 9700, 'run_ended', NULL, 1, '')");
            }

            assertThat(store.sessionTimes("r1")).containsExactly(
                    new SessionTime(1, 1_000, java.util.Optional.empty(), java.util.Optional.empty(), false),
                    new SessionTime(2, 9_000, java.util.Optional.of(9_100L), java.util.Optional.of(9_600L), true));
        }
    }

    @Test
    void aJournalOfSchema1_isMigratedKeepingEveryEvent_andItsLookupsByKindUseAnIndex() throws Exception {
        java.nio.file.Files.createDirectories(RunStore.file(repo).getParent());
        String ended = Checkpoint.of(new dev.wave.run.TaskRecord(0, "t1", 1, java.util.Optional.of("I1"),
                dev.wave.schedule.TaskState.SUCCEEDED, java.util.Optional.empty(), java.util.Optional.empty(), 40,
                java.util.Optional.of(0), 1, "ok", java.util.List.of()), false, java.util.List.of()).json();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + RunStore.file(repo));
                Statement statement = connection.createStatement()) {
            RunStore.migrate(statement, 0, 1);
            statement.execute("INSERT INTO runs (run_id, goal, source, status, resumable, started_at, tasks, agents, mode, pid, "
                    + "pid_started_at, request) VALUES ('r1', 'goal', 'plan.yaml', 'succeeded', 0, 1000, 1, 1, 'flow', 1, 1, '{}')");
            try (java.sql.PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO events (run_id, seq, at, kind, task, attempt, detail) VALUES ('r1', ?, ?, ?, ?, 1, ?)")) {
                Object[][] events = {{1, 1_000, "run_started", null, ""}, {2, 2_000, "attempt_started", "t1", ""},
                    {3, 2_040, "task_ended", "t1", ended}, {-3, 2_040, "duration", "t1", "shell:true\t40"},
                    {4, 9_000, "resumed", null, ""}, {5, 9_500, "run_ended", null, ""}};
                for (Object[] event : events) {
                    insert.setInt(1, (Integer) event[0]);
                    insert.setLong(2, ((Integer) event[1]).longValue());
                    insert.setString(3, (String) event[2]);
                    insert.setString(4, (String) event[3]);
                    insert.setString(5, (String) event[4]);
                    insert.executeUpdate();
                }
            }
        }

        try (RunStore store = RunStore.open(repo)) {
            assertThat(store.events("r1")).extracting(RunStore.EventRow::seq).containsExactly(-3L, 1L, 2L, 3L, 4L, 5L);
            assertThat(RunState.read(store, "r1").orElseThrow().finished()).containsOnlyKeys("t1");
            assertThat(store.durations(10)).singleElement().satisfies(pair -> assertThat(pair).containsExactly("shell:true", "40"));
            assertThat(store.resumes()).containsExactly(java.util.Map.entry("r1", 1));
            assertThat(store.sessionTimes("r1")).hasSize(2);
            try (Statement statement = store.connection().createStatement()) {
                assertThat(plan(statement, "SELECT detail FROM events WHERE kind = 'duration' ORDER BY at DESC LIMIT 5"))
                        .contains("events_durations");
                assertThat(plan(statement, "SELECT run_id, COUNT(*) FROM events WHERE kind = 'resumed' GROUP BY run_id"))
                        .contains("events_resumes");
            }
        }
        try (RunStore reader = RunStore.openToRead(repo)) {
            assertThat(reader.runs()).extracting(RunRow::runId).containsExactly("r1");
        }
    }

    @Test
    void aJournalOfSchema1_readFirstByAReader_isMigratedThenRead() throws Exception {
        java.nio.file.Files.createDirectories(RunStore.file(repo).getParent());
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + RunStore.file(repo));
                Statement statement = connection.createStatement()) {
            RunStore.migrate(statement, 0, 1);
            statement.execute("INSERT INTO runs (run_id, goal, source, status, resumable, started_at, tasks, agents, mode, pid, "
                    + "pid_started_at, request) VALUES ('r1', 'goal', 'plan.yaml', 'succeeded', 0, 1000, 1, 1, 'flow', 1, 1, '{}')");
            statement.execute("INSERT INTO events (run_id, seq, at, kind) VALUES ('r1', 1, 1000, 'run_started')");
        }

        try (RunStore reader = RunStore.openToRead(repo)) { // 'wave history' right after an upgrade
            assertThat(reader.runs()).extracting(RunRow::runId).containsExactly("r1");
            assertThat(reader.events("r1")).extracting(RunStore.EventRow::kind).containsExactly("run_started");
        }
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + RunStore.file(repo));
                Statement statement = connection.createStatement();
                java.sql.ResultSet rows = statement.executeQuery("PRAGMA user_version")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getInt(1)).isEqualTo(RunStore.SCHEMA_VERSION);
        }
    }

    private static String plan(Statement statement, String query) throws java.sql.SQLException {
        StringBuilder plan = new StringBuilder();
        try (java.sql.ResultSet rows = statement.executeQuery("EXPLAIN QUERY PLAN " + query)) {
            while (rows.next()) {
                plan.append(rows.getString(4)).append('\n');
            }
        }
        return plan.toString();
    }

    @Test
    void aJournalWhoseCreatorDiedBeforeItsSchema_isCreatedByTheFirstReader_whichFindsNoRuns() throws Exception {
        // the creating transaction rolled back with its process: a file with no tables, user_version 0
        java.nio.file.Files.createDirectories(RunStore.file(repo).getParent());
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + RunStore.file(repo));
                Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA user_version = 0");
            statement.execute("CREATE TABLE scratch (x INTEGER)");
            statement.execute("DROP TABLE scratch");
        }

        try (RunStore reader = RunStore.openToRead(repo)) {
            assertThat(reader.runs()).isEmpty();
        }
    }

    @Test
    void aDatabaseFromANewerWave_isRefusedInOneLine() throws Exception {
        RunStore.open(repo).close();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + RunStore.file(repo));
                Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA user_version = 99");
        }

        assertThatThrownBy(() -> RunStore.open(repo)).isInstanceOf(WaveException.class)
                .hasMessageContaining("its schema is version 99, newer than this wave's " + RunStore.SCHEMA_VERSION + "; use a newer wave");
    }
}
