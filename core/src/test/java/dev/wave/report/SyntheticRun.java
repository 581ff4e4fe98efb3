package dev.wave.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wave.journal.Json;
import dev.wave.journal.RunDirectory;
import dev.wave.plan.Plan;
import dev.wave.plan.TaskGraph;
import dev.wave.run.RunResult;
import dev.wave.run.RunStatus;
import dev.wave.run.TaskRecord;
import dev.wave.schedule.Dispatcher;
import dev.wave.schedule.Mode;
import dev.wave.schedule.Simulation;
import dev.wave.schedule.Simulator;
import dev.wave.schedule.TaskState;
import dev.wave.schedule.Waves;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * The files of a run that never ran: wave's dispatcher schedules the plan on a virtual clock where
 * each task takes its estimate times a seeded random factor (0.5-2x), and every {@code failEvery}-th
 * task fails. The plan and summary are written by the same code a real run uses for its summary.
 */
final class SyntheticRun {
    private SyntheticRun() {}

    static Path write(Path repository, Plan plan, int agents, long seed, int failEvery) {
        TaskGraph graph = plan.graph();
        Waves waves = Waves.of(graph);
        Random random = new Random(seed);
        Dispatcher dispatcher = new Dispatcher(graph, Mode.FLOW, agents, waves);
        long[] start = new long[graph.size()];
        long[] took = new long[graph.size()];
        int[] lane = new int[graph.size()];
        TaskState[] outcome = new TaskState[graph.size()];
        List<Integer> skipped = new ArrayList<>();
        PriorityQueue<long[]> running = new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));
        long now = 0;
        int peak = 0;
        while (true) {
            for (int task = dispatcher.next(now); task >= 0; task = dispatcher.next(now)) {
                start[task] = now;
                took[task] = Math.max(1, (long) (graph.estimateMillis(task) * (0.5 + 1.5 * random.nextDouble())));
                lane[task] = dispatcher.instance(task) + 1;
                running.add(new long[] {now + took[task], task});
            }
            peak = Math.max(peak, running.size());
            if (running.isEmpty()) {
                break;
            }
            long[] next = running.poll();
            now = next[0];
            int task = (int) next[1];
            if (failEvery > 0 && task % failEvery == failEvery - 1) {
                outcome[task] = TaskState.FAILED;
                dispatcher.failed(task, TaskState.FAILED, skipped::add);
            } else {
                outcome[task] = TaskState.SUCCEEDED;
                dispatcher.succeeded(task);
            }
        }
        skipped.forEach(task -> outcome[task] = TaskState.SKIPPED);
        Instant t0 = Instant.parse("2026-12-01T10:00:00Z");
        List<TaskRecord> records = new ArrayList<>();
        for (int i = 0; i < graph.size(); i++) {
            if (outcome[i] == TaskState.SKIPPED) {
                records.add(new TaskRecord(i, graph.id(i), waves.waveOf(i), Optional.empty(), TaskState.SKIPPED,
                        Optional.empty(), Optional.empty(), 0, Optional.empty(), 0, "skipped: a dependency failed", List.of()));
            } else {
                boolean failed = outcome[i] == TaskState.FAILED;
                records.add(new TaskRecord(i, graph.id(i), waves.waveOf(i), Optional.of("I" + lane[i]), outcome[i],
                        Optional.of(t0.plusMillis(start[i])), Optional.of(t0.plusMillis(start[i] + took[i])), took[i],
                        Optional.of(failed ? 1 : 0), 1, failed ? "boom" : "ok", List.of()));
            }
        }
        String runId = "20261201-100000-0001";
        RunDirectory directory = RunDirectory.create(repository, runId);
        Json.write(directory.executionPlan(), planJson(plan, waves, agents));
        RunResult result = new RunResult(records.stream().anyMatch(r -> r.state() == TaskState.FAILED) ? RunStatus.FAILED
                : RunStatus.SUCCEEDED, Mode.FLOW, agents, t0, t0.plusMillis(now), waves.count(), peak, records);
        new RunReport(runId, directory, result).write();
        return directory.root();
    }

    static ObjectNode planJson(Plan plan, Waves waves, int agents) {
        TaskGraph graph = plan.graph();
        ObjectNode root = Json.object();
        root.put("task", plan.source());
        root.put("pattern", "plan file");
        root.put("source", plan.source());
        Simulation simulation = Simulator.simulate(graph, Mode.FLOW, agents, waves);
        ObjectNode estimate = root.putObject("estimate");
        estimate.put("mode", "flow");
        estimate.put("agents", agents);
        estimate.put("makespan_seconds", Json.seconds(simulation.makespanMillis()));
        estimate.put("sequential_seconds", Json.seconds(simulation.sequentialMillis()));
        estimate.put("critical_path_seconds", Json.seconds(simulation.criticalPathMillis()));
        ArrayNode tasks = root.putArray("tasks");
        for (int i = 0; i < graph.size(); i++) {
            ObjectNode task = tasks.addObject();
            task.put("id", graph.id(i));
            task.put("kind", "run");
            task.put("run", "true");
            ArrayNode dependsOn = task.putArray("depends_on");
            for (int k = 0; k < graph.dependencyCount(i); k++) {
                dependsOn.add(graph.id(graph.dependency(i, k)));
            }
            task.put("wave", waves.waveOf(i));
            task.put("critical", graph.isCritical(i));
            task.put("estimate_seconds", Json.seconds(graph.estimateMillis(i)));
        }
        return root;
    }
}
