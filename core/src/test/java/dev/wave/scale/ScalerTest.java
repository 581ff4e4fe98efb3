package dev.wave.scale;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.plan.Action;
import dev.wave.testing.Builtins;
import dev.wave.plan.Plan;
import dev.wave.plan.Task;
import dev.wave.schedule.Mode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The seeds' scaling tables (seed 000, "Scaling Examples" and {@code auto_scale_agents}) as tests,
 * on agent workloads sized like the seeds' rows, on a workstation where memory does not bind.
 */
final class ScalerTest {
    static final Machine WORKSTATION = new Machine(8, 64L << 30, Optional.empty());
    static final Machine LAPTOP = new Machine(2, 4L << 30, Optional.empty());

    /** Agent tasks in levels; every task of a level depends on every task of the level before. */
    static Plan levels(Duration each, int... sizes) {
        return levels(each, id -> new Action.Agent("do " + id), sizes);
    }

    static Plan levels(Duration each, java.util.function.Function<String, Action> action, int... sizes) {
        List<Task> tasks = new ArrayList<>();
        List<String> previous = List.of();
        for (int level = 0; level < sizes.length; level++) {
            List<String> current = new ArrayList<>();
            for (int i = 0; i < sizes[level]; i++) {
                String id = "l" + level + "-" + i;
                current.add(id);
                tasks.add(new Task(id, id, action.apply(id), previous, Optional.of(each), Optional.empty(), false,
                        Optional.empty(), 0, Map.of()));
            }
            previous = current;
        }
        return Plan.of("levels", tasks);
    }

    static ScalingDecision decide(Plan plan) {
        return Scaler.decide(plan, TaskType.GENERAL, Limits.automatic(), WORKSTATION, Mode.FLOW);
    }

    @Test
    void seedsTable_simpleBugFixOfFiveSubtasks_usesThreeAgents() {
        ScalingDecision decision = decide(levels(Duration.ofMinutes(10), 3, 1, 1));

        assertThat(decision.agents()).isEqualTo(3);
        assertThat(decision.subtasks()).isEqualTo(5);
        assertThat(decision.maxParallelism()).isEqualTo(3);
        assertThat(decision.parallelMillis()).isEqualTo(Duration.ofMinutes(30).toMillis());
        assertThat(decision.roiClass()).isEqualTo(RoiClass.GOOD);
    }

    @Test
    void strictlyLinearFiveSubtasks_usesOneAgent_notTheSeedsMinimumOfThree() {
        ScalingDecision decision = decide(levels(Duration.ofMinutes(10), 1, 1, 1, 1, 1));

        assertThat(decision.agents()).isEqualTo(1);
        assertThat(decision.depth()).isEqualTo(DependencyDepth.DEEP);
        assertThat(decision.roiClass()).isEqualTo(RoiClass.POOR);
    }

    @Test
    void seedsTable_newFeatureOfTwentyModerateSubtasks_usesTwelveAgents() {
        ScalingDecision decision = decide(levels(Duration.ofMinutes(15), 3, 12, 3, 2));

        assertThat(decision.agents()).isEqualTo(12);
        assertThat(decision.depth()).isEqualTo(DependencyDepth.MODERATE);
    }

    @Test
    void seedsTable_fiftyShallowMicroTasks_capAtThirtyAndUseTwentyFive() {
        // The seeds say 30 (their coordination limit). Overhead caps wave at 30 too, but 25 agents,
        // two tasks each, finish exactly when 30 would, so wave starts 25.
        ScalingDecision decision = decide(levels(Duration.ofMinutes(1), 50, 1));

        assertThat(decision.depth()).isEqualTo(DependencyDepth.SHALLOW);
        assertThat(decision.maxParallelism()).isEqualTo(50);
        assertThat(decision.reasons()).contains(
                "Binding limit: coordination overhead under 10% of the work (10.0s per agent, assumed), so at most 30 agents",
                "Dependencies and task lengths: 25 agents finish within one agent's coordination cost of 30 (3m00s, estimate); more would wait");
        assertThat(decision.agents()).isEqualTo(25);
    }

    @Test
    void favorParallelization_fiftyShallowMicroTasks_usesAllThirty() {
        Limits limits = new Limits(Optional.empty(), "", 100, "default", true, false);

        ScalingDecision decision = Scaler.decide(levels(Duration.ofMinutes(1), 50, 1), TaskType.GENERAL, limits,
                WORKSTATION, Mode.FLOW);

        assertThat(decision.agents()).isEqualTo(30);
    }

    @Test
    void seedsTable_twoHundredIndependentFiles_useOneHundredAgents() {
        ScalingDecision decision = decide(levels(Duration.ofMinutes(10), 200));

        assertThat(decision.agents()).isEqualTo(100);
        assertThat(decision.depth()).isEqualTo(DependencyDepth.NONE);
        assertThat(decision.reasons()).contains("Binding limit: max_instances (default), so at most 100 agents");
        assertThat(decision.parallelMillis()).isEqualTo(Duration.ofMinutes(20).toMillis());
        assertThat(decision.overheadMillis()).isEqualTo(Duration.ofSeconds(1000).toMillis());
        assertThat(decision.roiClass()).isEqualTo(RoiClass.EXCELLENT);
    }

    @Test
    void seedsTable_codebaseCleanupOfFiveHundredOperations_usesOneHundredAgents() {
        assertThat(decide(levels(Duration.ofMinutes(1), 500)).agents()).isEqualTo(100);
    }

    @Test
    void seedsTable_complexMigrationOfOneHundredDeepSubtasks_usesTwentyFiveAgents() {
        int[] sizes = new int[51];
        sizes[0] = 25;
        for (int level = 1; level <= 50; level++) {
            sizes[level] = level % 2 == 1 ? 2 : 1;
        }

        ScalingDecision decision = decide(levels(Duration.ofMinutes(5), sizes));

        assertThat(decision.subtasks()).isEqualTo(100);
        assertThat(decision.depth()).isEqualTo(DependencyDepth.DEEP);
        assertThat(decision.agents()).isEqualTo(25);
    }

    @Test
    void seedsFunction_eightShallowTasksOfFiveMinutes_useEightAgents() {
        assertThat(decide(levels(Duration.ofMinutes(5), 8, 1)).agents()).isEqualTo(8);
    }

    @Test
    void seedsFunction_tenDeepTasksOfFiveMinutes_useFiveAgents() {
        ScalingDecision decision = decide(levels(Duration.ofMinutes(5), 5, 1, 1, 1, 1, 1));

        assertThat(decision.depth()).isEqualTo(DependencyDepth.DEEP);
        assertThat(decision.agents()).isEqualTo(5);
    }

    @Test
    void dependencies_wideFirstLevelThenLongChain_startFewerAgentsThanTheWidth() {
        // 20 short tasks, then one long task that only needs one of them: a few agents do as well as 20.
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            tasks.add(Task.shell("short-" + i, "true", List.of()).withEstimate(Duration.ofSeconds(10)));
        }
        tasks.add(Task.shell("long", "true", List.of("short-0")).withEstimate(Duration.ofMinutes(10)));
        Plan plan = Plan.of("skewed", tasks);

        ScalingDecision decision = Scaler.decide(plan, TaskType.GENERAL, Limits.automatic(), WORKSTATION, Mode.FLOW);

        assertThat(decision.maxParallelism()).isEqualTo(20);
        assertThat(decision.agents()).isEqualTo(2);
    }

    @Test
    void computation_isCappedAtFourTimesTheCores() {
        Plan plan = levels(Duration.ofMinutes(1), id -> new Action.Shell("make " + id), 100);

        ScalingDecision decision = Scaler.decide(plan, TaskType.COMPUTATION, Limits.automatic(), LAPTOP, Mode.FLOW);

        assertThat(decision.agents()).isEqualTo(8);
        assertThat(decision.reasons()).contains("Binding limit: computation (4 x 2 cores), so at most 8 agents");
        assertThat(decision.capacity()).isEqualTo(8);
    }

    @Test
    void apiCalls_areCappedByTheRateLimitOverATasksLength() {
        Machine limited = new Machine(8, 64L << 30, Optional.of(60));

        ScalingDecision decision = Scaler.decide(levels(Duration.ofMinutes(2), 200), TaskType.API_CALLS,
                Limits.automatic(), limited, Mode.FLOW);

        assertThat(decision.agents()).isEqualTo(100);
        assertThat(decision.reasons().get(1)).contains("api_calls (rate limit 60 requests/min over 2m00s per task) = 120");
    }

    @Test
    void agentTasksOnALaptop_areCappedByMemory() {
        ScalingDecision decision = Scaler.decide(levels(Duration.ofMinutes(10), 200), TaskType.GENERAL,
                Limits.automatic(), LAPTOP, Mode.FLOW);

        assertThat(decision.agents()).isEqualTo(8);
        assertThat(decision.capacityReason()).isEqualTo("memory (4.0 GB available, about 500 MB per agent)");
    }

    @Test
    void instanceBudget_capsAutomaticScaling() {
        Limits budget = Limits.automatic().withMaxAgents(15, "request text");

        ScalingDecision decision = Scaler.decide(levels(Duration.ofMinutes(10), 200), TaskType.GENERAL, budget,
                WORKSTATION, Mode.FLOW);

        assertThat(decision.agents()).isEqualTo(15);
        assertThat(decision.overridden()).isFalse();
        assertThat(decision.reasons()).contains("Binding limit: max_instances (request text), so at most 15 agents");
    }

    @Test
    void override_isUsedAsAsked_andWarnsWithCapacityAndTheAutomaticChoice() {
        Limits limits = Limits.automatic().withOverride(50, "request text");

        ScalingDecision decision = Scaler.decide(levels(Duration.ofMinutes(10), 200), TaskType.GENERAL, limits, LAPTOP,
                Mode.FLOW);

        assertThat(decision.agents()).isEqualTo(50);
        assertThat(decision.automatic()).isEqualTo(8);
        assertThat(decision.overridden()).isTrue();
        assertThat(decision.warnings()).containsExactly("using 50 agents as asked, but this machine can sustain about 8, "
                + "by memory (4.0 GB available, about 500 MB per agent); automatic scaling would pick 8.");
        assertThat(decision.reasons()).contains("User override: 50 agents (request text); automatic scaling would pick 8");
    }

    @Test
    void override_widerThanThePlan_warnsThatAgentsWillIdle() {
        Limits limits = Limits.automatic().withOverride(12, "--agents");

        ScalingDecision decision = decide(levels(Duration.ofMinutes(10), 3, 1, 1), limits);

        assertThat(decision.agents()).isEqualTo(12);
        assertThat(decision.warnings()).containsExactly("at most 3 tasks can run at once, so 9 of the 12 agents will stay idle.");
    }

    @Test
    void override_withinCapacity_doesNotWarn() {
        ScalingDecision decision = decide(levels(Duration.ofMinutes(10), 200), Limits.automatic().withOverride(40, "--agents"));

        assertThat(decision.agents()).isEqualTo(40);
        assertThat(decision.warnings()).isEmpty();
    }

    @Test
    void json_carriesTheCalculation() {
        var json = decide(levels(Duration.ofMinutes(10), 200)).json();

        assertThat(json.get("mode").asText()).isEqualTo("automatic");
        assertThat(json.get("agents").asInt()).isEqualTo(100);
        assertThat(json.get("parallel_seconds").asDouble()).isEqualTo(1200.0);
        assertThat(json.get("roi_class").asText()).isEqualTo("excellent");
        assertThat(json.get("task_type").asText()).isEqualTo("general");
        assertThat(json.get("dependency_depth").asText()).isEqualTo("none");
        assertThat(json.get("reasons").size()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void batch_fiveHundredBuiltinDeletes_groupNinetyOrMorePerBatch() {
        Batching batching = Scaler.batch(500, 500, ExecutorKind.BUILTIN, TaskType.FILE_OPERATIONS, Limits.automatic(),
                WORKSTATION);

        assertThat(batching.batches()).isEqualTo(6);
        assertThat(batching.agents()).isEqualTo(6);
        assertThat(batching.reasons()).first().isEqualTo("Micro-task batching: a task takes about 10ms to start and an "
                + "item about 1ms, so a batch needs at least 90 items to keep start-up under 10%");
        assertThat(batching.reasons()).last().isEqualTo("6 batches of about 84 items each");
    }

    @Test
    void batch_twelveFilesToEdit_isOneBatch() {
        Batching batching = Scaler.batch(12, 24, ExecutorKind.BUILTIN, TaskType.FILE_OPERATIONS, Limits.automatic(),
                WORKSTATION);

        assertThat(batching.batches()).isEqualTo(1);
    }

    @Test
    void batch_seedsScenarioTwoHundredImportUpdatesByAgents_isOneHundredBatchesOfTwo() {
        Batching batching = Scaler.batch(200, Duration.ofMinutes(400).toMillis(), ExecutorKind.AGENT,
                TaskType.FILE_OPERATIONS, Limits.automatic(), WORKSTATION);

        assertThat(batching.batches()).isEqualTo(100);
        assertThat(batching.reasons()).last().isEqualTo("100 batches of about 2 items each");
    }

    @Test
    void batch_override_setsTheBatchCountUpToTheItems() {
        Batching batching = Scaler.batch(5, 5, ExecutorKind.BUILTIN, TaskType.FILE_OPERATIONS,
                Limits.automatic().withOverride(8, "request text"), WORKSTATION);

        assertThat(batching.batches()).isEqualTo(5);
        assertThat(batching.agents()).isEqualTo(8);
        assertThat(batching.warnings()).containsExactly("there are only 5 items, so 3 of the 8 agents will stay idle.");
    }

    @Test
    void batch_overrideOfFour_makesFourBatches() {
        Batching batching = Scaler.batch(300, 300, ExecutorKind.BUILTIN, TaskType.FILE_OPERATIONS,
                Limits.automatic().withOverride(4, "--agents"), WORKSTATION);

        assertThat(batching.batches()).isEqualTo(4);
        assertThat(batching.warnings()).isEmpty();
    }

    @Test
    void roiClass_followsTheSeedsThresholds() {
        assertThat(RoiClass.of(101)).isEqualTo(RoiClass.EXCELLENT);
        assertThat(RoiClass.of(100)).isEqualTo(RoiClass.GOOD);
        assertThat(RoiClass.of(10.5)).isEqualTo(RoiClass.GOOD);
        assertThat(RoiClass.of(10)).isEqualTo(RoiClass.MARGINAL);
        assertThat(RoiClass.of(2.1)).isEqualTo(RoiClass.MARGINAL);
        assertThat(RoiClass.of(2)).isEqualTo(RoiClass.POOR);
        assertThat(RoiClass.of(-3)).isEqualTo(RoiClass.POOR);
    }

    @Test
    void dependencyDepth_classesByLevelsAgainstSize() {
        assertThat(DependencyDepth.of(levels(Duration.ofMinutes(1), 7).graph())).isEqualTo(DependencyDepth.NONE);
        assertThat(DependencyDepth.of(levels(Duration.ofMinutes(1), 7, 3, 1).graph())).isEqualTo(DependencyDepth.SHALLOW);
        assertThat(DependencyDepth.of(levels(Duration.ofMinutes(1), 4, 4, 4, 4).graph())).isEqualTo(DependencyDepth.MODERATE);
        assertThat(DependencyDepth.of(levels(Duration.ofMinutes(1), 1, 1, 2, 1, 1).graph())).isEqualTo(DependencyDepth.DEEP);
    }

    private static ScalingDecision decide(Plan plan, Limits limits) {
        return Scaler.decide(plan, TaskType.GENERAL, limits, WORKSTATION, Mode.FLOW);
    }

    @Test
    void taskTypeOfAPlanFile_isFileOperationsOnlyWhenEveryTaskIsABuiltin() {
        Plan builtins = levels(Duration.ofSeconds(1), id -> Builtins.action("find", Map.of("glob", "**/" + id)), 3);

        assertThat(TaskType.of(builtins)).isEqualTo(TaskType.FILE_OPERATIONS);
        assertThat(TaskType.of(levels(Duration.ofSeconds(1), 3))).isEqualTo(TaskType.GENERAL);
    }

    @Test
    void shellCommandsOnTwoCores_areCappedByTheCpu_notByMemory() {
        Machine twoCores = new Machine(2, 23L << 30, Optional.empty()); // memory alone would allow 368 shell tasks
        Plan plan = levels(Duration.ofSeconds(30), id -> new Action.Shell("./build.sh " + id), 50);

        ScalingDecision widest = Scaler.decide(plan, TaskType.GENERAL, Limits.automatic().withWidestWave(), twoCores,
                Mode.FLOW);

        assertThat(widest.capacity()).isEqualTo(8);
        assertThat(widest.capacityReason()).isEqualTo("CPU: 4 shell processes per core x 2 cores");
        assertThat(widest.warnings()).containsExactly("the plan's width asks for 50 agents, but this machine can sustain "
                + "about 8, by CPU: 4 shell processes per core x 2 cores; pass --agents 8 to use fewer.");
        assertThat(widest.reasons()).as("the plan's width decides, so the limit is not said to bind the decision")
                .contains("Binding limit: CPU: 4 shell processes per core x 2 cores, so automatic scaling would use at most 8 "
                        + "agents");
        assertThat(Scaler.decide(plan, TaskType.GENERAL, Limits.automatic(), twoCores, Mode.FLOW).agents()).isEqualTo(8);
    }

    @Test
    void agentAndBuiltinWork_isNotCappedByTheCpu() {
        Machine twoCores = new Machine(2, 23L << 30, Optional.empty());

        ScalingDecision agents = Scaler.decide(levels(Duration.ofMinutes(10), 50), TaskType.GENERAL, Limits.automatic(),
                twoCores, Mode.FLOW);

        assertThat(agents.capacityReason()).startsWith("memory (");
        assertThat(agents.reasons()).noneMatch(reason -> reason.contains("CPU"));
    }
}
