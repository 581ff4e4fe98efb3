package dev.wave.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wave.journal.Json;
import dev.wave.journal.RunDirectory;
import dev.wave.run.InsertedTask;
import dev.wave.run.RunResult;
import dev.wave.run.RunStatus;
import dev.wave.run.TaskRecord;
import dev.wave.run.Usage;
import dev.wave.schedule.Mode;
import dev.wave.schedule.TaskState;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Usage, the budget and fix waves in the summary: written by the run, read back the same by 'wave report'. */
final class SpendingReportTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    Path repository;

    private static TaskRecord record(int index, String id, int wave, TaskState state, String summary, Usage usage) {
        boolean ran = state != TaskState.SKIPPED;
        return new TaskRecord(index, id, wave, ran ? Optional.of("I1") : Optional.empty(), state,
                ran ? Optional.of(T0) : Optional.empty(), ran ? Optional.of(T0.plusMillis(100)) : Optional.empty(),
                ran ? 100 : 0, Optional.empty(), ran ? 1 : 0, summary, List.of(), usage);
    }

    private RunResult result() {
        String budget = "budget reached: $1.1000 of $1.0000";
        List<TaskRecord> tasks = List.of(
                record(0, "api", 1, TaskState.SUCCEEDED, "fixed by fix wave 1.1", Usage.of(1000, 200, 0.50)),
                record(1, "ui", 2, TaskState.SUCCEEDED, "ok", Usage.of(2000, 400, 0.40)),
                record(2, "docs", 2, TaskState.SKIPPED, "not started: " + budget, Usage.NONE),
                record(3, "site", 3, TaskState.SKIPPED, "skipped: it depends on \"docs\", which was not started: " + budget,
                        Usage.NONE));
        List<InsertedTask> inserted = List.of(
                new InsertedTask("1.1", "api", "analyse", record(4, "api.fix1.analyse", 1, TaskState.SUCCEEDED, "cause",
                        Usage.of(100, 10, 0.10))),
                new InsertedTask("1.1", "api", "fix", record(5, "api.fix1.fix", 1, TaskState.SUCCEEDED, "fixed",
                        Usage.of(100, 10, 0.10))),
                new InsertedTask("1.1", "api", "recheck", record(6, "api.fix1.recheck", 1, TaskState.SUCCEEDED, "ok",
                        Usage.NONE)));
        return new RunResult(RunStatus.FAILED, Mode.FLOW, 2, T0, T0.plusMillis(1000), 3, 1, tasks, List.of(), inserted,
                Optional.of(budget));
    }

    @Test
    void summary_recordsUsagePerTaskWaveAndRun_theBudget_andTheFixWaves() {
        RunReport report = new RunReport("r1", RunDirectory.create(repository, "r1"), result());

        JsonNode json = report.json();

        assertThat(json.at("/usage/input_tokens").asLong()).isEqualTo(3200);
        assertThat(json.at("/usage/output_tokens").asLong()).isEqualTo(620);
        assertThat(json.at("/usage/cost_usd").asDouble()).isEqualTo(1.10);
        assertThat(json.at("/tasks/0/usage/cost_usd").asDouble()).isEqualTo(0.50);
        assertThat(json.at("/tasks/2/usage").isMissingNode()).isTrue();
        assertThat(json.at("/wave_utilisation/0/usage/cost_usd").asDouble()).as("wave 1 with its fix wave").isEqualTo(0.70);
        assertThat(json.at("/wave_utilisation/1/usage/cost_usd").asDouble()).isEqualTo(0.40);
        assertThat(json.at("/budget_reached").asText()).isEqualTo("budget reached: $1.1000 of $1.0000");
        assertThat(json.at("/fix_waves/0/wave").asText()).isEqualTo("1.1");
        assertThat(json.at("/fix_waves/0/outcome").asText()).isEqualTo("fixed");
        assertThat(json.at("/fix_waves/0/steps/2/step").asText()).isEqualTo("recheck");
    }

    @Test
    void consoleSummary_saysWhatWasSpent_andPastRunPrintsItTheSame() {
        RunDirectory directory = RunDirectory.create(repository, "r2");
        RunReport report = new RunReport("r2", directory, result());
        report.write();
        Json.write(directory.executionPlan(), Json.object().put("task", "goal"));

        StringWriter now = new StringWriter();
        report.print(new PrintWriter(now), repository);
        StringWriter later = new StringWriter();
        PastRun.read(directory.root()).print(new PrintWriter(later), repository);

        String spent = "  Spent:       3,820 tokens, $1.1000 by the run's agents\n"
                + "  Budget:      budget reached: $1.1000 of $1.0000: 1 agent task not started\n"
                + "  Fix wave:    1.1 for api: fixed\n";
        assertThat(now.toString()).contains(spent);
        assertThat(later.toString()).contains(spent);
    }

    @Test
    void runWithoutAgents_printsNoSpendingLines() {
        RunResult plain = new RunResult(RunStatus.SUCCEEDED, Mode.FLOW, 1, T0, T0.plusMillis(100), 1, 1,
                List.of(record(0, "a", 1, TaskState.SUCCEEDED, "ok", Usage.NONE)));
        StringWriter text = new StringWriter();
        new RunReport("r3", RunDirectory.create(repository, "r3"), plain).print(new PrintWriter(text), repository);

        assertThat(text.toString()).doesNotContain("Spent:").doesNotContain("Budget:").doesNotContain("Fix wave:");
    }
}
