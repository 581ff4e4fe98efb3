package dev.wave.report;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.wave.WaveException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The run directory's files as typed records, read back: {@code execution_plan.json},
 * {@code execution_summary.json} and the checkpoints. Keys are the files' snake_case keys; keys
 * these records do not name are ignored, so newer files still read. A component that a file leaves
 * out or sets to null is null here; the records never leave the {@code report} package, and
 * {@link PastRun} turns them into plain values. Stateless.
 */
final class RunFiles {
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            .build();

    private RunFiles() {}

    /** Reads {@code file} as {@code type}; a missing or unreadable file is an {@code INVALID_INPUT} error naming it. */
    static <T> T read(Path file, Class<T> type) {
        try {
            return MAPPER.readValue(file.toFile(), type);
        } catch (NoSuchFileException e) {
            throw missing(file);
        } catch (IOException e) {
            if (!Files.exists(file)) {
                throw missing(file);
            }
            throw WaveException.invalidInput("%s cannot be read (%s). It was not written by this wave, or it was cut short.",
                    file, e.getMessage().lines().findFirst().orElse("not JSON"));
        }
    }

    /**
     * The tasks of {@code execution_plan.json} with their dependencies, read with a streaming parser that skips
     * everything else (a 10,000-task plan file is megabytes, and the summary needs only these). Empty when the file
     * has no task list.
     *
     * @throws IOException when the file cannot be read or is not a plan file's JSON
     */
    static Optional<List<PlanDependencies>> dependencies(Path file) throws IOException {
        try (JsonParser parser = MAPPER.getFactory().createParser(file.toFile())) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            Optional<List<PlanDependencies>> tasks = Optional.empty();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("tasks") && value == JsonToken.START_ARRAY) {
                    tasks = Optional.of(dependencies(parser));
                } else if (field.equals("tasks") && value == JsonToken.VALUE_NULL) {
                    tasks = Optional.empty();
                } else if (field.equals("tasks")) {
                    throw new IOException("\"tasks\" is not a list");
                } else {
                    parser.skipChildren();
                }
            }
            return tasks;
        }
    }

    private static List<PlanDependencies> dependencies(JsonParser parser) throws IOException {
        List<PlanDependencies> tasks = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            if (parser.currentToken() != JsonToken.START_OBJECT) {
                throw new IOException("a task is not an object");
            }
            String id = null;
            List<String> dependsOn = List.of();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("id") && value.isScalarValue()) {
                    id = value == JsonToken.VALUE_NULL ? null : parser.getText();
                } else if (field.equals("depends_on") && value == JsonToken.START_ARRAY) {
                    List<String> ids = new ArrayList<>(2);
                    while (parser.nextToken() != JsonToken.END_ARRAY) {
                        ids.add(parser.getText());
                    }
                    dependsOn = ids;
                } else if (field.equals("depends_on") && value.isScalarValue() && value != JsonToken.VALUE_NULL) {
                    dependsOn = List.of(parser.getText()); // one id, as ACCEPT_SINGLE_VALUE_AS_ARRAY reads it
                } else {
                    parser.skipChildren();
                }
            }
            if (id == null) {
                throw new IOException("a task has no id");
            }
            tasks.add(new PlanDependencies(id, dependsOn));
        }
        return tasks;
    }

    /** A task of {@code execution_plan.json} and the ids it depends on. */
    record PlanDependencies(String id, List<String> dependsOn) {}

    private static WaveException missing(Path file) {
        return WaveException.invalidInput("%s is missing: the run never got that far, or its files were removed. "
                + "'wave rollback --list' lists the runs.", file);
    }

    /** {@code execution_summary.json}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Summary(String runId, String status, String mode, int agents, String startedAt, String finishedAt,
            double wallSeconds, double sequentialSeconds, Double efficiency, Double criticalPathSeconds,
            int peakConcurrency, double averageConcurrency, int waves, Map<String, Integer> counts,
            List<WaveUse> waveUtilisation, List<TaskOutcome> tasks, List<Decision> failureDecisions, String aborted,
            String onFailure, Backup backup, List<Critical> criticalTasks, Commit commit, Rollback rollback,
            UsageFile usage, String budgetReached, Long budgetNotStarted, List<FixWave> fixWaves,
            List<KeptWorktree> keptWorktrees, String efficiencyNotGiven, List<SessionFile> sessionTimes, Integer sessions) {}

    /** A resumed run's session ({@code session_times}): its times, as the journal held them when the run ended. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record SessionFile(int session, String startedAt, String firstTaskStart, String lastTaskWork, boolean ended) {
        dev.wave.journal.SessionTime toSessionTime() {
            return new dev.wave.journal.SessionTime(session, millis(startedAt).orElse(0L), millis(firstTaskStart),
                    millis(lastTaskWork), ended);
        }

        private static java.util.Optional<Long> millis(String time) {
            return java.util.Optional.ofNullable(time).map(text -> java.time.Instant.parse(text).toEpochMilli());
        }
    }

    /** What agents used: {@code usage} in the summary, its tasks and its waves. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record UsageFile(long inputTokens, long outputTokens, Double costUsd) {
        dev.wave.run.Usage toUsage() {
            return new dev.wave.run.Usage(inputTokens, outputTokens, java.util.Optional.ofNullable(costUsd));
        }
    }

    /**
     * An inserted fix wave: its label ({@code 1.1}), the task it fixes (if any), what set it off, how it ended, its
     * steps, and any other field a newer wave records, kept by name so the report can show it.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record FixWave(String wave, String task, String trigger, String outcome, List<FixStep> steps,
            @JsonAnySetter Map<String, Object> other) {
        FixWave {
            other = other == null ? Map.of() : other;
        }
    }

    /** One task of a fix wave (analyse, fix, re-check), as the summary records it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record FixStep(String id, String step, String status, String wave, String instance, String startedAt, String finishedAt,
            double durationSeconds, Integer exitCode, int attempts, String summary, UsageFile usage) {
        /** The wave the step counts in: its task's wave ({@code 1} for {@code 1} or {@code 1.1}); 0 when not recorded. */
        int parentWave() {
            String number = wave == null ? "" : wave.contains(".") ? wave.substring(0, wave.indexOf('.')) : wave;
            return number.matches("[0-9]{1,9}") ? Integer.parseInt(number) : 0;
        }
    }

    /** An agent's worktree and branch kept for inspection when the run ended. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record KeptWorktree(String task, String path, String branch) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record WaveUse(int wave, int tasksRun, double spanSeconds, double busySeconds, double utilisation, UsageFile usage) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record TaskOutcome(String id, String status, int wave, String instance, String startedAt, String finishedAt,
            double durationSeconds, Integer exitCode, int attempts, String summary, String log, UsageFile usage,
            List<SpanFile> attemptSpans) {}

    /** When one attempt of a retried task held its agent ({@code attempt_spans}). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record SpanFile(String startedAt, String endedAt) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Decision(String task, int attempt, String action, String failure, String reason) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Backup(String id, String ref, Integer files, Double seconds, String note) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Critical(String id, List<String> reasons, String backup, String verify, String verifyResult, String note) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Commit(String sha, String branch, Integer filesChanged, String note) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Rollback(boolean performed, String note, Boolean verified, Integer filesRemoved, Integer filesRestored,
            List<Check> checks) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Check(String name, boolean passed, String detail) {}

    /** {@code execution_plan.json}: the analysis the run started from. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record PlanFile(String task, String pattern, String source, Scaling scaling, Estimate estimate,
            List<PlannedTask> tasks, PlanSettings settings) {}

    /** The settings of {@code execution_plan.json} the report shows: the budgets, with where each came from. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record PlanSettings(Setting<Double> budgetUsd, Setting<Long> budgetTokens) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Setting<T>(T value, String source) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Scaling(String mode, int agents, List<String> reasons, List<String> warnings) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Estimate(String mode, int agents, double makespanSeconds, double sequentialSeconds, double criticalPathSeconds) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record PlannedTask(String id, String title, String kind, String run, String action, String prompt,
            List<String> dependsOn, int wave, boolean critical, double estimateSeconds, String role) {
        /** What the task does: its command, action or prompt, as the plan shows it. */
        String what() {
            return run != null ? run : action != null ? action : prompt != null ? prompt : "";
        }
    }

    /** {@code checkpoints/<task>.json}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Checkpoint(String taskId, String status, List<String> filesChanged, Integer filesChangedCount) {}
}
