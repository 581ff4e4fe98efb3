package dev.wave.bench;

import dev.wave.journal.Journal;
import dev.wave.journal.RunDirectory;
import dev.wave.journal.RunJournal;
import dev.wave.journal.RunRow;
import dev.wave.journal.RunStore;
import dev.wave.plan.Plan;
import dev.wave.plan.Task;
import dev.wave.plan.TaskGraph;
import dev.wave.run.ExecutionResult;
import dev.wave.run.RunHooks;
import dev.wave.run.RunListener;
import dev.wave.run.RunOptions;
import dev.wave.run.RunResult;
import dev.wave.run.RunStatus;
import dev.wave.run.Runner;
import dev.wave.run.TaskExecutor;
import dev.wave.run.TaskRecord;
import dev.wave.request.SandboxMode;
import dev.wave.sandbox.Sandbox;
import dev.wave.sandbox.SandboxPolicy;
import dev.wave.schedule.Waves;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Where the milliseconds between a task's end and its dependents' start go, on the timed graph
 * (50 sleeps, 4 agents), measured with wave's real {@link Runner} and shell executor in this JVM:
 * <ul>
 *   <li><b>hand-off</b>: from the later of a task's last dependency's end and the end of the task
 *       before it on its agent, to its start, both as the runner records them (event delivery, the
 *       lock, file writes of the listener);
 *   <li><b>process</b>: the executor's wall time less the sleep: starting the process (fork, exec of
 *       setsid and the command) and noticing its exit;
 *   <li>the bare cost of starting {@code sleep 0} from Java, with and without {@code setsid}.
 * </ul>
 */
final class LatencyBench {
    static final int AGENTS = 4;

    private LatencyBench() {}

    static void run(Report report, Path work, int repetitions) throws Exception {
        Graph graph = ProcessBench.timedGraph(AGENTS);
        TaskGraph taskGraph = graph.plan().graph();
        long bound = Bounds.simple(taskGraph, AGENTS);
        report.section("Hand-off latency: timed graph, 50 sleeps, N=" + AGENTS + ", in-process",
                "wave's real Runner and shell executor in the bench's JVM (warm after one run), " + repetitions
                        + " runs per row, all tasks pooled. Hand-off: from the later of a task's last dependency's end and the end of the task "
                        + "before it on its agent, to its start, as the runner records them. Process: the executor's wall time "
                        + "less the sleep (start the process, notice its exit). Makespan: best run, first start to last end; lower bound "
                        + bound + " ms. Schedule: the order the analysis chooses, as wave run.");
        report.header("listener", "makespan", "ratio to lower bound", "hand-off median", "hand-off p99",
                "process median", "process p99", "samples");
        Path directory = work.resolve("latency");
        Files.createDirectories(directory.resolve("logs"));
        Plan plan = Plan.of(graph.name(), graph.tasks(task -> String.format(Locale.ROOT, "sleep %.3f", graph.millis()[task] / 1000.0)));
        measure(plan, graph, directory, Setup.BARE, 1); // warm-up
        for (Setup setup : Setup.values()) {
            Samples samples = measure(plan, graph, directory, setup, repetitions);
            report.row(setup.label, Report.millis(samples.makespan),
                    Report.ratio(samples.makespan / bound), Report.millis(percentile(samples.handoffs, 0.5)),
                    Report.millis(percentile(samples.handoffs, 0.99)), Report.millis(percentile(samples.process, 0.5)),
                    Report.millis(percentile(samples.process, 0.99)), samples.handoffs.size());
            if (setup == Setup.JOURNAL) {
                report.target("latency: hand-off p99 (dependency end to dependent start, runner's records, journal as wave run, "
                                + "no sandbox) <= 1 ms",
                        percentile(samples.handoffs, 0.99) <= 1.0,
                        String.format(Locale.ROOT, "median %.2f ms, p99 %.2f ms", percentile(samples.handoffs, 0.5),
                                percentile(samples.handoffs, 0.99)));
            }
        }
        report.line("");
        List<List<String>> commands = List.of(List.of("sleep", "0"), List.of("setsid", "sleep", "0"), List.of("sh", "-c", "sleep 0"));
        double[] bare = bare(commands, 60);
        report.line(String.format(Locale.ROOT, "Bare process start and exit from this JVM (launch mechanism %s), median of 60 interleaved "
                        + "after a warm-up: `sleep 0` %s; `setsid sleep 0` %s; `sh -c 'sleep 0'` %s. wave starts a simple command "
                        + "directly, through setsid only when it has a controlling terminal (so that a Ctrl-C reaches wave, "
                        + "not the task); this bench has none. Hand-offs are in whole milliseconds (the runner's clock).",
                System.getProperty("jdk.lang.Process.launchMechanism", "default"), Report.millis(bare[0]), Report.millis(bare[1]),
                Report.millis(bare[2])));
    }

    private record Samples(double makespan, List<Double> handoffs, List<Double> process) {}

    /** What runs around the runner: nothing, or what {@code wave run} has (the SQLite journal and the run's files), with or without bubblewrap. */
    private enum Setup {
        BARE("none, sandbox off (process groups)", false, SandboxMode.OFF),
        JOURNAL("journal (SQLite events, checkpoints, orchestrator.log, as wave run), sandbox off", true, SandboxMode.OFF),
        SANDBOXED("journal as wave run, sandbox auto (bubblewrap here)", true, SandboxMode.AUTO);

        final String label;
        final boolean journal;
        final SandboxMode sandbox;

        Setup(String label, boolean journal, SandboxMode sandbox) {
            this.label = label;
            this.journal = journal;
            this.sandbox = sandbox;
        }
    }

    private static Samples measure(Plan plan, Graph graph, Path directory, Setup setup, int repetitions) throws Exception {
        double best = Double.MAX_VALUE;
        List<Double> handoffs = new ArrayList<>();
        List<Double> process = new ArrayList<>();
        for (int r = 0; r < repetitions; r++) {
            ConcurrentHashMap<String, Double> overhead = new ConcurrentHashMap<>();
            TaskExecutor shell = TaskExecutor.shell(Sandbox.of(SandboxPolicy.defaults().withMode(setup.sandbox)));
            TaskExecutor timed = (task, workDirectory, log) -> {
                long start = System.nanoTime();
                ExecutionResult result = shell.execute(task, workDirectory, log);
                overhead.put(task.id(), (System.nanoTime() - start) / 1e6 - task.estimate().orElseThrow().toMillis());
                return result;
            };
            Path logs = directory.resolve("logs");
            RunListener listener = RunListener.none();
            RunHooks hooks = RunHooks.defaults().withOrder(dev.wave.schedule.OrderSearch.choose(plan.graph(),
                    dev.wave.schedule.Mode.FLOW, AGENTS, Waves.of(plan.graph())).order());
            Journal files = null;
            RunStore store = null;
            if (setup.journal) {
                String runId = RunDirectory.newRunId(Instant.now());
                RunDirectory run = RunDirectory.create(directory, runId);
                files = new Journal(run, plan, Clock.systemUTC());
                listener = files;
                logs = run.logs();
                store = RunStore.open(directory);
                RunJournal journal = RunJournal.start(store, RunRow.starting(runId, "latency bench", "bench", System.currentTimeMillis(),
                        plan.size(), AGENTS, "flow", "{}"), plan.graph(), Clock.systemUTC(), Map.of());
                hooks = hooks.withEventLog(journal);
            }
            ExecutorService workers = Executors.newFixedThreadPool(AGENTS);
            RunResult result;
            try {
                RunOptions options = RunOptions.defaults(directory, logs).withAgents(AGENTS);
                result = new Runner(plan, Waves.of(plan.graph()), options, timed, listener, Clock.systemUTC(), workers,
                        dev.wave.run.FailurePolicy.skipDependents(), hooks).run();
            } finally {
                workers.shutdown();
                if (files != null) {
                    files.close();
                }
                if (store != null) {
                    store.close();
                }
            }
            if (result.status() != RunStatus.SUCCEEDED) {
                throw new IllegalStateException("the timed run did not succeed: " + result.status());
            }
            best = Math.min(best, makespan(result.tasks()));
            handoffs.addAll(handoffs(plan.graph(), result.tasks()));
            process.addAll(overhead.values());
        }
        return new Samples(best, handoffs, process);
    }

    private static double makespan(List<TaskRecord> records) {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (TaskRecord record : records) {
            first = Math.min(first, micros(record.startedAt().orElseThrow()));
            last = Math.max(last, micros(record.finishedAt().orElseThrow()));
        }
        return (last - first) / 1000.0;
    }

    /** For each task with dependencies: start - max(last dependency's end, previous end on its agent), in ms. */
    static List<Double> handoffs(TaskGraph graph, List<TaskRecord> records) {
        TaskRecord[] byIndex = new TaskRecord[records.size()];
        for (TaskRecord record : records) {
            byIndex[record.index()] = record;
        }
        List<Double> latencies = new ArrayList<>();
        for (TaskRecord record : records) {
            int task = record.index();
            if (graph.dependencyCount(task) == 0) {
                continue;
            }
            long start = micros(record.startedAt().orElseThrow());
            long released = Long.MIN_VALUE;
            for (int k = 0; k < graph.dependencyCount(task); k++) {
                released = Math.max(released, micros(byIndex[graph.dependency(task, k)].finishedAt().orElseThrow()));
            }
            long agentFree = Long.MIN_VALUE;
            for (TaskRecord other : records) {
                long end = micros(other.finishedAt().orElseThrow());
                if (other != record && other.instance().equals(record.instance()) && end <= start) {
                    agentFree = Math.max(agentFree, end);
                }
            }
            latencies.add((start - Math.max(released, agentFree)) / 1000.0);
        }
        return latencies;
    }

    private static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1000;
    }

    static double percentile(List<Double> values, double share) {
        if (values.isEmpty()) {
            return 0;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)];
    }

    /** The median wall time in ms of starting each command and waiting for it, {@code times} rounds after a warm-up round. */
    private static double[] bare(List<List<String>> commands, int times) throws Exception {
        double[][] samples = new double[commands.size()][times];
        for (int round = -1; round < times; round++) {
            for (int c = 0; c < commands.size(); c++) {
                long start = System.nanoTime();
                new ProcessBuilder(commands.get(c)).redirectInput(new File("/dev/null")).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
                if (round >= 0) {
                    samples[c][round] = (System.nanoTime() - start) / 1e6;
                }
            }
        }
        double[] medians = new double[commands.size()];
        for (int c = 0; c < commands.size(); c++) {
            Arrays.sort(samples[c]);
            medians[c] = samples[c][times / 2];
        }
        return medians;
    }

    public static void main(String[] args) throws Exception {
        Report report = new Report(System.out);
        run(report, Path.of(System.getProperty("bench.work", "target/bench")).toAbsolutePath(), 3);
        report.summary();
    }
}
