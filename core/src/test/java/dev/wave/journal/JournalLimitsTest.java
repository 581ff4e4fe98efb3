package dev.wave.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.plan.Plan;
import dev.wave.plan.Task;
import dev.wave.run.InsertedTask;
import dev.wave.run.RunEvent;
import dev.wave.run.TaskProgress;
import dev.wave.run.TaskRecord;
import dev.wave.run.TaskStart;
import dev.wave.run.Usage;
import dev.wave.schedule.TaskState;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal records usage, fix waves, the budget and rate-limit pauses, and a resume reads them back. */
final class JournalLimitsTest {
    @TempDir
    Path repo;

    private final Plan plan = Plan.of("test", List.of(Task.shell("api", "x", List.of())));

    private static TaskRecord record(int index, String id, Usage usage) {
        return new TaskRecord(index, id, 1, Optional.of("I1"), TaskState.SUCCEEDED, Optional.of(Instant.EPOCH),
                Optional.of(Instant.EPOCH.plusSeconds(1)), 1000, Optional.of(0), 1, "done", List.of(), usage);
    }

    @Test
    void newEvents_areRecorded_andTheTaskUsageReadsBack() throws Exception {
        try (RunStore store = RunStore.open(repo)) {
            RunJournal journal = RunJournal.start(store, RunRow.starting("r1", "goal", "test", 0, 1, 1, "flow", "{}"),
                    plan.graph(), Clock.systemUTC(), Map.of());
            TaskStart start = new TaskStart(1, "api.fix1.analyse", 1, "I1", Instant.EPOCH, 1);
            journal.append(new RunEvent.FixWaveInserted("api", "1.1", 1, "FAILED test"));
            journal.append(new RunEvent.InsertedTaskStarted(start, "1.1", 1));
            journal.append(new RunEvent.InsertedTaskEnded(new InsertedTask("1.1", "api", "analyse",
                    record(1, "api.fix1.analyse", Usage.of(10, 5, 0.01)))));
            journal.append(new RunEvent.ProviderPaused("api", "claude", Duration.ofSeconds(10)));
            journal.append(new RunEvent.BudgetReached("api", "budget reached: $1.0000 of $1.0000", Usage.of(1, 1, 1.0)));
            journal.append(new RunEvent.TaskEnded(record(0, "api", Usage.of(100, 20, 0.25))));
            journal.sync();

            RunState state = RunState.read(store, "r1").orElseThrow();

            assertThat(state.running()).as("an inserted task is no plan task to re-run").isEmpty();
            assertThat(state.finished()).containsOnlyKeys("api");
            assertThat(state.finished().get("api").toRecord(0).usage()).isEqualTo(Usage.of(100, 20, 0.25));
            assertThat(store.events("r1")).extracting(RunStore.EventRow::kind).contains("fix_wave", "inserted_attempt_started",
                    "inserted_task_ended", "provider_paused", "budget_reached");
        }
    }

    @Test
    void aRetriedTasksLearnedDuration_isItsSucceededAttempt_notItsRetriesAndWaits() throws Exception {
        try (RunStore store = RunStore.open(repo)) {
            RunJournal journal = RunJournal.start(store, RunRow.starting("r1", "goal", "test", 0, 1, 1, "flow", "{}"),
                    plan.graph(), Clock.systemUTC(), Map.of("api", "run:x"));
            Instant start = Instant.EPOCH;
            // attempt 1: 0-2 s, a 5 s wait for the retry, attempt 2: 7-10 s
            TaskRecord retried = new TaskRecord(0, "api", 1, Optional.of("I1"), TaskState.SUCCEEDED, Optional.of(start),
                    Optional.of(start.plusSeconds(10)), 10_000, Optional.of(0), 2, "done", List.of(), Usage.NONE,
                    List.of(new TaskRecord.Span(start, start.plusSeconds(2)),
                            new TaskRecord.Span(start.plusSeconds(7), start.plusSeconds(10))));
            journal.append(new RunEvent.TaskEnded(retried));
            journal.sync();

            assertThat(store.durations(10)).extracting(pair -> pair[0] + "=" + pair[1]).containsExactly("run:x=3000");
        }
    }

    @Test
    void insertedTaskCheckpoint_namesItsWaveAndTheTaskItFixes() throws Exception {
        Checkpoint checkpoint = Checkpoint.of(new InsertedTask("5.1", "api", "fix", record(3, "api.fix1.fix",
                Usage.tokens(7, 3))), true);
        Path file = repo.resolve("c.json");
        checkpoint.write(file);

        Checkpoint read = Checkpoint.read(file);

        assertThat(read.fixWave()).isEqualTo("5.1");
        assertThat(read.fixes()).isEqualTo("api");
        assertThat(read.usage()).isEqualTo(Usage.tokens(7, 3));
        assertThat(read.costUsd()).isNull();
    }

    @Test
    void agentsFigures_areInTheTasksEnd_andEveryAttemptsLastUsage_sumsOverSessions() throws Exception {
        try (RunStore store = RunStore.open(repo)) {
            RunJournal first = RunJournal.start(store, RunRow.starting("r1", "goal", "test", 0, 1, 1, "flow", "{}"),
                    plan.graph(), Clock.systemUTC(), Map.of());
            first.append(new RunEvent.AttemptStarted(new TaskStart(0, "api", 1, "I1", Instant.EPOCH, 1), 1));
            first.agentProgressed("api", new TaskProgress("claude", Optional.of("Edit a"), 1, 100, 10, 0));
            first.agentProgressed("api", new TaskProgress("claude", Optional.of("Edit b"), 2, 200, 20, 0));
            first.agentProgressed("api", new TaskProgress("claude", Optional.of("Read b"), 2, 200, 20, 0)); // same usage
            first.agentProgressed("api.fix1.analyse", new TaskProgress("claude", Optional.empty(), 1, 5, 5, 0.01));
            // the first process dies here: nothing synced, yet what the agents spent is in the journal

            RunJournal second = RunJournal.resume(store, RunState.read(store, "r1").orElseThrow(), plan.graph(), Clock.systemUTC(),
                    Map.of());
            second.append(new RunEvent.AttemptStarted(new TaskStart(0, "api", 1, "I1", Instant.EPOCH, 1), 1));
            second.agentProgressed("api", new TaskProgress("claude", Optional.empty(), 3, 300, 30, 0.02));
            second.append(new RunEvent.TaskEnded(record(0, "api", Usage.of(500, 50, 0.02))));
            second.sync();

            RunState state = RunState.read(store, "r1").orElseThrow();

            assertThat(state.spent()).containsExactlyInAnyOrderEntriesOf(Map.of("api", Usage.of(500, 50, 0.02),
                    "api.fix1.analyse", Usage.of(5, 5, 0.01)));
            assertThat(store.events("r1")).filteredOn(event -> event.kind().equals(RunJournal.AGENT_USAGE)).hasSize(4);
            assertThat(state.finished().get("api").agent()).isEqualTo(new Checkpoint.Agent("claude", null, 3, 300, 30, 0.02));
            assertThat(second.lastEnd("api").orElseThrow()).isEqualTo(state.finished().get("api"));
        }
    }
}
