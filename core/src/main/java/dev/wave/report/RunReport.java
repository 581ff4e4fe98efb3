package dev.wave.report;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wave.journal.Json;
import dev.wave.journal.RunDirectory;
import dev.wave.journal.SessionTime;
import dev.wave.run.FailureDecision;
import dev.wave.run.RunResult;
import dev.wave.run.TaskRecord;
import dev.wave.safety.SafetyReport;
import dev.wave.schedule.TaskState;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The measured report of a run: {@code execution_summary.json} and the console summary. Every
 * figure here comes from the run's own timings. Immutable.
 *
 * @param runId the run
 * @param directory the run's files
 * @param result what the run measured
 * @param safety what the safety net did: backup, critical tasks, commit or rollback
 * @param sessions how many processes ran the run (1 plus its resumes)
 * @param sessionTimes each session's times, as the journal holds them, for a resumed run; empty for a run one
 *     process ran. A resumed run's efficiency is measured over the sum of their active times
 */
public record RunReport(String runId, RunDirectory directory, RunResult result, Optional<SafetyReport> safety,
        int sessions, List<SessionTime> sessionTimes) {
    /** The reason a resumed run's summary gives no efficiency when its sessions' times are not known. */
    static final String RESUMED = "resumed: its wall time includes the time between its processes";

    public RunReport {
        requireNonNull(runId, "runId is null");
        requireNonNull(directory, "directory is null");
        requireNonNull(result, "result is null");
        requireNonNull(safety, "safety is null");
        sessionTimes = List.copyOf(sessionTimes);
    }

    /** A report of a run whose sessions' times are not known apart. */
    public RunReport(String runId, RunDirectory directory, RunResult result, Optional<SafetyReport> safety,
            int sessions) {
        this(runId, directory, result, safety, sessions, List.of());
    }

    /** A report of a run one process ran. */
    public RunReport(String runId, RunDirectory directory, RunResult result, Optional<SafetyReport> safety) {
        this(runId, directory, result, safety, 1);
    }

    /** A report without a safety net. */
    public RunReport(String runId, RunDirectory directory, RunResult result) {
        this(runId, directory, result, Optional.empty());
    }

    /** How busy the agents were during one wave, measured. */
    record WaveUse(int wave, int tasks, long spanMillis, long busyMillis, double utilisation) {}

    List<WaveUse> waveUse() {
        WaveSpans spans = new WaveSpans(result.waves());
        for (TaskRecord task : result.tasks()) {
            if (task.startedAt().isPresent()) {
                spans.add(task.wave(), task.startedAt().get().toEpochMilli(), task.finishedAt().orElseThrow().toEpochMilli(),
                        Concurrency.busyMillis(task));
            }
        }
        return spans.uses(result.agents());
    }

    /** Writes {@code execution_summary.json} into the run directory. */
    public void write() {
        Json.write(directory.summary(), json());
    }

    public ObjectNode json() {
        return json(figures());
    }

    /**
     * Prints the summary for people, as {@link #print} does, and returns it as {@link #json} does, with the measured
     * figures (the critical path reads {@code execution_plan.json}) worked out once for both.
     */
    public ObjectNode printAndJson(PrintWriter out, Path base) {
        Figures figures = figures();
        print(out, base, figures);
        return json(figures);
    }

    private ObjectNode json(Figures figures) {
        ObjectNode root = Json.object();
        root.put("run_id", runId);
        root.put("status", result.status().label());
        root.put("mode", result.mode().label());
        root.put("agents", result.agents());
        root.put("started_at", Json.time(result.startedAt()));
        root.put("finished_at", Json.time(result.finishedAt()));
        root.put("wall_seconds", Json.seconds(result.wallMillis()));
        root.put("sequential_seconds", Json.seconds(result.sequentialMillis()));
        Optional<Double> efficiency = figures.efficiency();
        if (efficiency.isPresent()) {
            root.put("efficiency", Json.round(efficiency.get(), 4));
        } else {
            root.putNull("efficiency");
        }
        root.put("efficiency_basis", "(sequential_seconds - wall_seconds) / sequential_seconds, where sequential_seconds "
                + "is the sum of measured task durations; for a resumed run active_seconds, the sum of its sessions' "
                + "active times, instead of wall_seconds; null for an interrupted run");
        root.put("sessions", sessions);
        if (!figures.sessions().isEmpty()) {
            root.put("active_seconds", Json.seconds(figures.measuredMillis()));
            ArrayNode times = root.putArray("session_times");
            for (SessionTime session : figures.sessions()) {
                ObjectNode node = times.addObject();
                node.put("session", session.session());
                node.put("started_at", Json.time(java.time.Instant.ofEpochMilli(session.startedAt())));
                Json.putTime(node, "first_task_start", session.firstTaskStart().map(java.time.Instant::ofEpochMilli));
                Json.putTime(node, "last_task_work", session.lastTaskWork().map(java.time.Instant::ofEpochMilli));
                node.put("active_seconds", Json.seconds(session.activeMillis()));
                node.put("ended", session.ended());
            }
        }
        figures.noEfficiency().ifPresent(reason -> root.put("efficiency_not_given", reason));
        figures.path().ifPresent(path -> {
            root.put("critical_path_seconds", Json.seconds(path.millis()));
            path.tasks().forEach(root.putArray("critical_path")::add);
        });
        root.put("peak_concurrency", figures.peak());
        root.put("average_concurrency", Json.round(figures.average(), 3));
        root.put("waves", result.waves());
        ObjectNode counts = root.putObject("counts");
        for (TaskState state : List.of(TaskState.SUCCEEDED, TaskState.FAILED, TaskState.SKIPPED, TaskState.CANCELLED)) {
            counts.put(state.label(), result.count(state));
        }
        ArrayNode waves = root.putArray("wave_utilisation");
        for (WaveUse use : figures.waves()) {
            ObjectNode wave = waves.addObject();
            wave.put("wave", use.wave());
            wave.put("tasks_run", use.tasks());
            wave.put("span_seconds", Json.seconds(use.spanMillis()));
            wave.put("busy_seconds", Json.seconds(use.busyMillis()));
            wave.put("utilisation", Json.round(use.utilisation(), 4));
            if (!result.usage(use.wave()).isEmpty()) {
                Spending.putUsage(wave.putObject("usage"), result.usage(use.wave()));
            }
        }
        ArrayNode tasks = root.putArray("tasks");
        java.util.Set<Path> logs = logs();
        for (TaskRecord record : result.tasks()) {
            ObjectNode task = tasks.addObject();
            task.put("id", record.id());
            Json.putOutcome(task, record);
            task.put("summary", record.summary());
            if (record.startedAt().isPresent() && logs.contains(directory.log(record.id()))) {
                // A task that printed nothing has no log.
                task.put("log", directory.root().relativize(directory.log(record.id())).toString());
            }
            Spending.addTo(task, record);
        }
        Spending.addTo(root, result);
        failures(root);
        safety.ifPresent(report -> report.addTo(root, directory.root()));
        return root;
    }

    /** The task logs in the run directory: one listing instead of a file test per task (10,000 at 10,000 tasks). */
    private java.util.Set<Path> logs() {
        java.util.Set<Path> logs = new java.util.HashSet<>();
        try (java.util.stream.Stream<Path> entries = Files.list(directory.logs())) {
            entries.filter(Files::isRegularFile).forEach(logs::add);
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            // no logs directory (no task printed), or it cannot be read: no log is named
        }
        return logs;
    }

    /** What was retried, skipped and decided about failures, and why. */
    private void failures(ObjectNode root) {
        ArrayNode decisions = root.putArray("failure_decisions");
        for (FailureDecision decision : result.decisions()) {
            ObjectNode node = decisions.addObject();
            node.put("task", decision.taskId());
            node.put("attempt", decision.attempt());
            node.put("action", decision.action().label());
            node.put("failed_tasks", decision.failedTasks());
            node.put("tasks", decision.tasks());
            node.put("failure_rate", Json.round(decision.rate(), 4));
            node.put("agents_before", decision.agentsBefore());
            node.put("agents_after", decision.agentsAfter());
            node.put("failure", decision.failure());
            node.put("reason", decision.reason());
        }
        ArrayNode retried = root.putArray("retried");
        ArrayNode skipped = root.putArray("skipped");
        for (TaskRecord record : result.tasks()) {
            if (record.attempts() > 1) {
                ObjectNode node = retried.addObject();
                node.put("id", record.id());
                node.put("attempts", record.attempts());
                node.put("status", record.state().label());
                ArrayNode failures = node.putArray("failures");
                result.decisions().stream().filter(decision -> decision.taskId().equals(record.id()))
                        .forEach(decision -> failures.add("attempt " + decision.attempt() + ": " + decision.failure()));
            }
            if (record.state() == TaskState.SKIPPED) {
                ObjectNode node = skipped.addObject();
                node.put("id", record.id());
                node.put("reason", record.summary());
            }
        }
        result.abort().ifPresentOrElse(abort -> root.put("aborted", "\"" + abort.taskId() + "\": " + abort.reason()),
                () -> root.putNull("aborted"));
    }

    /** Prints the summary for people; {@code base} is the directory paths are shown relative to. */
    public void print(PrintWriter out, Path base) {
        print(out, base, figures());
    }

    private void print(PrintWriter out, Path base, Figures figures) {
        figures.print(out);
        for (TaskRecord record : result.tasks()) {
            if (record.state() == TaskState.FAILED) {
                out.printf("  Failed:      %s (%s) log: %s%n", record.id(), failure(record.exitCode(), record.summary()),
                        log(base, directory.log(record.id())));
            }
        }
        long retried = result.tasks().stream().filter(task -> task.attempts() > 1).count();
        if (retried > 0 || !result.decisions().isEmpty()) {
            out.printf("  Failures:    %s retried, %s (see orchestrator.log)%n", Words.count(retried, "task"),
                    Words.count(result.decisions().size(), "failure decision"));
        }
        result.abort().ifPresent(abort -> out.printf("  Aborted:     \"%s\" failed: %s%n", abort.taskId(), abort.reason()));
        Spending.of(result).print(out);
        safety.ifPresent(report -> report.print(out));
        out.printf("  Report:      %s%n", relative(base, directory.summary()));
        out.flush();
    }

    /**
     * The most tasks that ran at once, over every attempt's measured span as well as this process's own count: a
     * resumed run's earlier processes ran tasks side by side too. Counted from attempts, not from each task's first
     * start to its last end, because a retried task holds no agent while it waits for its retry.
     */
    int peakConcurrency() {
        return Math.max(result.peakConcurrency(), Concurrency.peak(result.tasks()));
    }

    /** The measured figures of the console summary, with the critical path when the plan file is there to give it. */
    Figures figures() {
        long[] counts = {result.count(TaskState.SUCCEEDED), result.count(TaskState.FAILED), result.count(TaskState.SKIPPED),
            result.count(TaskState.CANCELLED)};
        // a resumed run is measured over its sessions' active times, when the journal gave them all
        List<SessionTime> times = sessions > 1 && sessionTimes.size() == sessions ? sessionTimes : List.of();
        long active = SessionTime.activeMillis(times);
        double average = times.isEmpty() ? result.averageConcurrency()
                : active == 0 ? 0.0 : (double) result.sequentialMillis() / active;
        return new Figures(runId, result.status().label(), result.wallMillis(), result.sequentialMillis(), counts,
                result.agents(), result.mode().label(), peakConcurrency(), average, measuredPath(), waveUse(),
                sessions > 1 && times.isEmpty() ? Optional.of(RESUMED) : Optional.empty(), times);
    }

    /** The measured critical path, from the plan's dependencies in {@code execution_plan.json}; empty without that file. */
    private Optional<MeasuredPath> measuredPath() {
        if (!Files.isRegularFile(directory.executionPlan())) {
            return Optional.empty();
        }
        Optional<List<RunFiles.PlanDependencies>> plan;
        try {
            plan = RunFiles.dependencies(directory.executionPlan());
        } catch (java.io.IOException | RuntimeException e) {
            return Optional.empty(); // the summary is written whatever became of the plan file
        }
        if (plan.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Long> measured = new HashMap<>();
        result.tasks().forEach(task -> measured.put(task.id(), task.durationMillis()));
        List<MeasuredPath.Node> nodes = new ArrayList<>(plan.get().size());
        for (RunFiles.PlanDependencies task : plan.get()) {
            nodes.add(new MeasuredPath.Node(task.id(), task.dependsOn(), measured.getOrDefault(task.id(), 0L)));
        }
        return Optional.of(MeasuredPath.of(nodes));
    }

    /** Why a task failed, for one line: its exit code and what it printed last, or that it printed nothing. */
    static String failure(Optional<Integer> exitCode, String summary) {
        String said = summary.isBlank() ? "no output" : summary;
        return exitCode.map(code -> "exit " + code + ", " + said).orElse(said);
    }

    /** Where a task's log is, relative to {@code base}; a task that printed nothing has none, and this says so. */
    public static String log(Path base, Path log) {
        return Files.isRegularFile(log) ? relative(base, log) : "none (it printed nothing)";
    }

    public static String relative(Path base, Path path) {
        try {
            return base.toAbsolutePath().relativize(path.toAbsolutePath()).toString();
        } catch (IllegalArgumentException e) {
            return path.toString();
        }
    }

    /** A fraction as a whole percentage: {@code 0.456} is {@code 46%}. */
    static String percent(double fraction) {
        return String.format(java.util.Locale.ROOT, "%.0f%%", fraction * 100);
    }
}
