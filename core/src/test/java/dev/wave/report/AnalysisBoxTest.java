package dev.wave.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wave.WaveException;
import dev.wave.plan.Action;
import dev.wave.plan.Plan;
import dev.wave.plan.Task;
import dev.wave.scale.Limits;
import dev.wave.scale.Machine;
import dev.wave.scale.Scaler;
import dev.wave.scale.ScalingDecision;
import dev.wave.scale.TaskType;
import dev.wave.schedule.Mode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

final class AnalysisBoxTest {
    static final Machine MACHINE = new Machine(2, 8L << 30, Optional.empty());

    static Plan migrationLike() {
        return Plan.of("generated plan", List.of(
                task("write-migration", "Write the migration", "Migration Engineer", List.of(), Duration.ofMinutes(1), false),
                task("write-backup", "Write the backup script", "Data Engineer", List.of(), Duration.ofMinutes(1), false),
                task("run-migration", "Apply the database migration", "Migration Engineer",
                        List.of("write-migration", "write-backup"), Duration.ofMinutes(2), true),
                task("verify-tests", "Run the project's tests (pytest)", "Validator", List.of("run-migration"),
                        Duration.ofSeconds(30), false)));
    }

    static Task task(String id, String title, String role, List<String> dependsOn, Duration estimate, boolean critical) {
        return new Task(id, title, new Action.Shell("true"), dependsOn, Optional.of(estimate), Optional.of(role), critical,
                Optional.empty(), 0, Map.of());
    }

    static Analysis analysis(Limits limits, boolean backup, boolean commit) {
        Plan plan = migrationLike();
        ScalingDecision decision = Scaler.decide(plan, TaskType.DATABASE_OPERATIONS, limits, MACHINE, Mode.FLOW);
        return Analysis.of("Add a column with a migration", "Database migration", List.of("migration tool: alembic (alembic.ini)"),
                List.of("run-migration is critical: it runs alone, after a backup, with approval."), plan, decision,
                Mode.FLOW, backup, commit);
    }

    static String render(Analysis analysis, AnalysisBox.Style style) {
        StringWriter text = new StringWriter();
        new AnalysisBox(style).print(analysis, new PrintWriter(text));
        return text.toString();
    }

    @Test
    void peakAgents_isTheSimulatedSchedulesPeak_soACapNarrowsAWideWave() {
        Plan plan = Plan.of("plan.yaml", List.of(
                task("a", "a", "Engineer", List.of(), Duration.ofMinutes(1), false),
                task("b", "b", "Engineer", List.of(), Duration.ofMinutes(1), false),
                task("c", "c", "Engineer", List.of(), Duration.ofMinutes(1), false)));
        ScalingDecision decision = Scaler.decide(plan, TaskType.DATABASE_OPERATIONS,
                Limits.automatic().withOverride(3, "--agents"), MACHINE, Mode.FLOW);
        dev.wave.schedule.CapGroups capped = dev.wave.schedule.CapGroups.of(plan, Map.of("run", 1), task -> Optional.empty());

        String uncapped = render(Analysis.of("t", "p", List.of(), List.of(), plan, decision, Mode.FLOW,
                dev.wave.schedule.CapGroups.none(), false, false), AnalysisBox.Style.ASCII);
        String withCap = render(Analysis.of("t", "p", List.of(), List.of(), plan, decision, Mode.FLOW, capped, false,
                false), AnalysisBox.Style.ASCII);

        assertThat(uncapped).contains("| Peak agents: 3 at once (estimate: the simulated schedule)");
        assertThat(withCap).contains("| Peak agents: 1 at once (estimate: the simulated schedule)");
    }

    @Test
    void print_showsTaskScalingWavesAndSummary_asTheSeedsDo() {
        String box = render(analysis(Limits.automatic(), true, true), AnalysisBox.Style.ASCII);

        assertThat(box).isEqualTo(String.join(System.lineSeparator(), """
                +==============================================================================+
                | TASK ANALYSIS                                                                |
                +==============================================================================+
                | Task: Add a column with a migration                                          |
                | Pattern detected: Database migration                                         |
                | Found:                                                                       |
                |   `- migration tool: alembic (alembic.ini)                                   |
                | Subtasks: 4                                                                  |
                | Dependencies: shallow                                                        |
                | Task type: database_operations                                               |
                | Average duration: 1m08s per subtask (estimate)                               |
                | Note: run-migration is critical: it runs alone, after a backup, with         |
                | approval.                                                                    |
                +==============================================================================+
                | SCALING DECISION                                                             |
                +==============================================================================+
                | Mode: automatic scaling                                                      |
                | Calculation:                                                                 |
                | |- Maximum parallelism: 2 tasks at once (the flow schedule with unlimited    |
                |    agents)                                                                   |
                | |- Limits: max_instances (default) = 100; database_operations (database      |
                |    connections, assumed) = 10; memory (8.0 GB available, about 64 MB per     |
                |    agent) = 128; coordination overhead under 10% of the work (50ms per       |
                |    agent, assumed) = 540                                                     |
                | |- All 2 agents are needed for the shortest simulated schedule (3m30s,       |
                |    estimate)                                                                 |
                | |- Coordination overhead: 100ms (50ms per agent, assumed)                    |
                | |- Sequential time: 4m30s (estimate)                                         |
                | |- Parallel time: 3m30s (estimate, simulated)                                |
                | |- Time saved: 59.9s (estimate)                                              |
                | |- ROI ratio: 599.0x return on overhead (excellent: use full                 |
                |    parallelization)                                                          |
                | `- Decision: use 2 agents                                                    |
                +==============================================================================+
                | WAVE STRUCTURE                                                               |
                +==============================================================================+
                | Wave 0: Safety backup (1 agent)                                              |
                |   `- Coordinator: back up the whole working tree before any change           |
                | Wave 1: 2 tasks (2 agents, parallel) - 1m00s                                 |
                |   |- write-migration: Write the migration (Migration Engineer)               |
                |   `- write-backup: Write the backup script (Data Engineer)                   |
                | Wave 2: CRITICAL (1 agent, runs alone) - 2m00s                               |
                |   `- run-migration: Apply the database migration (Migration Engineer)        |
                | Wave 3: 1 task (1 agent) - 30.0s                                             |
                |   `- verify-tests: Run the project's tests (pytest) (Validator)              |
                | Wave 4: Final commit (1 agent)                                               |
                |   `- Coordinator: commit the result with a summary of the run                |
                +==============================================================================+
                | EXECUTION SUMMARY                                                            |
                +==============================================================================+
                | Total agents: 2 (automatic)                                                  |
                | Peak agents: 2 at once (estimate: the simulated schedule)                    |
                | Total waves: 5 (backup, 2 work waves, 1 critical, final commit)              |
                | Estimated time: 3m30s (estimate: the flow scheduler simulated on 2 agents;   |
                | backup and commit not included)                                              |
                | Schedule order: longest path first (the only order simulated)                |
                | Sequential time: 4m30s (estimate: sum of task estimates)                     |
                | Efficiency: 22% faster than sequential (estimate)                            |
                +==============================================================================+
                """.strip().split("\n")) + System.lineSeparator());
    }

    @Test
    void print_override_showsTheAutomaticChoiceCapacityAndWarnings() {
        String box = render(analysis(Limits.automatic().withOverride(12, "request text"), true, true), AnalysisBox.Style.ASCII);

        assertThat(box).contains(
                "| Mode: user override (explicit agent count)",
                "| |- User override: 12 agents (request text); automatic scaling would pick 2",
                "| |- Automatic choice: 2 agents",
                "| |- Machine capacity: about 10 agents (database_operations (database",
                "| `- Decision: use 12 agents as asked",
                "| Warning: using 12 agents as asked, but this machine can sustain about 10,",
                "| Warning: at most 2 tasks can run at once, so 10 of the 12 agents will stay",
                "| Total agents: 12 (user override)");
    }

    @Test
    void print_withoutBackupOrCommit_numbersOnlyThePlansWaves() {
        String box = render(analysis(Limits.automatic(), false, false), AnalysisBox.Style.ASCII);

        assertThat(box).doesNotContain("Wave 0", "Final commit").contains("Total waves: 3 (2 work waves, 1 critical)");
    }

    @Test
    void print_unicode_drawsTheSeedsBox() {
        String box = render(analysis(Limits.automatic(), true, true), AnalysisBox.Style.UNICODE);

        assertThat(box).startsWith("\u2554\u2550\u2550").contains("\u2551 TASK ANALYSIS", "\u251c\u2500 Maximum parallelism")
                .contains("\u2514\u2500 Decision: use 2 agents");
        assertThat(box.lines()).allSatisfy(line -> assertThat(line.codePointCount(0, line.length()))
                .isEqualTo(AnalysisBox.WIDTH));
    }

    @Test
    void print_longLines_wrapInsideTheBox() {
        Plan plan = Plan.of("p", List.of(task("a", "x".repeat(200), "Backend Engineer", List.of(), Duration.ofMinutes(1),
                false)));
        ScalingDecision decision = Scaler.decide(plan, TaskType.GENERAL, Limits.automatic(), MACHINE, Mode.FLOW);
        Analysis analysis = Analysis.of("y ".repeat(100), "Unrecognised", List.of(), List.of(), plan, decision, Mode.FLOW,
                true, true);

        String box = render(analysis, AnalysisBox.Style.ASCII);

        assertThat(box.lines()).allSatisfy(line -> assertThat(line).hasSize(AnalysisBox.WIDTH));
    }

    @Test
    void requireWithin_tooManyWaves_isRefusedWithTheCounts() {
        Analysis analysis = analysis(Limits.automatic(), true, true);

        analysis.requireWithin(Optional.of(5), "request text");
        analysis.requireWithin(Optional.empty(), "default");
        assertThatThrownBy(() -> analysis.requireWithin(Optional.of(4), "request text"))
                .isInstanceOf(WaveException.class)
                .hasMessage("the plan needs 5 waves (backup, 3 of work, final commit) but max_waves is 4 (request text). "
                        + "Raise max_waves, or simplify the goal or the plan.");
    }

    @Test
    void json_holdsTheAnalysisWithEstimatesLabelled() {
        JsonNode json = analysis(Limits.automatic(), true, true).json();

        assertThat(json.get("pattern").asText()).isEqualTo("Database migration");
        assertThat(json.get("scaling").get("agents").asInt()).isEqualTo(2);
        assertThat(json.get("wave_structure").get("total_waves").asInt()).isEqualTo(5);
        assertThat(json.get("wave_structure").get("critical_waves").asInt()).isEqualTo(1);
        assertThat(json.get("wave_structure").get("waves").get(1).get("tasks").get(0).asText()).isEqualTo("run-migration");
        assertThat(json.get("estimate").get("makespan_seconds").asDouble()).isEqualTo(210.0);
        assertThat(json.get("estimate").get("note").asText()).startsWith("estimates:");
    }
}
