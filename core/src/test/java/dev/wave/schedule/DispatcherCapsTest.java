package dev.wave.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.plan.Plan;
import dev.wave.plan.Task;
import dev.wave.plan.TaskGraph;
import dev.wave.testing.Dags;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Concurrency caps by group, pauses and skips in the dispatcher; random cases are seeded and name their seed. */
final class DispatcherCapsTest {
    private static final long MASTER_SEED = 20261201;

    @Test
    void capsAreNeverExceeded_andAgentsIdleOnlyForACapOrACriticalTask() {
        Random cases = new Random(MASTER_SEED);
        for (int i = 0; i < 300; i++) {
            long seed = cases.nextInt(1_000_000);
            int size = 1 + cases.nextInt(60);
            int agents = 1 + cases.nextInt(8);
            try {
                checkCaps(seed, size, agents);
            } catch (AssertionError e) {
                throw new AssertionError(String.format("case seed=%d size=%d agents=%d: %s", seed, size, agents,
                        e.getMessage()), e);
            }
        }
    }

    private static void checkCaps(long seed, int size, int agents) {
        Plan plan = Dags.random(seed, size, 0.25, 0.05, 100);
        TaskGraph graph = plan.graph();
        Random random = new Random(seed);
        int[] limits = {1 + random.nextInt(3), 1 + random.nextInt(3), 1 + random.nextInt(3)};
        int[][] groups = new int[graph.size()][];
        for (int task = 0; task < groups.length; task++) {
            groups[task] = switch (random.nextInt(4)) {
                case 0 -> new int[0];
                case 1 -> new int[] {0};
                case 2 -> new int[] {1, 2};
                default -> new int[] {random.nextInt(3)};
            };
        }
        Dispatcher dispatcher = new Dispatcher(graph, Mode.FLOW, agents, Waves.of(graph));
        dispatcher.caps(groups, limits);
        long[] finish = new long[graph.size()];
        List<Integer> running = new ArrayList<>();
        long now = 0;
        while (true) {
            for (int task = dispatcher.next(now); task >= 0; task = dispatcher.next(now)) {
                finish[task] = now + 1 + random.nextInt(150);
                running.add(task);
            }
            int[] inGroup = new int[limits.length];
            for (int task : running) {
                for (int group : groups[task]) {
                    inGroup[group]++;
                }
            }
            for (int group = 0; group < limits.length; group++) {
                assertThat(inGroup[group]).as("group %d", group).isLessThanOrEqualTo(limits[group])
                        .isEqualTo(dispatcher.runningIn(group));
            }
            boolean criticalRunning = running.stream().anyMatch(graph::isCritical);
            List<Integer> readyNow = readyTasks(graph, dispatcher);
            if (running.size() < agents && !criticalRunning && readyNow.stream().noneMatch(graph::isCritical)) {
                // Work-conserving, as without caps: an agent idles only while a critical task waits, or a cap holds the work.
                for (int task : readyNow) {
                    boolean held = false;
                    for (int group : groups[task]) {
                        held |= inGroup[group] >= limits[group];
                    }
                    assertThat(held).as("an idle agent and ready %s", graph.id(task)).isTrue();
                }
            }
            if (running.isEmpty()) {
                break;
            }
            int ending = running.stream().min((a, b) -> Long.compare(finish[a], finish[b])).orElseThrow();
            running.remove(Integer.valueOf(ending));
            now = finish[ending];
            dispatcher.succeeded(ending);
        }
        assertThat(dispatcher.isFinished()).isTrue();
    }

    @Test
    void pausedGroup_startsNothing_untilResumed_whileOtherGroupsGoOn() {
        Plan plan = Plan.of("test", List.of(Task.shell("a1", "x", List.of()), Task.shell("a2", "x", List.of()),
                Task.shell("b", "x", List.of())));
        Dispatcher dispatcher = new Dispatcher(plan.graph(), Mode.FLOW, 3, Waves.of(plan.graph()));
        dispatcher.caps(new int[][] {{0}, {0}, {1}}, new int[] {Integer.MAX_VALUE, Integer.MAX_VALUE});
        dispatcher.pause(0);

        assertThat(startAll(dispatcher, plan.graph())).containsExactly("b");
        dispatcher.resume(0);
        assertThat(startAll(dispatcher, plan.graph())).containsExactlyInAnyOrder("a1", "a2");
    }

    @Test
    void skip_endsAReadyTaskThatACapHeldBack_andSkipsItsDependents() {
        Plan plan = Plan.of("test", List.of(Task.shell("a", "x", List.of()), Task.shell("b", "x", List.of()),
                Task.shell("after-b", "x", List.of("b"))));
        Dispatcher dispatcher = new Dispatcher(plan.graph(), Mode.FLOW, 2, Waves.of(plan.graph()));
        dispatcher.caps(new int[][] {{0}, {0}, {}}, new int[] {1});
        List<String> first = startAll(dispatcher, plan.graph());
        assertThat(first).hasSize(1);
        int held = plan.graph().indexOf(first.get(0).equals("a") ? "b" : "a");

        List<Integer> skipped = new ArrayList<>();
        dispatcher.skip(held, skipped::add);
        dispatcher.succeeded(plan.graph().indexOf(first.get(0)));

        assertThat(dispatcher.state(held)).isEqualTo(TaskState.SKIPPED);
        if (held == 1) {
            assertThat(skipped).containsExactly(2);
            assertThat(dispatcher.isFinished()).isTrue();
        }
        assertThat(startAll(dispatcher, plan.graph())).doesNotContain(plan.graph().id(held));
    }

    private static List<String> startAll(Dispatcher dispatcher, TaskGraph graph) {
        List<String> started = new ArrayList<>();
        for (int task = dispatcher.next(0); task >= 0; task = dispatcher.next(0)) {
            started.add(graph.id(task));
        }
        return started;
    }

    private static List<Integer> readyTasks(TaskGraph graph, Dispatcher dispatcher) {
        List<Integer> ready = new ArrayList<>();
        for (int task = 0; task < graph.size(); task++) {
            TaskState state = dispatcher.state(task);
            if (state != TaskState.PENDING && state != TaskState.READY) {
                continue;
            }
            boolean allSucceeded = true;
            for (int k = 0; k < graph.dependencyCount(task); k++) {
                allSucceeded &= dispatcher.state(graph.dependency(task, k)) == TaskState.SUCCEEDED;
            }
            if (allSucceeded) {
                ready.add(task);
            }
        }
        return ready;
    }
}
