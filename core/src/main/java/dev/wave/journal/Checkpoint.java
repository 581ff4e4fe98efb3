package dev.wave.journal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.wave.run.TaskProgress;
import dev.wave.run.InsertedTask;
import dev.wave.run.TaskRecord;
import dev.wave.run.Usage;
import dev.wave.schedule.TaskState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A task's checkpoint: {@code checkpoints/<task>.json} and the journal's record of how the task
 * ended, written and read back by this one type. Absent values are null in the file;
 * {@code output_summary} and {@code files_changed} are left out of minimal checkpoints, which hold
 * {@code files_changed_count} instead.
 */
@JsonPropertyOrder({"task_id", "status", "wave", "instance", "started_at", "finished_at", "duration_seconds", "exit_code",
    "attempts", "output_summary", "files_changed", "files_changed_count", "next_dependencies", "input_tokens",
    "output_tokens", "cost_usd", "fix_wave", "fixes", "agent", "attempt_spans"})
public record Checkpoint(
        @JsonProperty("task_id") String taskId,
        @JsonProperty("status") String status,
        @JsonProperty("wave") int wave,
        @JsonProperty("instance") String instance,
        @JsonProperty("started_at") String startedAt,
        @JsonProperty("finished_at") String finishedAt,
        @JsonProperty("duration_seconds") double durationSeconds,
        @JsonProperty("exit_code") Integer exitCode,
        @JsonProperty("attempts") int attempts,
        @JsonProperty("output_summary") @JsonInclude(JsonInclude.Include.NON_NULL) String outputSummary,
        @JsonProperty("files_changed") @JsonInclude(JsonInclude.Include.NON_NULL) List<String> filesChanged,
        @JsonProperty("files_changed_count") @JsonInclude(JsonInclude.Include.NON_NULL) Integer filesChangedCount,
        @JsonProperty("next_dependencies") List<String> nextDependencies,
        @JsonProperty("input_tokens") @JsonInclude(JsonInclude.Include.NON_NULL) Long inputTokens,
        @JsonProperty("output_tokens") @JsonInclude(JsonInclude.Include.NON_NULL) Long outputTokens,
        @JsonProperty("cost_usd") @JsonInclude(JsonInclude.Include.NON_NULL) Double costUsd,
        @JsonProperty("fix_wave") @JsonInclude(JsonInclude.Include.NON_NULL) String fixWave,
        @JsonProperty("fixes") @JsonInclude(JsonInclude.Include.NON_NULL) String fixes,
        @JsonProperty("agent") @JsonInclude(JsonInclude.Include.NON_NULL) Agent agent,
        @JsonProperty("attempt_spans") @JsonInclude(JsonInclude.Include.NON_NULL) List<Span> attemptSpans) {

    /**
     * When one attempt of a retried task held its agent ({@code attempt_spans}, only for a task that ran more than
     * once): the report counts concurrency from these, not from the task's first start to its last end.
     */
    @JsonPropertyOrder({"started_at", "ended_at"})
    public record Span(@JsonProperty("started_at") String startedAt, @JsonProperty("ended_at") String endedAt) {
        static List<Span> of(List<TaskRecord.Span> spans) {
            return spans.isEmpty() ? null
                    : spans.stream().map(span -> new Span(Json.time(span.startedAt()), Json.time(span.endedAt()))).toList();
        }

        TaskRecord.Span toSpan() {
            return new TaskRecord.Span(Instant.parse(startedAt), Instant.parse(endedAt));
        }
    }

    /**
     * What an agent task's agent did in its last attempt: the CLI, the tool it used last (null once it
     * ended cleanly), its turns, tokens and cost, as its stream reported them.
     */
    @JsonPropertyOrder({"cli", "current_tool", "turns", "input_tokens", "output_tokens", "cost_usd"})
    public record Agent(
            @JsonProperty("cli") String cli,
            @JsonProperty("current_tool") String currentTool,
            @JsonProperty("turns") int turns,
            @JsonProperty("input_tokens") long inputTokens,
            @JsonProperty("output_tokens") long outputTokens,
            @JsonProperty("cost_usd") double costUsd) {
        public static Agent of(TaskProgress progress) {
            return new Agent(progress.agent(), progress.currentTool().orElse(null), progress.turns(), progress.inputTokens(),
                    progress.outputTokens(), progress.costUsd());
        }
    }

    /** A checkpoint without agent figures. */
    public Checkpoint(String taskId, String status, int wave, String instance, String startedAt, String finishedAt,
            double durationSeconds, Integer exitCode, int attempts, String outputSummary, List<String> filesChanged,
            Integer filesChangedCount, List<String> nextDependencies) {
        this(taskId, status, wave, instance, startedAt, finishedAt, durationSeconds, exitCode, attempts, outputSummary,
                filesChanged, filesChangedCount, nextDependencies, null, null, null, null, null, null, null);
    }

    public Checkpoint {
        requireNonNull(taskId, "taskId is null");
        requireNonNull(status, "status is null");
        nextDependencies = nextDependencies == null ? List.of() : List.copyOf(nextDependencies);
        filesChanged = filesChanged == null ? null : List.copyOf(filesChanged);
        attemptSpans = attemptSpans == null || attemptSpans.isEmpty() ? null : List.copyOf(attemptSpans);
    }

    /**
     * The checkpoint of {@code record}, its next dependencies being its dependents in {@code graph} (the plan's graph,
     * where {@code record.index()} is the task's position).
     */
    public static Checkpoint of(TaskRecord record, boolean detailed, dev.wave.plan.TaskGraph graph) {
        int task = record.index();
        List<String> next = new java.util.ArrayList<>(graph.dependentCount(task));
        for (int k = 0; k < graph.dependentCount(task); k++) {
            next.add(graph.id(graph.dependent(task, k)));
        }
        return of(record, detailed, next);
    }

    /** The checkpoint of {@code record}: detailed (summary and files) or minimal (their count). */
    public static Checkpoint of(TaskRecord record, boolean detailed, List<String> nextDependencies) {
        return new Checkpoint(record.id(), record.state().label(), record.wave(), record.instance().orElse(null),
                record.startedAt().map(Json::time).orElse(null), record.finishedAt().map(Json::time).orElse(null),
                Json.seconds(record.durationMillis()), record.exitCode().orElse(null), record.attempts(),
                detailed ? record.summary() : null, detailed ? record.filesChanged() : null,
                detailed ? null : record.filesChanged().size(), nextDependencies,
                record.usage().isEmpty() ? null : record.usage().inputTokens(),
                record.usage().isEmpty() ? null : record.usage().outputTokens(), record.usage().costUsd().orElse(null),
                null, null, null, Span.of(record.attemptSpans()));
    }

    /** The checkpoint of a task the run inserted: a fix wave's step, with its wave ({@code 5.1}) and the task it fixes. */
    public static Checkpoint of(InsertedTask task, boolean detailed) {
        Checkpoint base = of(task.record(), detailed, List.of());
        return new Checkpoint(base.taskId, base.status, base.wave, base.instance, base.startedAt, base.finishedAt,
                base.durationSeconds, base.exitCode, base.attempts, base.outputSummary, base.filesChanged,
                base.filesChangedCount, base.nextDependencies, base.inputTokens, base.outputTokens, base.costUsd,
                task.wave(), task.parent(), null, base.attemptSpans);
    }

    /** The same checkpoint with what the task's agent did. */
    public Checkpoint withAgent(TaskProgress progress) {
        return new Checkpoint(taskId, status, wave, instance, startedAt, finishedAt, durationSeconds, exitCode, attempts,
                outputSummary, filesChanged, filesChangedCount, nextDependencies, inputTokens, outputTokens, costUsd, fixWave,
                fixes, Agent.of(progress), attemptSpans);
    }

    /** The same checkpoint with {@code agent}'s figures (read back from the journal, for a checkpoint rebuilt on resume). */
    public Checkpoint withAgent(Agent agent) {
        requireNonNull(agent, "agent is null");
        return new Checkpoint(taskId, status, wave, instance, startedAt, finishedAt, durationSeconds, exitCode, attempts,
                outputSummary, filesChanged, filesChangedCount, nextDependencies, inputTokens, outputTokens, costUsd, fixWave,
                fixes, agent, attemptSpans);
    }

    /** The task record this checkpoint describes; {@code index} is the task's position in the plan. */
    public TaskRecord toRecord(int index) {
        return new TaskRecord(index, taskId, wave, Optional.ofNullable(instance), state(), time(startedAt), time(finishedAt),
                Math.round(durationSeconds * 1000), Optional.ofNullable(exitCode), attempts,
                outputSummary == null ? "" : outputSummary, filesChanged == null ? List.of() : filesChanged, usage(),
                attemptSpans == null ? List.of() : attemptSpans.stream().map(Span::toSpan).toList());
    }

    /** The task's model usage, {@link Usage#NONE} when the checkpoint records none. */
    public Usage usage() {
        if (inputTokens == null && outputTokens == null && costUsd == null) {
            return Usage.NONE;
        }
        return new Usage(inputTokens == null ? 0 : inputTokens, outputTokens == null ? 0 : outputTokens,
                Optional.ofNullable(costUsd));
    }

    public TaskState state() {
        return TaskState.valueOf(status.toUpperCase(Locale.ROOT));
    }

    public void write(Path file) {
        Json.write(file, this);
    }

    /** Reads a checkpoint file back. */
    public static Checkpoint read(Path file) throws IOException {
        return Json.MAPPER.readValue(Files.readAllBytes(file), Checkpoint.class);
    }

    /** Reads a checkpoint from its JSON text (as the journal stores it). */
    public static Checkpoint parse(String json) throws IOException {
        return Json.MAPPER.readValue(json, Checkpoint.class);
    }

    /**
     * Reads the checkpoints of {@code checkpoints.jsonl}, one per line, in order. A last line cut short (the
     * process died while appending) is left out: the journal holds that task's end, and a resume writes it again.
     */
    public static List<Checkpoint> readLines(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, java.nio.charset.StandardCharsets.UTF_8);
        List<Checkpoint> checkpoints = new java.util.ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            try {
                checkpoints.add(parse(lines.get(i)));
            } catch (IOException e) {
                if (i < lines.size() - 1) {
                    throw e;
                }
            }
        }
        return checkpoints;
    }

    /**
     * Builds the serialisers of checkpoints once, before a run: the first task's end would otherwise pay for it
     * (tens of milliseconds on a cold JVM) before its dependents start.
     */
    static void warmUp() {
        Checkpoint sample = new Checkpoint("warm-up", "succeeded", 1, "I1", null, null, 0, 0, 1, "", List.of(), null,
                List.of());
        try {
            Json.COMPACT.writeValueAsString(sample);
            Json.MAPPER.writeValueAsString(sample);
        } catch (IOException e) {
            throw new IllegalStateException("a checkpoint always serialises", e);
        }
    }

    String json() {
        try {
            return Json.COMPACT.writeValueAsString(this);
        } catch (IOException e) {
            throw new IllegalStateException("a checkpoint always serialises", e);
        }
    }

    private static Optional<Instant> time(String text) {
        return Optional.ofNullable(text).map(Instant::parse);
    }
}
