package dev.wave.report;

import static java.util.Objects.requireNonNull;

import dev.wave.journal.Checkpoint;
import dev.wave.journal.Json;
import dev.wave.journal.RunRow;
import dev.wave.journal.RunState;
import dev.wave.journal.RunStore;
import dev.wave.journal.SessionTime;
import dev.wave.run.Usage;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The report of a run that has not ended, from what it has recorded: the journal's events (the same
 * {@link RunState} {@code wave status} and {@code wave resume} read) and {@code execution_plan.json}, made into the
 * records {@link PastRun} reads from a summary, with a {@link SoFar} that says how far the run had got. Tasks that
 * ended carry their measured times (the journal's record of a task's end is its checkpoint); a task with an attempt
 * out carries the time from that attempt's start to the moment the report covers; the tasks not started carry
 * none. Figures that need the end (efficiency, the final wall time) are not given. Reads only; stateless.
 */
final class RunSoFar {
    private RunSoFar() {}

    /**
     * The report so far of the run in {@code runDirectory}, unless it has ended: empty when the journal in
     * {@code journalRoot} has no record of it, or when its {@code execution_summary.json} is its last word (the run
     * is not running, or is running no session since the one the summary covers: a resumed run keeps its earlier
     * session's summary until it ends, and a summary says how many sessions it covers).
     */
    static Optional<PastRun> unlessEnded(Path runDirectory, Path journalRoot, long now) {
        if (!RunStore.exists(journalRoot) || finalSummary(runDirectory.resolve("execution_summary.json"))) {
            return Optional.empty();
        }
        RunStore opened;
        try {
            opened = RunStore.openToRead(journalRoot);
        } catch (dev.wave.WaveException e) {
            // a journal this wave cannot read (a newer wave's) does not keep it from reporting a run that ended
            if (java.nio.file.Files.isRegularFile(runDirectory.resolve("execution_summary.json"))) {
                return Optional.empty();
            }
            throw e;
        }
        try (RunStore store = opened) {
            Optional<RunRow> row = store.run(runDirectory.getFileName().toString());
            if (row.isEmpty() || summarises(runDirectory.resolve("execution_summary.json"), row.get(), store)) {
                return Optional.empty();
            }
            return Optional.of(read(runDirectory, store, row.get(), now));
        }
    }

    /**
     * Whether the run's summary says it succeeded or failed: such a run is never resumed, so the summary is its last
     * word and the journal need not be opened (only an interrupted run can have a session after its summary). Reads
     * the summary up to its top-level status, which comes before its tasks.
     */
    private static boolean finalSummary(Path summaryFile) {
        if (!java.nio.file.Files.isRegularFile(summaryFile)) {
            return false;
        }
        try (com.fasterxml.jackson.core.JsonParser parser = Json.MAPPER.getFactory().createParser(summaryFile.toFile())) {
            if (parser.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
                return false;
            }
            while (parser.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                if (name.equals("status")) {
                    String status = parser.getText();
                    return status.equals(dev.wave.run.RunStatus.SUCCEEDED.label())
                            || status.equals(dev.wave.run.RunStatus.FAILED.label());
                }
                parser.skipChildren();
            }
            return false;
        } catch (java.io.IOException e) {
            return false; // unreadable here: the journal decides, and reading the summary says what is wrong with it
        }
    }

    private static boolean summarises(Path summaryFile, RunRow row, RunStore store) {
        if (!java.nio.file.Files.isRegularFile(summaryFile)) {
            return false;
        }
        if (!row.status().equals("running")) {
            return true;
        }
        Integer covered = RunFiles.read(summaryFile, RunFiles.Summary.class).sessions();
        return (covered == null ? 1 : covered) >= store.resumes().getOrDefault(row.runId(), 0) + 1;
    }

    /**
     * The run {@code row} of {@code store}, whose files are in {@code runDirectory}, as it stands at {@code now}
     * (epoch milliseconds; for a run whose process is gone, as it stood at its last record).
     *
     * @throws dev.wave.WaveException of kind INVALID_INPUT when {@code execution_plan.json} is missing or unreadable
     */
    static PastRun read(Path runDirectory, RunStore store, RunRow row, long now) {
        requireNonNull(runDirectory, "runDirectory is null");
        requireNonNull(store, "store is null");
        requireNonNull(row, "row is null");
        RunFiles.PlanFile plan = RunFiles.read(runDirectory.resolve("execution_plan.json"), RunFiles.PlanFile.class);
        List<RunStore.EventRow> events = store.events(row.runId());
        RunState state = RunState.of(row, events); // the events read once, for the tasks and for what else they say
        Recorded recorded = Recorded.of(events);
        boolean live = row.liveOwner().isPresent();
        SoFar.Stage stage = live ? SoFar.Stage.RUNNING
                : row.status().equals("running") ? SoFar.Stage.DIED : SoFar.Stage.ENDED;
        long asOf = live ? Math.max(now, state.lastEvent()) : state.lastEvent();

        List<RunFiles.PlannedTask> planned = plan.tasks() == null ? List.of() : plan.tasks();
        List<RunFiles.TaskOutcome> tasks = new ArrayList<>(planned.size());
        List<SoFar.Running> running = new ArrayList<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String name : List.of("succeeded", "failed", "skipped", "cancelled")) {
            counts.put(name, 0);
        }
        int notStarted = 0;
        long first = Long.MAX_VALUE;
        Usage total = Usage.NONE;
        for (RunFiles.PlannedTask task : planned) {
            Checkpoint ended = state.ended().get(task.id());
            Usage spent = state.spent().getOrDefault(task.id(), Usage.NONE);
            total = total.plus(spent);
            Long since = state.attemptStarted().get(task.id());
            if (state.running().contains(task.id()) && since != null) {
                int attempt = state.starts().getOrDefault(task.id(), 1);
                String instance = recorded.instances().getOrDefault(task.id(), "");
                running.add(new SoFar.Running(task.id(), task.wave(), attempt, since, instance,
                        Math.round(task.estimateSeconds() * 1000)));
                tasks.add(new RunFiles.TaskOutcome(task.id(), live ? SoFar.RUNNING : SoFar.CUT_SHORT, task.wave(),
                        instance.isEmpty() ? null : instance, Json.time(Instant.ofEpochMilli(since)), null,
                        Json.seconds(Math.max(0, asOf - since)), null, attempt, live ? "running: attempt " + attempt
                                + " since " + Json.time(Instant.ofEpochMilli(since))
                                : "cut short: its process died during attempt " + attempt + "; 'wave resume' runs it again",
                        null, usage(spent), null));
                first = Math.min(first, since);
            } else if (ended != null) {
                counts.merge(ended.status(), 1, Integer::sum);
                tasks.add(new RunFiles.TaskOutcome(task.id(), ended.status(), ended.wave(), ended.instance(),
                        ended.startedAt(), ended.finishedAt(), ended.durationSeconds(), ended.exitCode(), ended.attempts(),
                        ended.outputSummary(), null, usage(spent), spans(ended)));
                if (ended.startedAt() != null) {
                    first = Math.min(first, Json.epochMillis(ended.startedAt()));
                }
            } else {
                notStarted++;
                tasks.add(new RunFiles.TaskOutcome(task.id(), SoFar.NOT_STARTED, task.wave(), null, null, null, 0, null,
                        state.starts().getOrDefault(task.id(), 0), "not started", null, usage(spent), null));
            }
        }
        long start = first == Long.MAX_VALUE ? row.startedAt() : first;
        Map<String, RunFiles.Checkpoint> checkpoints = new HashMap<>();
        state.ended().forEach((id, ended) -> checkpoints.put(id, new RunFiles.Checkpoint(id, ended.status(),
                ended.filesChanged(), ended.filesChangedCount())));
        SoFar progress = new SoFar(stage, row.status(), row.pid(), asOf, row.canResume(), running, notStarted,
                checkpoints);
        Measured measured = Measured.of(tasks, row.agents(), start, asOf);
        List<RunFiles.SessionFile> sessions = new ArrayList<>();
        if (state.sessions() > 1) {
            for (SessionTime session : store.sessionTimes(row.runId())) {
                sessions.add(new RunFiles.SessionFile(session.session(), Json.time(Instant.ofEpochMilli(session.startedAt())),
                        session.firstTaskStart().map(at -> Json.time(Instant.ofEpochMilli(at))).orElse(null),
                        session.lastTaskWork().map(at -> Json.time(Instant.ofEpochMilli(at))).orElse(null),
                        session.ended()));
            }
        }
        int waves = planned.stream().mapToInt(RunFiles.PlannedTask::wave).max().orElse(0);
        RunFiles.Summary summary = new RunFiles.Summary(row.runId(), progress.label(), row.mode(), row.agents(),
                Json.time(Instant.ofEpochMilli(start)), null, Json.seconds(measured.wallMillis()),
                Json.seconds(measured.taskMillis()), null, null, measured.peak(), measured.average(), waves, counts,
                measured.waves(waves), tasks, recorded.decisions(), null, null, recorded.backup().orElse(null), null, null,
                null, usage(total), recorded.budgetReached().orElse(null), null, recorded.fixWaves(), null,
                progress.notEnded(), sessions, state.sessions());
        return PastRun.soFar(runDirectory, plan, summary, progress);
    }

    private static RunFiles.UsageFile usage(Usage usage) {
        return usage.isEmpty() ? null
                : new RunFiles.UsageFile(usage.inputTokens(), usage.outputTokens(), usage.costUsd().orElse(null));
    }

    private static List<RunFiles.SpanFile> spans(Checkpoint ended) {
        return ended.attemptSpans() == null ? null : ended.attemptSpans().stream()
                .map(span -> new RunFiles.SpanFile(span.startedAt(), span.endedAt())).toList();
    }

    /**
     * What the events say beyond {@link RunState}: the agent each running attempt is on, the decisions about
     * failures, the backup, the fix waves inserted and the budget, as far as the run has got.
     */
    private record Recorded(Map<String, String> instances, List<RunFiles.Decision> decisions,
            Optional<RunFiles.Backup> backup, List<RunFiles.FixWave> fixWaves, Optional<String> budgetReached) {
        static Recorded of(List<RunStore.EventRow> events) {
            Map<String, String> instances = new HashMap<>();
            List<RunFiles.Decision> decisions = new ArrayList<>();
            Optional<RunFiles.Backup> backup = Optional.empty();
            List<RunFiles.FixWave> fixWaves = new ArrayList<>();
            Optional<String> budget = Optional.empty();
            for (RunStore.EventRow event : events) {
                String detail = event.detail().orElse("");
                switch (event.kind()) {
                    case "attempt_started" -> event.task().ifPresent(task -> instances.put(task, detail));
                    case "resumed" -> instances.clear();
                    case "decision" -> {
                        int colon = detail.indexOf(": ");
                        decisions.add(new RunFiles.Decision(event.task().orElse(""), event.attempt(),
                                colon < 0 ? detail : detail.substring(0, colon), null,
                                colon < 0 ? "" : detail.substring(colon + 2)));
                    }
                    case "backup" -> backup = Optional.of(backup(detail));
                    case "fix_wave" -> {
                        int colon = detail.indexOf(": ");
                        fixWaves.add(new RunFiles.FixWave(colon < 0 ? detail : detail.substring(0, colon),
                                event.task().orElse(null), colon < 0 ? "" : detail.substring(colon + 2),
                                "not known yet: its steps are reported when the run has ended", List.of(), Map.of()));
                    }
                    case "budget_reached" -> budget = Optional.of(detail);
                    default -> {
                        // the other events are the tasks' own, which RunState reads
                    }
                }
            }
            return new Recorded(instances, decisions, backup, fixWaves, budget);
        }

        /** The {@code backup} event: {@code <id> <ref> files=<n>}, or {@code none: <why>}. */
        private static RunFiles.Backup backup(String detail) {
            if (detail.startsWith("none: ")) {
                return new RunFiles.Backup(null, null, null, null, detail.substring("none: ".length()));
            }
            String[] words = detail.split(" ");
            Integer files = null;
            if (words.length > 2 && words[2].matches("files=[0-9]{1,9}")) {
                files = Integer.parseInt(words[2].substring("files=".length()));
            }
            return new RunFiles.Backup(words[0], words.length > 1 ? words[1] : null, files, null, "Wave 0, before the run");
        }
    }

    /**
     * The measured figures so far: wall time from the first task's start to the moment covered, the ended tasks'
     * time, the most tasks at once and the average (attempts still out counted up to that moment), and each
     * wave's utilisation over its tasks that ended.
     */
    private record Measured(long wallMillis, long taskMillis, int peak, double average, List<RunFiles.TaskOutcome> tasks,
            int agents) {
        static Measured of(List<RunFiles.TaskOutcome> tasks, int agents, long start, long asOf) {
            long taskMillis = 0;
            long busy = 0;
            List<long[]> spans = new ArrayList<>();
            for (RunFiles.TaskOutcome task : tasks) {
                if (task.startedAt() == null) {
                    continue;
                }
                long from = Json.epochMillis(task.startedAt());
                boolean ended = !SoFar.unfinished(task.status());
                if (ended && task.attemptSpans() != null && !task.attemptSpans().isEmpty()) {
                    for (RunFiles.SpanFile span : task.attemptSpans()) {
                        long a = Json.epochMillis(span.startedAt());
                        long b = Json.epochMillis(span.endedAt());
                        spans.add(new long[] {a, b});
                        taskMillis += b - a;
                    }
                    continue;
                }
                long took = Math.round(task.durationSeconds() * 1000);
                spans.add(new long[] {from, from + took});
                if (ended) {
                    taskMillis += took;
                } else {
                    busy += took;
                }
            }
            long wall = Math.max(0, asOf - start);
            int peak = Concurrency.peakOf(spans);
            double average = wall == 0 ? 0.0 : (double) (taskMillis + busy) / wall;
            return new Measured(wall, taskMillis, peak, average, tasks, agents);
        }

        /** Each wave's utilisation over its tasks that ended: their span, busy time and count. */
        List<RunFiles.WaveUse> waves(int waves) {
            WaveSpans spans = new WaveSpans(waves);
            for (RunFiles.TaskOutcome task : tasks) {
                if (task.startedAt() == null || task.finishedAt() == null || SoFar.unfinished(task.status())) {
                    continue;
                }
                long busy = 0;
                if (task.attemptSpans() != null && !task.attemptSpans().isEmpty()) {
                    for (RunFiles.SpanFile span : task.attemptSpans()) {
                        busy += Json.epochMillis(span.endedAt()) - Json.epochMillis(span.startedAt());
                    }
                } else {
                    busy = Math.round(task.durationSeconds() * 1000);
                }
                spans.add(task.wave(), Json.epochMillis(task.startedAt()), Json.epochMillis(task.finishedAt()), busy);
            }
            return spans.uses(agents).stream().map(use -> new RunFiles.WaveUse(use.wave(), use.tasks(),
                    Json.seconds(use.spanMillis()), Json.seconds(use.busyMillis()), use.utilisation(), null)).toList();
        }
    }
}
