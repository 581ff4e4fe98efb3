package dev.wave.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wave.plan.Action;
import dev.wave.plan.Plan;
import dev.wave.plan.Task;
import dev.wave.run.FailureThresholds;
import dev.wave.run.RunEvent;
import dev.wave.run.TaskRecord;
import dev.wave.schedule.Mode;
import dev.wave.schedule.PriorityOrder;
import dev.wave.schedule.TaskState;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The run workflow on Temporal's in-process test server, with a fake worker: the same semantics as the
 * local engine (dependency order, the agent cap, critical tasks alone, retries owned by the run's core),
 * plus what Temporal adds: a lost worker's attempt is delivered again, cancellation, and continue-as-new.
 */
final class RunWorkflowTest {
    private static final String QUEUE = "wave";
    private static final String SUBMITTER = "submitter";

    private TestWorkflowEnvironment environment;
    private FakeTasks tasks;

    @AfterEach
    void close() {
        if (tasks != null) {
            tasks.release.countDown();
        }
        if (environment != null) {
            environment.close();
        }
    }

    @Test
    @Timeout(30)
    void diamond_startsEachTaskAfterItsDependencies_andCapsTheAgents() {
        Plan plan = Plan.of("diamond", List.of(
                Task.shell("a", "true", List.of()),
                Task.shell("b", "true", List.of("a")),
                Task.shell("c", "true", List.of("a")),
                Task.shell("d", "true", List.of("a")),
                Task.shell("e", "true", List.of("b", "c", "d"))));

        Outcome outcome = run(plan, 2, Map.of(), 10_000);

        assertThat(outcome.summary().status()).isEqualTo("SUCCEEDED");
        List<String> timeline = tasks.timeline();
        assertThat(timeline.indexOf("end a")).isLessThan(timeline.indexOf("start b"));
        assertThat(timeline.indexOf("end a")).isLessThan(timeline.indexOf("start c"));
        for (String dependency : List.of("b", "c", "d")) {
            assertThat(timeline.indexOf("end " + dependency)).isLessThan(timeline.indexOf("start e"));
        }
        assertThat(tasks.peak()).isLessThanOrEqualTo(2);
        assertThat(outcome.submitter().ended().values()).extracting(TaskRecord::state).containsOnly(TaskState.SUCCEEDED);
        assertThat(outcome.submitter().outOfOrder()).isZero();
    }

    @Test
    @Timeout(30)
    void criticalTask_runsWithNothingElseInFlight() {
        List<Task> list = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            list.add(Task.shell("t" + i, "true", List.of()));
        }
        list.add(Task.shell("migrate", "true", List.of()).withCritical(true));
        for (int i = 6; i < 12; i++) {
            list.add(Task.shell("t" + i, "true", List.of()));
        }

        Outcome outcome = run(Plan.of("critical", list), 4, Map.of(), 10_000);

        assertThat(outcome.summary().status()).isEqualTo("SUCCEEDED");
        assertThat(tasks.overlaps()).isEmpty();
        assertThat(tasks.timeline()).contains("start migrate", "end migrate");
    }

    @Test
    @Timeout(30)
    void failedAttempt_isRetriedByTheRunsCore_notByTemporal() {
        Plan plan = Plan.of("retry", List.of(Task.shell("flaky", "true", List.of()).withRetries(1),
                Task.shell("after", "true", List.of("flaky"))));

        Outcome outcome = run(plan, 2, Map.of("flaky", FakeTasks.Behaviour.FAIL_FIRST_ATTEMPT), 10_000);

        assertThat(outcome.summary().status()).isEqualTo("SUCCEEDED");
        assertThat(outcome.submitter().ended().get("flaky").attempts()).isEqualTo(2);
        assertThat(outcome.submitter().events()).filteredOn(RunEvent.RetryScheduled.class::isInstance).hasSize(1);
    }

    @Test
    @Timeout(30)
    void failedTask_skipsItsDependents_andTheRunFails() {
        Plan plan = Plan.of("fail", List.of(Task.shell("broken", "false", List.of()),
                Task.shell("after", "true", List.of("broken")), Task.shell("other", "true", List.of())));

        Outcome outcome = run(plan, 2, Map.of("broken", FakeTasks.Behaviour.FAIL), 10_000);

        assertThat(outcome.summary().status()).isEqualTo("FAILED");
        assertThat(outcome.submitter().ended().get("broken").state()).isEqualTo(TaskState.FAILED);
        assertThat(outcome.submitter().ended().get("after").state()).isEqualTo(TaskState.SKIPPED);
        assertThat(outcome.submitter().ended().get("other").state()).isEqualTo(TaskState.SUCCEEDED);
    }

    @Test
    @Timeout(30)
    void failFast_aTaskThatFailsForGood_cancelsTheRest_andTheRunFails() {
        Plan plan = Plan.of("fail-fast", List.of(Task.shell("long", "true", List.of()), Task.shell("broken", "false",
                List.of("gate")), Task.shell("gate", "true", List.of()), Task.shell("after", "true", List.of("long"))));
        start(plan, 4, Map.of("long", FakeTasks.Behaviour.RUN_UNTIL_CANCELLED, "broken", FakeTasks.Behaviour.FAIL), 10_000,
                1, true);

        RunWorkflow.Summary summary = stub(plan).getResult(RunWorkflow.Summary.class);

        assertThat(summary.status()).isEqualTo("FAILED");
        Map<String, TaskRecord> ended = recording.ended();
        assertThat(ended.get("broken").state()).isEqualTo(TaskState.FAILED);
        assertThat(ended.get("long").state()).isEqualTo(TaskState.CANCELLED);
        assertThat(ended.get("after").state()).isIn(TaskState.CANCELLED, TaskState.SKIPPED);
        assertThat(recording.events()).filteredOn(RunEvent.FailureDecided.class::isInstance).isNotEmpty();
    }

    @Test
    @Timeout(40)
    void attemptOfALostWorker_isDeliveredAgain_andRunsOnce() {
        Plan plan = Plan.of("lost", List.of(Task.shell("lost", "true", List.of()), Task.shell("after", "true",
                List.of("lost"))));

        Outcome outcome = run(plan, 2, Map.of("lost", FakeTasks.Behaviour.LOST_ON_FIRST_DELIVERY), 10_000);

        assertThat(outcome.summary().status()).isEqualTo("SUCCEEDED");
        assertThat(tasks.deliveries("lost")).isEqualTo(2);
        assertThat(outcome.submitter().ended().get("lost").attempts()).isEqualTo(1);
        assertThat(tasks.deliveries("after")).isEqualTo(1);
    }

    @Test
    @Timeout(30)
    void cancelSignal_stopsRunningAttempts_andTheRunEndsInterrupted() throws Exception {
        Plan plan = cancellablePlan("cancel-signal");
        WorkflowStub stub = stub(plan);
        assertThat(tasks.started.await(20, TimeUnit.SECONDS)).isTrue();

        stub.signal("cancel");

        RunWorkflow.Summary summary = stub.getResult(RunWorkflow.Summary.class);
        assertThat(summary.status()).isEqualTo("INTERRUPTED");
        assertCancelled();
    }

    @Test
    @Timeout(30)
    void cancelledWorkflow_stillReportsEveryTaskCancelled() throws Exception {
        Plan plan = cancellablePlan("cancel-workflow");
        WorkflowStub stub = stub(plan);
        assertThat(tasks.started.await(20, TimeUnit.SECONDS)).isTrue();

        stub.cancel();

        assertThatThrownBy(() -> stub.getResult(RunWorkflow.Summary.class)).isInstanceOf(WorkflowFailedException.class)
                .hasCauseInstanceOf(CanceledFailure.class);
        assertCancelled();
    }

    private Plan cancellablePlan(String name) {
        Plan plan = Plan.of(name, List.of(Task.shell("long1", "true", List.of()), Task.shell("long2", "true", List.of()),
                Task.shell("later", "true", List.of("long1"))));
        start(plan, 4, Map.of("long1", FakeTasks.Behaviour.RUN_UNTIL_CANCELLED, "long2",
                FakeTasks.Behaviour.RUN_UNTIL_CANCELLED), 10_000, 2, false);
        return plan;
    }

    private void assertCancelled() throws InterruptedException {
        assertThat(tasks.cancelled.await(5, TimeUnit.SECONDS)).isTrue();
        Map<String, TaskRecord> ended = recording.ended();
        assertThat(ended.get("long1").state()).isEqualTo(TaskState.CANCELLED);
        assertThat(ended.get("long2").state()).isEqualTo(TaskState.CANCELLED);
        assertThat(ended.get("later").state()).isIn(TaskState.CANCELLED, TaskState.SKIPPED);
    }

    @Test
    @Timeout(60)
    void tenThousandTasks_completeAcrossContinueAsNew() {
        int size = Integer.getInteger("wave.temporal.bigPlan", 10_000);
        List<Task> list = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            list.add(Task.shell("t" + i, "true", i < 100 ? List.of() : List.of("t" + (i % 100))));
        }
        Plan plan = Plan.of("big", list);
        long started = System.nanoTime();

        Outcome outcome = run(plan, 64, Map.of(), 2_000);

        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        System.out.printf("%d tasks on the test server: %d ms, %d generations%n", size, millis,
                outcome.summary().generations());
        assertThat(outcome.summary().status()).isEqualTo("SUCCEEDED");
        assertThat(outcome.summary().generations()).isGreaterThan(1);
        assertThat(outcome.submitter().ended()).hasSize(size);
        assertThat(outcome.submitter().ended().values()).extracting(TaskRecord::state).containsOnly(TaskState.SUCCEEDED);
        assertThat(outcome.submitter().outOfOrder()).isZero();
        assertThat(tasks.peak()).isLessThanOrEqualTo(64);
    }

    private record Outcome(RunWorkflow.Summary summary, RecordingSubmitter submitter) {}

    private RecordingSubmitter recording;

    @Test
    @Timeout(60)
    void budget_countsWhatAgentsSpentInEarlierGenerations_andSkipsTheAgentTasksAfterIt() {
        List<Task> list = new ArrayList<>();
        Map<String, FakeTasks.Behaviour> script = new java.util.HashMap<>();
        for (int i = 0; i < 6; i++) {
            list.add(new Task("a" + i, "a" + i, new Action.Agent("step " + i), i == 0 ? List.of() : List.of("a" + (i - 1)),
                    Optional.empty(), Optional.empty(), false, Optional.empty(), 0, Map.of()));
            script.put("a" + i, FakeTasks.Behaviour.SPEND);
        }
        Plan plan = Plan.of("budget", list);

        start(plan, 2, script, 8, 0, false, new RunWorkflow.Limits(0.025, 0, new java.util.TreeMap<>()));
        RunWorkflow.Summary summary = stub(plan).getResult(RunWorkflow.Summary.class);

        System.out.printf("budget test: %d generations%n", summary.generations());
        assertThat(summary.generations()).isGreaterThan(1);
        assertThat(tasks.timeline()).filteredOn(line -> line.startsWith("start ")).hasSize(3);
        Map<String, TaskRecord> ended = recording.ended();
        assertThat(ended.get("a2").state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(ended.get("a3").state()).isEqualTo(TaskState.SKIPPED);
        assertThat(ended.get("a3").summary()).contains("budget reached: $0.0300 of $0.0250");
        assertThat(recording.events()).filteredOn(RunEvent.BudgetReached.class::isInstance).hasSize(1);
        assertThat(ended.get("a0").usage().tokens()).isEqualTo(110);
    }

    private Outcome run(Plan plan, int agents, Map<String, FakeTasks.Behaviour> script, int historyLimit) {
        start(plan, agents, script, historyLimit, 0, false);
        return new Outcome(stub(plan).getResult(RunWorkflow.Summary.class), recording);
    }

    private void start(Plan plan, int agents, Map<String, FakeTasks.Behaviour> script, int historyLimit, int expectStarted,
            boolean failFast) {
        start(plan, agents, script, historyLimit, expectStarted, failFast, RunWorkflow.Limits.none());
    }

    private void start(Plan plan, int agents, Map<String, FakeTasks.Behaviour> script, int historyLimit, int expectStarted,
            boolean failFast, RunWorkflow.Limits limits) {
        environment = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder().setUseTimeskipping(false)
                .build());
        tasks = new FakeTasks(script, expectStarted);
        recording = new RecordingSubmitter(plan);
        Worker worker = environment.newWorker(QUEUE, WorkerOptions.newBuilder().setMaxConcurrentActivityExecutionSize(100)
                .build());
        worker.registerWorkflowImplementationTypes(RunWorkflowImpl.class);
        worker.registerActivitiesImplementations(tasks);
        environment.newWorker(SUBMITTER).registerActivitiesImplementations(recording);
        environment.start();
        TemporalSettings settings = new TemporalSettings("127.0.0.1:7233", "default", QUEUE, Duration.ofSeconds(1),
                historyLimit);
        RunWorkflow.Input input = RunWorkflow.Input.first("run-1", plan, PriorityOrder.longestPathFirst(plan.graph()),
                Mode.FLOW, agents, failFast, Duration.ofMillis(10), FailureThresholds.off(), SUBMITTER, "HEAD", settings,
                "claude", limits);
        WorkflowClient.start(client().newWorkflowStub(RunWorkflow.class, WorkflowOptions.newBuilder().setTaskQueue(QUEUE)
                .setWorkflowId("wave-" + plan.source()).build())::run, input);
    }

    private WorkflowStub stub(Plan plan) {
        return client().newUntypedWorkflowStub("wave-" + plan.source());
    }

    private WorkflowClient client() {
        return environment.getWorkflowClient();
    }
}
