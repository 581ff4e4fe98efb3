package dev.wave.report;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wave.WaveException;
import dev.wave.journal.RunDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A run as its directory recorded it: {@code execution_plan.json}, {@code execution_summary.json},
 * the checkpoints (or {@code checkpoints.zip}) and the task logs, read back as typed records. The
 * source of {@code wave report} and of {@link HtmlReport}; it reads files only and changes nothing.
 * Immutable once read; not tied to the run that wrote the files, so any past run can be read.
 */
public final class PastRun {
    /** A large run's checkpoints, one per line (see {@code Journal.PER_TASK_FILES_UP_TO}). */
    private static final String CHECKPOINT_LINES = "checkpoints.jsonl";
    private final Path root;
    private final RunFiles.PlanFile plan;
    private final RunFiles.Summary summary;
    private final Optional<SoFar> soFar;

    private PastRun(Path root, RunFiles.PlanFile plan, RunFiles.Summary summary, Optional<SoFar> soFar) {
        this.root = root;
        this.plan = plan;
        this.summary = summary;
        this.soFar = soFar;
    }

    /** A run that has not ended, as {@link RunSoFar} made it from its journal. */
    static PastRun soFar(Path root, RunFiles.PlanFile plan, RunFiles.Summary summary, SoFar progress) {
        return new PastRun(root, plan, summary, Optional.of(progress));
    }

    /**
     * Reads the run in {@code runDirectory}, whether it has ended or not. A run that ended is read from its files, as
     * {@link #read(Path)} does. A run still running, one whose process died (resumable), and one that ended without
     * writing its summary (abandoned, or refused before its tasks ran) are read from what they recorded: the journal
     * in {@code journalRoot} and {@code execution_plan.json}, as a report so far ({@link #ended} is false). So is a
     * resumed run that is running again, whose {@code execution_summary.json} is still its earlier session's. Opens
     * the journal to read only, so it never holds up a run that writes it.
     *
     * @param journalRoot the top level of the repository, where {@code .wave/journal.db} is
     * @param clock the time a running run's report is made at
     * @throws WaveException of kind INVALID_INPUT when no report can be made: the run has no summary and the
     *     journal no record of it, or a file it needs is missing or unreadable
     */
    public static PastRun read(Path runDirectory, Path journalRoot, java.time.InstantSource clock) {
        requireNonNull(runDirectory, "runDirectory is null");
        requireNonNull(journalRoot, "journalRoot is null");
        requireNonNull(clock, "clock is null");
        Optional<PastRun> soFar = RunSoFar.unlessEnded(runDirectory, journalRoot, clock.millis());
        if (soFar.isPresent()) {
            return soFar.get();
        }
        if (!Files.isRegularFile(runDirectory.resolve("execution_summary.json"))) {
            throw WaveException.invalidInput("run %s has no execution_summary.json, and the journal (%s) has no record of "
                    + "it: it is just starting (try again in a moment), or its journal was removed. 'wave history' lists "
                    + "the runs the journal holds.", runDirectory.getFileName(), dev.wave.journal.RunStore.file(journalRoot));
        }
        return read(runDirectory);
    }

    /** Whether the run had ended when it was read: false for a report so far. */
    public boolean ended() {
        return soFar.isEmpty();
    }

    /** How far the run had got, for a report so far; empty for a run that ended. */
    Optional<SoFar> soFar() {
        return soFar;
    }

    /**
     * Reads the run in {@code runDirectory}.
     *
     * @throws WaveException of kind INVALID_INPUT naming the file when a file is missing or unreadable
     */
    public static PastRun read(Path runDirectory) {
        requireNonNull(runDirectory, "runDirectory is null");
        Path summaryFile = runDirectory.resolve("execution_summary.json");
        if (!Files.isRegularFile(summaryFile) && Files.isRegularFile(runDirectory.resolve("execution_plan.json"))) {
            throw WaveException.invalidInput("run %s has no execution_summary.json yet: it is still running, or its process "
                    + "died before the end. 'wave report %s' reports it so far.", runDirectory.getFileName(),
                    runDirectory.getFileName());
        }
        RunFiles.Summary summary = RunFiles.read(summaryFile, RunFiles.Summary.class);
        RunFiles.PlanFile plan = RunFiles.read(runDirectory.resolve("execution_plan.json"), RunFiles.PlanFile.class);
        return new PastRun(runDirectory, plan, summary, Optional.empty());
    }

    /**
     * The run in {@code runDirectory} from the contents of its {@code execution_plan.json} and
     * {@code execution_summary.json} as the process that wrote them holds them: the same records
     * {@link #read} makes from the files, without reading them back.
     *
     * @throws IllegalArgumentException when a node does not have the files' shape
     */
    public static PastRun of(Path runDirectory, JsonNode executionPlan, JsonNode summary) {
        requireNonNull(runDirectory, "runDirectory is null");
        requireNonNull(executionPlan, "executionPlan is null");
        requireNonNull(summary, "summary is null");
        try {
            return new PastRun(runDirectory, RunFiles.MAPPER.treeToValue(executionPlan, RunFiles.PlanFile.class),
                    RunFiles.MAPPER.treeToValue(summary, RunFiles.Summary.class), Optional.empty());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e.getOriginalMessage(), e);
        }
    }

    /**
     * The directory of run {@code runId} in {@code repository}, or of the newest run.
     *
     * @throws WaveException of kind INVALID_INPUT when the repository has no runs or no run of that id
     */
    public static Path directory(Path repository, Optional<String> runId) {
        requireNonNull(repository, "repository is null");
        requireNonNull(runId, "runId is null");
        Path runs = RunDirectory.runs(repository);
        List<String> known = runIds(runs);
        if (known.isEmpty()) {
            throw WaveException.invalidInput("%s has no wave runs (%s is empty or missing). 'wave run' makes one; "
                    + "pass --repo DIR for another repository.", repository, runs);
        }
        String id = runId.orElse(known.get(known.size() - 1));
        if (!known.contains(id)) {
            List<String> newest = new ArrayList<>(known.subList(Math.max(0, known.size() - 3), known.size()));
            java.util.Collections.reverse(newest);
            throw WaveException.invalidInput("%s has no run %s (newest: %s). Give one of its run ids, or leave it out for the "
                    + "newest run.", repository, id, String.join(", ", newest));
        }
        return runs.resolve(id);
    }

    private static List<String> runIds(Path runs) {
        List<String> ids = new ArrayList<>();
        if (!Files.isDirectory(runs)) {
            return ids;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(runs)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!name.startsWith(".") && !name.equals("latest") && Files.isDirectory(entry)) {
                    ids.add(name);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + runs, e);
        }
        ids.sort(null);
        return ids;
    }

    public String runId() {
        return summary.runId() == null ? root.getFileName().toString() : summary.runId();
    }

    public Path root() {
        return root;
    }

    RunFiles.PlanFile plan() {
        return plan;
    }

    RunFiles.Summary summary() {
        return summary;
    }

    List<RunFiles.TaskOutcome> tasks() {
        return summary.tasks() == null ? List.of() : summary.tasks();
    }

    List<RunFiles.PlannedTask> plannedTasks() {
        return plan.tasks() == null ? List.of() : plan.tasks();
    }

    List<RunFiles.FixWave> fixWaves() {
        return summary.fixWaves() == null ? List.of()
                : summary.fixWaves().stream().filter(java.util.Objects::nonNull).toList();
    }

    /** The repository the run was in: the run directory is {@code <repository>/.wave/runs/<run-id>}. */
    Path repository() {
        Path runs = root.toAbsolutePath().normalize().getParent();
        return runs.getParent().getParent();
    }

    /**
     * The measured critical path: the plan's dependencies weighted with the measured durations (in a report so far,
     * those of the tasks ended so far).
     */
    MeasuredPath path() {
        Map<String, Long> measured = new HashMap<>();
        for (RunFiles.TaskOutcome task : tasks()) {
            if (SoFar.unfinished(task.status())) {
                continue;
            }
            measured.put(task.id(), Math.round(task.durationSeconds() * 1000));
        }
        List<MeasuredPath.Node> nodes = new ArrayList<>();
        for (RunFiles.PlannedTask task : plannedTasks()) {
            nodes.add(new MeasuredPath.Node(task.id(), task.dependsOn() == null ? List.of() : task.dependsOn(),
                    measured.getOrDefault(task.id(), 0L)));
        }
        return MeasuredPath.of(nodes);
    }

    Figures figures() {
        Map<String, Integer> counts = summary.counts() == null ? Map.of() : summary.counts();
        long[] byState = {counts.getOrDefault("succeeded", 0), counts.getOrDefault("failed", 0),
            counts.getOrDefault("skipped", 0), counts.getOrDefault("cancelled", 0)};
        List<RunReport.WaveUse> waves = new ArrayList<>();
        if (summary.waveUtilisation() != null) {
            for (RunFiles.WaveUse use : summary.waveUtilisation()) {
                waves.add(new RunReport.WaveUse(use.wave(), use.tasksRun(), Math.round(use.spanSeconds() * 1000),
                        Math.round(use.busySeconds() * 1000), use.utilisation()));
            }
        }
        return new Figures(runId(), text(summary.status()), Math.round(summary.wallSeconds() * 1000),
                Math.round(summary.sequentialSeconds() * 1000), byState, summary.agents(), text(summary.mode()),
                summary.peakConcurrency(), summary.averageConcurrency(), Optional.of(path()), waves,
                Optional.ofNullable(summary.efficiencyNotGiven()), summary.sessionTimes() == null ? List.of()
                        : summary.sessionTimes().stream().map(RunFiles.SessionFile::toSessionTime).toList(), soFar);
    }

    /** Prints the console summary of the run, as it was printed when the run ended; paths relative to {@code base}. */
    public void print(PrintWriter out, Path base) {
        requireNonNull(out, "out is null");
        requireNonNull(base, "base is null");
        if (plan.task() != null) {
            out.printf("Goal:          %s%n", plan.task());
        }
        figures().print(out);
        soFar.ifPresent(progress -> progress.printRunning(out));
        for (RunFiles.TaskOutcome task : tasks()) {
            if ("failed".equals(task.status())) {
                out.printf("  Failed:      %s (%s) log: %s%n", task.id(),
                        RunReport.failure(Optional.ofNullable(task.exitCode()), text(task.summary())),
                        RunReport.log(base, root.resolve(task.log() == null ? "logs/" + task.id() + ".log" : task.log())));
            }
        }
        if (summary.aborted() != null) {
            out.printf("  Aborted:     %s%n", summary.aborted());
        }
        Spending.of(summary).print(out);
        AgentUse.of(this).print(out);
        if (summary.backup() != null) {
            RunFiles.Backup backup = summary.backup();
            out.printf("  Backup:      %s%n", backup.id() == null ? "none: " + text(backup.note())
                    : backup.id() + " (" + text(backup.ref()) + ", " + Words.count(backup.files() == null ? 0 : backup.files(), "file") + ")");
        }
        for (SafetyFact fact : criticalFacts(summary)) {
            out.printf("  %-12s %s%n", fact.label() + ":", fact.text());
        }
        if (summary.commit() != null) {
            out.printf("  Commit:      %s%n", text(summary.commit().note()));
        }
        rollbackNote().ifPresent(note -> out.printf("  Rollback:    %s%n", note));
        KeptForInspection.of(this).print(out, base);
        if (soFar.isPresent()) {
            out.printf("  Report:      so far, from the journal and %s; %s%n",
                    RunReport.relative(base, root.resolve("execution_plan.json")), switch (soFar.get().stage()) {
                        case RUNNING -> "the run writes execution_summary.json and report.html when it ends";
                        case DIED -> "once resumed, the run writes execution_summary.json and report.html when it ends";
                        case ENDED -> "the run wrote no execution_summary.json";
                    });
        } else {
            out.printf("  Report:      %s%n", RunReport.relative(base, root.resolve("execution_summary.json")));
        }
        out.flush();
    }

    /**
     * What became of the run's changes: the newest rollback made after the run ({@code wave rollback}), with
     * what the run itself decided beside it; else what the run decided. Empty when the summary says nothing.
     */
    Optional<String> rollbackNote() {
        Optional<LaterRollbacks.Entry> later = LaterRollbacks.newest(root);
        Optional<String> atEnd = Optional.ofNullable(summary.rollback()).map(rollback -> text(rollback.note()));
        if (later.isPresent()) {
            return Optional.of(later.get().describe() + atEnd.map(note -> " (at the end of the run: " + note + ")").orElse(""));
        }
        return atEnd;
    }

    /**
     * The files the run's tasks changed, from the checkpoints or {@code checkpoints.zip}, in task
     * order; each path once. Empty when the checkpoints were deleted ({@code checkpoint_retention:
     * cleanup}) or kept no lists ({@code checkpoint_verbosity: minimal}).
     */
    ChangedFiles changedFiles() {
        Map<String, RunFiles.Checkpoint> byTask = new HashMap<>();
        String source;
        Path directory = root.resolve("checkpoints");
        Path lines = root.resolve(CHECKPOINT_LINES);
        Path zip = root.resolve("checkpoints.zip");
        // Only built-in actions list the files they change: read just their checkpoints.
        java.util.Set<String> listing = new java.util.HashSet<>();
        for (RunFiles.PlannedTask task : plannedTasks()) {
            if ("action".equals(task.kind())) {
                listing.add(task.id());
            }
        }
        if (soFar.isPresent()) {
            source = "the journal";
            soFar.get().checkpoints().forEach((id, checkpoint) -> {
                if (listing.contains(id)) {
                    byTask.put(id, checkpoint);
                }
            });
        } else if (Files.isRegularFile(lines)) {
            source = CHECKPOINT_LINES;
            try (java.io.BufferedReader reader = Files.newBufferedReader(lines, java.nio.charset.StandardCharsets.UTF_8)) {
                readLines(reader, listing, byTask);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + lines, e);
            }
        } else if (Files.isDirectory(directory)) {
            source = "checkpoints/";
            for (String id : listing) {
                Path file = directory.resolve(id + ".json");
                if (Files.isRegularFile(file)) {
                    byTask.put(id, RunFiles.read(file, RunFiles.Checkpoint.class));
                }
            }
        } else if (Files.isRegularFile(zip)) {
            source = "checkpoints.zip";
            try (ZipFile archive = new ZipFile(zip.toFile())) {
                for (ZipEntry entry : java.util.Collections.list(archive.entries())) {
                    String name = entry.getName().substring(entry.getName().lastIndexOf('/') + 1);
                    if (name.equals(CHECKPOINT_LINES)) {
                        try (java.io.BufferedReader reader = new java.io.BufferedReader(new java.io.InputStreamReader(
                                archive.getInputStream(entry), java.nio.charset.StandardCharsets.UTF_8))) {
                            readLines(reader, listing, byTask);
                        }
                        continue;
                    }
                    if (!name.endsWith(".json") || !listing.contains(name.substring(0, name.length() - 5))) {
                        continue;
                    }
                    try (InputStream in = archive.getInputStream(entry)) {
                        RunFiles.Checkpoint checkpoint = RunFiles.MAPPER.readValue(in, RunFiles.Checkpoint.class);
                        byTask.put(checkpoint.taskId(), checkpoint);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + zip, e);
            }
        } else {
            return new ChangedFiles("none kept: the checkpoints were deleted (checkpoint_retention: cleanup)", 0, List.of());
        }
        Map<String, Boolean> files = new LinkedHashMap<>();
        int counted = 0;
        for (RunFiles.TaskOutcome task : tasks()) {
            RunFiles.Checkpoint checkpoint = byTask.get(task.id());
            if (checkpoint == null) {
                continue;
            }
            if (checkpoint.filesChanged() != null) {
                checkpoint.filesChanged().forEach(file -> files.put(file, Boolean.TRUE));
            } else if (checkpoint.filesChangedCount() != null) {
                counted += checkpoint.filesChangedCount();
            }
        }
        return new ChangedFiles(source, files.size() + counted, List.copyOf(files.keySet()));
    }

    /**
     * The checkpoints of {@code listing} among the lines of {@code checkpoints.jsonl}; a last line cut short by a
     * crash is left out.
     */
    private static void readLines(java.io.BufferedReader reader, java.util.Set<String> listing,
            Map<String, RunFiles.Checkpoint> byTask) throws IOException {
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isBlank()) {
                continue;
            }
            try {
                RunFiles.Checkpoint checkpoint = RunFiles.MAPPER.readValue(line, RunFiles.Checkpoint.class);
                if (listing.contains(checkpoint.taskId())) {
                    byTask.put(checkpoint.taskId(), checkpoint);
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                if (reader.ready()) {
                    throw e;
                }
            }
        }
    }

    /** What the task printed last: at most {@code maxLines} lines and {@code maxBytes} bytes of the end of its log. */
    String logTail(RunFiles.TaskOutcome task, int maxLines, int maxBytes) {
        Path log = root.resolve(task.log() == null ? "logs/" + task.id() + ".log" : task.log());
        if (!Files.isRegularFile(log)) {
            return "";
        }
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(log.toFile(), "r")) {
            long length = file.length();
            int size = (int) Math.min(length, maxBytes);
            byte[] tail = new byte[size];
            file.seek(length - size);
            file.readFully(tail);
            String text = new String(tail, java.nio.charset.StandardCharsets.UTF_8);
            List<String> lines = text.lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - maxLines), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + log.getFileName() + ": " + e.getMessage() + ")";
        }
    }

    /** The files a run changed: where the list came from, how many, and the paths listed. */
    record ChangedFiles(String source, int count, List<String> paths) {
        ChangedFiles {
            requireNonNull(source, "source is null");
            paths = List.copyOf(paths);
        }
    }

    /** A line of the safety net about one task: its label ("Critical" or "Verified") and what it says. */
    record SafetyFact(String label, String text) {}

    /**
     * The critical tasks, with their backup and verify outcome, and the other tasks whose {@code verify:} the
     * safety net recorded, as the run's console summary printed them ("Critical:" and "Verified:" lines).
     */
    static List<SafetyFact> criticalFacts(RunFiles.Summary summary) {
        List<SafetyFact> facts = new ArrayList<>();
        if (summary.criticalTasks() == null) {
            return facts;
        }
        for (RunFiles.Critical step : summary.criticalTasks()) {
            if (step.reasons() == null || step.reasons().isEmpty()) {
                facts.add(new SafetyFact("Verified", step.id() + ": " + text(step.verifyResult())
                        + (step.verify() == null ? "" : " (" + step.verify() + ")")));
            } else {
                facts.add(new SafetyFact("Critical", step.id() + ": "
                        + (step.backup() == null ? text(step.note()) : "backup " + step.backup() + " before it")
                        + (step.verifyResult() == null ? "" : "; verify " + step.verifyResult())));
            }
        }
        return facts;
    }

    static String text(String value) {
        return value == null ? "" : value;
    }
}
