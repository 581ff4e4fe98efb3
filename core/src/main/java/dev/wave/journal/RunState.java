package dev.wave.journal;

import static java.util.Objects.requireNonNull;

import dev.wave.run.Usage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A run as its journal tells it, rebuilt from the events: how each task that ended ended (its last
 * end: a task cancelled in one session and run in the next counts as run), which tasks have an
 * attempt out, and the run's own steps. What {@code wave status} shows and {@code wave resume}
 * continues from. Immutable.
 *
 * @param run the run's row
 * @param ended the last end of each task that ended, in the order they ended
 * @param running tasks with an attempt started and no end since
 * @param starts attempts started per task, over every session
 * @param sessions how many processes ran it (1 plus the resumes)
 * @param lastEvent when the last event was written, epoch milliseconds
 * @param spent what the agents spent, by task id (a plan task, or a step the run inserted), over every attempt of
 *     every session: each attempt's last usage the journal recorded ({@link RunJournal#AGENT_USAGE}), so an
 *     attempt killed with its process counts what it had spent
 * @param attemptStarted for each task with an attempt out in the last session (started, not ended), when it
 *     started, epoch milliseconds: what {@code wave status}'s estimate of the time left counts down
 */
public record RunState(RunRow run, Map<String, Checkpoint> ended, Set<String> running, Map<String, Integer> starts,
        int sessions, long lastEvent, Map<String, Usage> spent, Map<String, Long> attemptStarted) {
    public RunState {
        requireNonNull(run, "run is null");
        ended = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(ended));
        running = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(running));
        starts = Map.copyOf(starts);
        spent = Map.copyOf(spent);
        attemptStarted = Map.copyOf(attemptStarted);
    }

    /** Reads run {@code runId} from {@code store}; empty when the journal has no such run. */
    public static Optional<RunState> read(RunStore store, String runId) {
        Optional<RunRow> row = store.run(runId);
        if (row.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(of(row.get(), store.events(runId)));
    }

    /** The run of {@code row} as its {@code events} (all of them, in order, as {@link RunStore#events} gives) tell it. */
    public static RunState of(RunRow row, List<RunStore.EventRow> events) {
        requireNonNull(row, "row is null");
        requireNonNull(events, "events is null");
        Map<String, Checkpoint> ended = new LinkedHashMap<>();
        Set<String> running = new LinkedHashSet<>();
        Map<String, Integer> starts = new LinkedHashMap<>();
        int sessions = 1;
        long last = row.startedAt();
        Map<Attempt, Usage> byAttempt = new LinkedHashMap<>(); // each attempt's last usage
        Map<String, Long> attemptStarted = new LinkedHashMap<>();
        for (RunStore.EventRow event : events) {
            last = Math.max(last, event.at());
            switch (event.kind()) {
                case "attempt_started" -> {
                    String task = event.task().orElseThrow();
                    running.add(task);
                    starts.merge(task, 1, Integer::sum);
                    attemptStarted.put(task, event.at());
                }
                case "attempt_ended" -> attemptStarted.remove(event.task().orElseThrow());
                case "task_ended" -> {
                    String task = event.task().orElseThrow();
                    running.remove(task);
                    attemptStarted.remove(task);
                    try {
                        ended.remove(task);
                        ended.put(task, Checkpoint.parse(event.detail().orElseThrow()));
                    } catch (IOException e) {
                        throw new UncheckedIOException("the journal's end of task " + task + " is not a checkpoint", e);
                    }
                }
                case RunJournal.AGENT_USAGE -> byAttempt.put(new Attempt(sessions, event.attempt(), event.task().orElseThrow()),
                        UsageDetail.parse(event.detail().orElseThrow()));
                case "resumed" -> {
                    sessions++;
                    running.clear(); // what ran in the dead session is re-run from the start
                    attemptStarted.clear();
                }
                default -> {
                    // other events describe the run; they change no task's state
                }
            }
        }
        Map<String, Usage> spent = new LinkedHashMap<>();
        byAttempt.forEach((attempt, usage) -> spent.merge(attempt.task(), usage, Usage::plus));
        return new RunState(row, ended, running, starts, sessions, last, spent, attemptStarted);
    }

    /** An attempt of a task in a session of the run (attempt numbers start again in each session). */
    private record Attempt(int session, int attempt, String task) {}

    /** The tasks that finished for good (succeeded or failed): a resume never runs them again. */
    public Map<String, Checkpoint> finished() {
        Map<String, Checkpoint> finished = new LinkedHashMap<>();
        ended.forEach((task, checkpoint) -> {
            switch (checkpoint.state()) {
                case SUCCEEDED, FAILED -> finished.put(task, checkpoint);
                default -> { }
            }
        });
        return finished;
    }
}
