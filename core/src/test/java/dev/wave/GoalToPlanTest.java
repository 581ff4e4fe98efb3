package dev.wave;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.plan.Action;
import dev.wave.plan.Plan;
import dev.wave.plan.PlanLoader;
import dev.wave.plan.PlanWriter;
import dev.wave.plan.Task;
import dev.wave.planner.GeneratedPlan;
import dev.wave.planner.Goal;
import dev.wave.planner.Pattern;
import dev.wave.planner.Planner;
import dev.wave.report.Analysis;
import dev.wave.report.AnalysisBox;
import dev.wave.request.Request;
import dev.wave.request.Requests;
import dev.wave.request.Settings;
import dev.wave.scale.Limits;
import dev.wave.scale.Machine;
import dev.wave.scale.Scaler;
import dev.wave.scale.ScalingDecision;
import dev.wave.schedule.Mode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * From a sentence to a plan, through the public entry points in the order {@code wave plan "GOAL"}
 * calls them: request, settings, planner, scaler, analysis box, plan file.
 */
final class GoalToPlanTest {
    static final Machine MACHINE = new Machine(2, 8L << 30, Optional.empty());

    @TempDir
    Path repository;

    @BeforeEach
    void messyRepository() throws IOException {
        for (int d = 0; d < 20; d++) {
            write("pkg" + d + "/__pycache__/m.cpython-311.pyc", "bytecode");
            for (int f = 0; f < 15; f++) {
                write("pkg" + d + "/run" + f + ".log", "log");
            }
            write("pkg" + d + "/module.py", "import os\n");
        }
        write("pytest.ini", "[pytest]\n");
        write(".DS_Store", "finder");
    }

    private void write(String path, String content) throws IOException {
        Path file = repository.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    /** What {@code wave plan "GOAL"} does before printing. */
    record Planned(Request request, Settings settings, GeneratedPlan generated, ScalingDecision decision, Analysis analysis) {}

    Planned plan(String text, Map<String, String> flags) {
        Request request = Requests.parse(text);
        Settings settings = Requests.settings(flags, request, repository);
        Limits limits = Limits.of(settings);
        GeneratedPlan generated = Planner.heuristic().plan(new Goal(request.goal(), repository, limits, MACHINE));
        ScalingDecision decision = Scaler.decide(generated.plan(), generated.taskType(), limits, MACHINE, Mode.FLOW);
        Analysis analysis = Analysis.of(request.goal(), generated.pattern().label(), generated.findings(), generated.notes(),
                generated.plan(), decision, Mode.FLOW, settings.alwaysBackup().value(), true);
        analysis.requireWithin(settings.maxWaves().value(), settings.maxWaves().origin());
        return new Planned(request, settings, generated, decision, analysis);
    }

    @Test
    void autoScaledCleanup_batchCountIsTheAgentCount() {
        Planned planned = plan("Execute this task dynamically with auto-scaled parallel instances:\n\nClean up the repository", Map.of());

        int batches = planned.generated().batching().orElseThrow().batches();
        assertThat(batches).isEqualTo(4);
        assertThat(planned.decision().agents()).isEqualTo(batches);
        assertThat(planned.generated().pattern()).isEqualTo(Pattern.CLEANUP);
    }

    @Test
    void usingNParallelAgents_makesNBatchesAndRunsNAgents() {
        Planned planned = plan("Clean up the repository using 7 parallel agents", Map.of());

        assertThat(planned.generated().batching().orElseThrow().batches()).isEqualTo(7);
        assertThat(planned.decision().agents()).isEqualTo(7);
        assertThat(planned.decision().overridden()).isTrue();
    }

    @Test
    void agentsFlag_beatsTheRequestForm() {
        Planned planned = plan("Clean up the repository using 7 parallel agents", Map.of("agents", "2"));

        assertThat(planned.decision().agents()).isEqualTo(2);
        assertThat(planned.settings().agents().origin()).isEqualTo("--agents");
    }

    @Test
    void instanceBudget_capsTheBatches() {
        Planned planned = plan("Execute this task dynamically with 2 parallel instances: Clean up the repository", Map.of());

        assertThat(planned.generated().batching().orElseThrow().batches()).isEqualTo(2);
        assertThat(planned.decision().agents()).isEqualTo(2);
        assertThat(planned.decision().reasons()).anySatisfy(reason -> assertThat(reason).contains("max_instances (request text) = 2"));
        assertThat(planned.settings().maxInstances().origin()).isEqualTo("request text");
    }

    @Test
    void migrationGoal_yieldsAnIsolatedCriticalWave() throws IOException {
        write("alembic.ini", "[alembic]\n");

        Planned planned = plan("add a last_login_at column with an alembic migration and update the login endpoint", Map.of());

        assertThat(planned.generated().pattern()).isEqualTo(Pattern.DATABASE_MIGRATION);
        assertThat(planned.analysis().criticalWaves()).isEqualTo(1);
        String box = render(planned.analysis());
        assertThat(box).contains("Pattern detected: Database migration", "CRITICAL (1 agent, runs alone) - 5m00s",
                "run-migration: Apply the database migration (alembic upgrade head)");
    }

    @Test
    void planFile_writtenWithOut_isReadBackIdentically() {
        Planned planned = plan("Fix the typo 'mdoule' -> 'module' in all Python files", Map.of());
        Path out = repository.resolve("plan.yaml");

        PlanWriter.write(planned.generated().plan(), out, planned.request().goal(),
                planned.generated().comments(planned.request().goal()));

        Plan loaded = PlanLoader.load(out);
        assertThat(loaded.tasks()).isEqualTo(planned.generated().plan().tasks());
        assertThat(loaded.tasks()).extracting(Task::id).first().isEqualTo("replace-1");
    }

    @Test
    void planning_changesNothingInTheRepository() {
        Map<String, Long> before = snapshot();

        plan("Clean up the repository", Map.of());
        plan("Fix the login bug", Map.of());
        plan("Update imports from pkg0.module to pkg1.module", Map.of());

        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void optionsInTheRequest_reachTheSettingsAndTheBox() {
        Planned planned = plan("""
                Clean up the repository
                OPTIONS:
                - max_waves: 9
                - always_backup: no
                """, Map.of());

        assertThat(planned.settings().alwaysBackup().value()).isTrue();
        assertThat(planned.settings().warnings()).hasSize(1);
        assertThat(render(planned.analysis())).contains("Wave 0: Safety backup (1 agent)");
        assertThat(planned.generated().plan().tasks()).extracting(Task::action)
                .allSatisfy(action -> assertThat(action).isNotInstanceOf(Action.Agent.class));
    }

    private static String render(Analysis analysis) {
        StringWriter text = new StringWriter();
        new AnalysisBox(AnalysisBox.Style.UNICODE).print(analysis, new PrintWriter(text));
        return text.toString();
    }

    private Map<String, Long> snapshot() {
        try (Stream<Path> files = Files.walk(repository)) {
            Map<String, Long> snapshot = new TreeMap<>();
            for (Path file : (Iterable<Path>) files::iterator) {
                snapshot.put(repository.relativize(file).toString(), Files.isRegularFile(file) ? Files.size(file) : -1);
            }
            return snapshot;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void plainTextAndEachForm_parseToTheSameGoal() {
        for (String text : List.of("Clean up the repository",
                "Execute this task dynamically with auto-scaled parallel instances: Clean up the repository",
                "Execute this task using 3 parallel agents: Clean up the repository",
                "Clean up the repository using 3 parallel agents",
                "Execute this task dynamically with 3 parallel instances: Clean up the repository")) {
            assertThat(plan(text, Map.of()).request().goal()).as(text).isEqualTo("Clean up the repository");
        }
    }
}
