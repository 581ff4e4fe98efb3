package dev.wave.report;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wave.journal.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTML report of a run: one self-contained {@code report.html} in the run directory, with its
 * styles, script and data inline, so it opens offline in any browser and can be mailed or archived
 * alone. Built from the run's files only ({@link PastRun}), so it can be written again for any past
 * run. The page draws its timeline on a canvas from the embedded JSON, which keeps it readable and
 * light at 10,000 tasks. Stateless and thread-safe; reads the run's files and writes one file.
 */
public final class HtmlReport {
    /** The file name of the report in a run directory. */
    public static final String FILE = "report.html";
    /**
     * The file name of the report of a run that has not ended (a report so far): never {@link #FILE}, which the run
     * writes at its end, so neither replaces the other.
     */
    public static final String SO_FAR_FILE = "report-so-far.html";
    static final int MAX_FAILURES_SHOWN = 50;
    static final int MAX_FILES_LISTED = 1000;
    static final int LOG_LINES = 30;
    static final int LOG_BYTES = 8192;
    private static final Pattern PLACEHOLDER = Pattern.compile("/\\*WAVE_STYLE\\*/|/\\*WAVE_SCRIPT\\*/|WAVE_TITLE|\"WAVE_DATA\"");
    private static final List<String> STATES = List.of("succeeded", "failed", "skipped", "cancelled", SoFar.RUNNING,
            SoFar.CUT_SHORT, SoFar.NOT_STARTED);

    private HtmlReport() {}

    /**
     * Writes {@code report.html} into {@code runDirectory}, replacing it atomically, from the run's files.
     *
     * @return the report's path
     * @throws dev.wave.WaveException of kind INVALID_INPUT when the run's files are missing or unreadable
     */
    public static Path write(Path runDirectory) {
        requireNonNull(runDirectory, "runDirectory is null");
        return write(PastRun.read(runDirectory));
    }

    /**
     * Writes the report of {@code run}, already read, into its directory, replacing it atomically: {@code report.html}
     * for a run that ended, {@code report-so-far.html} for one that has not ({@link PastRun#ended}), so that a report
     * taken while a run goes on never stands in for the one the run writes at its end. The page is written under a
     * name of its own first, so reports written at the same time do not mix.
     */
    public static Path write(PastRun run) {
        requireNonNull(run, "run is null");
        Path runDirectory = run.root();
        String name = run.ended() ? FILE : SO_FAR_FILE;
        Path file = runDirectory.resolve(name);
        Path temporary = null;
        try {
            // named after this process and the moment (not createTempFile, whose file only its owner may read)
            temporary = runDirectory.resolve("." + name + "." + ProcessHandle.current().pid() + "."
                    + Long.toHexString(System.nanoTime()) + ".tmp");
            Files.writeString(temporary, html(run), StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            deleteQuietly(temporary);
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // the page was not written, which the caller reports; a spare file left behind says no more
        }
    }

    /**
     * Writes the report at the end of a run, never failing the run: returns the console line that
     * says where the report is, or why it could not be written.
     *
     * @param base the directory the printed path is relative to
     */
    public static String writeAfterRun(Path runDirectory, Path base) {
        return writeAfterRun(runDirectory, () -> PastRun.read(runDirectory), base);
    }

    /**
     * As {@link #writeAfterRun(Path, Path)}, from the run's {@code execution_plan.json} and
     * {@code execution_summary.json} as the process that just wrote them holds them (see
     * {@link PastRun#of}): the same report, without reading megabytes back.
     */
    public static String writeAfterRun(Path runDirectory, JsonNode executionPlan, JsonNode summary, Path base) {
        return writeAfterRun(runDirectory, () -> PastRun.of(runDirectory, executionPlan, summary), base);
    }

    private static String writeAfterRun(Path runDirectory, java.util.function.Supplier<PastRun> run, Path base) {
        try {
            return "  HTML report: " + RunReport.relative(base, write(run.get()));
        } catch (RuntimeException e) {
            return "  HTML report: not written (" + e.getMessage() + "); 'wave report " + runDirectory.getFileName()
                    + " --html' tries again";
        }
    }

    /** The page: the template with its styles, script and the run's data put in. */
    static String html(PastRun run) {
        String data;
        try {
            data = Json.MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(data(run));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the report data of run " + run.runId(), e);
        }
        // Inside <script>, "</" could end the element early; "<\/" means the same in JSON.
        data = data.replace("</", "<\\/").replace("<!--", "<\\!--");
        Map<String, String> values = Map.of("/*WAVE_STYLE*/", resource("report.css"), "/*WAVE_SCRIPT*/", resource("report.js"),
                "WAVE_TITLE", escape("wave run " + run.runId()), "\"WAVE_DATA\"", data);
        // One pass over the template, so nothing put in (a goal, a log line) is read as a placeholder.
        Matcher placeholder = PLACEHOLDER.matcher(resource("report.html"));
        StringBuilder page = new StringBuilder();
        while (placeholder.find()) {
            placeholder.appendReplacement(page, Matcher.quoteReplacement(values.get(placeholder.group())));
        }
        placeholder.appendTail(page);
        return page.toString();
    }

    /** The run as the page's script reads it: figures, plan, waves, task columns, failures, files and the safety net. */
    static ObjectNode data(PastRun run) {
        RunFiles.Summary summary = run.summary();
        RunFiles.PlanFile plan = run.plan();
        Figures figures = run.figures();
        MeasuredPath path = figures.path().orElseThrow();
        ObjectNode root = Json.object();
        root.put("run_id", run.runId());
        root.put("goal", PastRun.text(plan.task()));
        root.put("pattern", PastRun.text(plan.pattern()));
        root.put("source", PastRun.text(plan.source()));
        root.put("status", PastRun.text(summary.status()));
        root.put("mode", PastRun.text(summary.mode()));
        root.put("agents", summary.agents());
        root.put("started_at", PastRun.text(summary.startedAt()));
        root.put("finished_at", PastRun.text(summary.finishedAt()));
        root.put("wall_ms", figures.wallMillis());
        root.put("task_ms", figures.taskMillis());
        figures.efficiency().ifPresentOrElse(value -> root.put("efficiency", Json.round(value, 4)),
                () -> root.putNull("efficiency"));
        figures.noEfficiency().ifPresent(reason -> root.put("efficiency_not_given", reason));
        if (!figures.sessions().isEmpty()) { // a resumed run: its efficiency is over its sessions' active time
            root.put("active_ms", figures.measuredMillis());
            ArrayNode sessions = root.putArray("sessions");
            for (dev.wave.journal.SessionTime session : figures.sessions()) {
                sessions.addObject().put("session", session.session()).put("active_ms", session.activeMillis())
                        .put("ran", session.firstTaskStart().isPresent()).put("ended", session.ended());
            }
        }
        root.put("critical_path_ms", path.millis());
        root.put("peak", summary.peakConcurrency());
        root.put("average", Json.round(summary.averageConcurrency(), 3));
        if (plan.estimate() != null) {
            ObjectNode estimate = root.putObject("estimate");
            estimate.put("makespan_ms", Math.round(plan.estimate().makespanSeconds() * 1000));
            estimate.put("sequential_ms", Math.round(plan.estimate().sequentialSeconds() * 1000));
            estimate.put("critical_path_ms", Math.round(plan.estimate().criticalPathSeconds() * 1000));
            estimate.put("agents", plan.estimate().agents());
        }
        if (plan.scaling() != null && plan.scaling().reasons() != null) {
            plan.scaling().reasons().forEach(root.putArray("scaling")::add);
        }
        waves(root, summary, run.plannedTasks());
        tasks(root, run, path);
        failures(root, run);
        files(root, run);
        safety(root, summary, run);
        AgentUse.of(run).addTo(root, startMillis(run));
        KeptForInspection.of(run).addTo(root, run.repository());
        run.soFar().ifPresent(progress -> progress.addTo(root, run.runId(), startMillis(run)));
        return root;
    }

    private static void waves(ObjectNode root, RunFiles.Summary summary, List<RunFiles.PlannedTask> planned) {
        Map<Integer, int[]> plannedByWave = new HashMap<>();
        Map<Integer, Boolean> critical = new HashMap<>();
        for (RunFiles.PlannedTask task : planned) {
            plannedByWave.computeIfAbsent(task.wave(), wave -> new int[1])[0]++;
            critical.merge(task.wave(), task.critical(), Boolean::logicalOr);
        }
        ArrayNode waves = root.putArray("waves");
        if (summary.waveUtilisation() == null) {
            return;
        }
        for (RunFiles.WaveUse use : summary.waveUtilisation()) {
            ObjectNode wave = waves.addObject();
            wave.put("wave", use.wave());
            wave.put("planned", plannedByWave.getOrDefault(use.wave(), new int[1])[0]);
            wave.put("run", use.tasksRun());
            wave.put("span_ms", Math.round(use.spanSeconds() * 1000));
            wave.put("busy_ms", Math.round(use.busySeconds() * 1000));
            wave.put("utilisation", use.utilisation());
            wave.put("critical", critical.getOrDefault(use.wave(), false));
        }
    }

    /**
     * One array per column, in the summary's task order, then the fix waves' steps (counted by {@code planned},
     * labelled by {@code fix}): compact at 10,000 tasks. Agent usage columns only when a task reported usage.
     */
    private static void tasks(ObjectNode root, PastRun run, MeasuredPath path) {
        Map<String, RunFiles.PlannedTask> planned = new HashMap<>();
        run.plannedTasks().forEach(task -> planned.put(task.id(), task));
        Set<String> onPath = new HashSet<>(path.tasks());
        long base = startMillis(run);
        boolean usage = run.tasks().stream().anyMatch(task -> task.usage() != null) || run.fixWaves().stream()
                .flatMap(wave -> AgentUse.steps(wave).stream()).anyMatch(step -> step.usage() != null);
        Columns columns = new Columns(root.putObject("tasks"), usage);
        for (RunFiles.TaskOutcome task : run.tasks()) {
            RunFiles.PlannedTask plan = planned.get(task.id());
            columns.add(task.id(), plan == null || plan.title() == null || plan.title().equals(task.id()) ? "" : plan.title(),
                    plan == null ? "" : plan.what(), task.wave(), task.instance(), task.status(), task.startedAt(), base,
                    task.durationSeconds(), plan == null ? 0 : Math.round(plan.estimateSeconds() * 1000),
                    plan != null && plan.critical(), onPath.contains(task.id()), task.attempts(), task.exitCode(),
                    task.summary(), task.usage());
        }
        columns.node().put("planned", run.tasks().size());
        spans(columns.node(), run.tasks(), base);
        ArrayNode fix = columns.node().putArray("fix");
        for (RunFiles.FixWave wave : run.fixWaves()) {
            for (RunFiles.FixStep step : AgentUse.steps(wave)) {
                fix.add(PastRun.text(wave.wave()));
                columns.add(PastRun.text(step.id()), "", PastRun.text(step.step()) + (wave.task() == null ? "" : " for "
                        + wave.task()) + " (fix wave " + PastRun.text(wave.wave()) + ")", step.parentWave(), step.instance(),
                        step.status(), step.startedAt(), base, step.durationSeconds(), 0, false, false, step.attempts(),
                        step.exitCode(), step.summary(), step.usage());
            }
        }
        path.tasks().forEach(root.putArray("critical_path")::add);
    }

    /**
     * {@code spans}: for each retried task (by its row), its attempts' spans as {@code [start, duration, ...]}, from
     * the run's start: the concurrency chart counts those, as a retry's wait holds no agent. Other rows have one
     * span, their start and duration.
     */
    private static void spans(ObjectNode tasks, List<RunFiles.TaskOutcome> outcomes, long base) {
        ObjectNode spans = tasks.putObject("spans");
        for (int row = 0; row < outcomes.size(); row++) {
            List<RunFiles.SpanFile> attempts = outcomes.get(row).attemptSpans();
            if (attempts == null || attempts.isEmpty()) {
                continue;
            }
            ArrayNode pairs = spans.putArray(Integer.toString(row));
            for (RunFiles.SpanFile span : attempts) {
                long start = Instant.parse(span.startedAt()).toEpochMilli();
                pairs.add(start - base);
                pairs.add(Math.max(0, Instant.parse(span.endedAt()).toEpochMilli() - start));
            }
        }
    }

    /** The task columns of the page's data. */
    private record Columns(ObjectNode node, boolean usage, ArrayNode ids, ArrayNode titles, ArrayNode what, ArrayNode waves,
            ArrayNode lanes, ArrayNode states, ArrayNode starts, ArrayNode durations, ArrayNode estimates,
            ArrayNode critical, ArrayNode path, ArrayNode attempts, ArrayNode exits, ArrayNode summaries,
            ArrayNode tokens, ArrayNode cost) {
        Columns(ObjectNode node, boolean usage) {
            this(node, usage, states(node).putArray("id"), node.putArray("title"), node.putArray("what"),
                    node.putArray("wave"), node.putArray("lane"), node.putArray("state"), node.putArray("start"),
                    node.putArray("duration"), node.putArray("estimate"), node.putArray("critical"), node.putArray("path"),
                    node.putArray("attempts"), node.putArray("exit"), node.putArray("summary"),
                    usage ? node.putArray("tokens") : null, usage ? node.putArray("cost") : null);
        }

        private static ObjectNode states(ObjectNode node) {
            STATES.forEach(node.putArray("states")::add);
            return node;
        }

        void add(String id, String title, String description, int wave, String instance, String status, String startedAt,
                long base, double durationSeconds, long estimateMillis, boolean criticalTask, boolean onPath, int tries,
                Integer exitCode, String summary, RunFiles.UsageFile used) {
            ids.add(id);
            titles.add(title);
            what.add(description);
            waves.add(wave);
            lanes.add(lane(instance));
            states.add(Math.max(0, STATES.indexOf(status)));
            starts.add(startedAt == null ? -1 : Json.epochMillis(startedAt) - base);
            durations.add(Math.round(durationSeconds * 1000));
            estimates.add(estimateMillis);
            critical.add(criticalTask ? 1 : 0);
            path.add(onPath ? 1 : 0);
            attempts.add(tries);
            if (exitCode == null) {
                exits.addNull();
            } else {
                exits.add(exitCode);
            }
            summaries.add(PastRun.text(summary));
            if (usage) {
                tokens.add(used == null ? 0 : used.inputTokens() + used.outputTokens());
                if (used == null || used.costUsd() == null) {
                    cost.addNull();
                } else {
                    cost.add(Json.round(used.costUsd(), 6));
                }
            }
        }
    }

    /** The agent's number from its name ({@code I3} is 3); 0, no lane, for a task that never ran on one. */
    static int lane(String instance) {
        // by hand, not String.matches: that compiles a pattern for each of 10,000 tasks
        if (instance == null || instance.length() < 2 || instance.length() > 7 || instance.charAt(0) != 'I') {
            return 0;
        }
        for (int at = 1; at < instance.length(); at++) {
            if (instance.charAt(at) < '0' || instance.charAt(at) > '9') {
                return 0;
            }
        }
        return Integer.parseInt(instance.substring(1));
    }

    /** When the run started, in epoch milliseconds: the page's times count from it. */
    private static long startMillis(PastRun run) {
        return run.summary().startedAt() == null ? 0 : Instant.parse(run.summary().startedAt()).toEpochMilli();
    }

    private static void failures(ObjectNode root, PastRun run) {
        ArrayNode failures = root.putArray("failures");
        int failed = 0;
        for (RunFiles.TaskOutcome task : run.tasks()) {
            if (!"failed".equals(task.status())) {
                continue;
            }
            if (++failed > MAX_FAILURES_SHOWN) {
                continue;
            }
            ObjectNode failure = failures.addObject();
            failure.put("id", task.id());
            failure.put("reason", RunReport.failure(java.util.Optional.ofNullable(task.exitCode()), PastRun.text(task.summary())));
            failure.put("attempts", task.attempts());
            failure.put("log", task.log() == null ? "logs/" + task.id() + ".log" : task.log());
            failure.put("excerpt", run.logTail(task, LOG_LINES, LOG_BYTES));
        }
        root.put("failed", failed);
        ArrayNode decisions = root.putArray("decisions");
        if (run.summary().failureDecisions() != null) {
            for (RunFiles.Decision decision : run.summary().failureDecisions()) {
                decisions.add(decision.task() + " attempt " + decision.attempt() + ": " + decision.action() + ", "
                        + decision.reason());
            }
        }
        root.put("aborted", PastRun.text(run.summary().aborted()));
    }

    private static void files(ObjectNode root, PastRun run) {
        PastRun.ChangedFiles changed = run.changedFiles();
        ObjectNode files = root.putObject("files");
        files.put("source", changed.source());
        files.put("count", changed.count());
        ArrayNode list = files.putArray("paths");
        changed.paths().stream().limit(MAX_FILES_LISTED).forEach(list::add);
        RunFiles.Commit commit = run.summary().commit();
        if (commit != null && commit.sha() != null && commit.filesChanged() != null) {
            files.put("committed", commit.filesChanged());
        }
        files.put("shell_tasks", run.plannedTasks().stream().anyMatch(task -> "run".equals(task.kind())));
    }

    private static void safety(ObjectNode root, RunFiles.Summary summary, PastRun run) {
        ObjectNode safety = root.putObject("safety");
        safety.put("on_failure", PastRun.text(summary.onFailure()));
        if (summary.backup() != null) {
            RunFiles.Backup backup = summary.backup();
            safety.put("backup", backup.id() == null ? "none: " + PastRun.text(backup.note())
                    : backup.id() + " (" + PastRun.text(backup.ref()) + ", " + Words.count(backup.files() == null ? 0 : backup.files(), "file") + "): "
                            + PastRun.text(backup.note()));
        }
        if (summary.commit() != null) {
            safety.put("commit", PastRun.text(summary.commit().note()));
        }
        run.rollbackNote().ifPresent(note -> safety.put("rollback", note));
        if (summary.rollback() != null) {
            RunFiles.Rollback rollback = summary.rollback();
            ArrayNode checks = safety.putArray("checks");
            if (rollback.checks() != null) {
                for (RunFiles.Check check : rollback.checks()) {
                    checks.add((check.passed() ? "ok: " : "FAILED: ") + check.name() + ", " + PastRun.text(check.detail()));
                }
            }
        }
        ArrayNode critical = safety.putArray("critical");
        ArrayNode verified = safety.putArray("verified");
        for (PastRun.SafetyFact fact : PastRun.criticalFacts(summary)) {
            (fact.label().equals("Critical") ? critical : verified).add(fact.text());
        }
    }

    private static String resource(String name) {
        try (InputStream in = HtmlReport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the report resource " + name + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the report resource " + name, e);
        }
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
