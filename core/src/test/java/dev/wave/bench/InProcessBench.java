package dev.wave.bench;

import com.github.dexecutor.core.DefaultDexecutor;
import com.github.dexecutor.core.DexecutorConfig;
import com.github.dexecutor.core.ExecutionConfig;
import com.github.dexecutor.core.task.ExecutionResults;
import dev.wave.plan.Plan;
import dev.wave.plan.Task;
import dev.wave.run.ExecutionResult;
import dev.wave.run.RunListener;
import dev.wave.run.RunOptions;
import dev.wave.run.RunResult;
import dev.wave.run.RunStatus;
import dev.wave.run.Runner;
import dev.wave.run.TaskExecutor;
import dev.wave.schedule.Mode;
import dev.wave.schedule.Simulation;
import dev.wave.schedule.Simulator;
import dev.wave.schedule.Waves;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * In-process no-op DAGs: wave's real {@link Runner} with an executor that does nothing, against
 * Dexecutor on the same graph, in the same kind of JVM (a fresh one per case, {@code -Xmx1g}).
 */
final class InProcessBench {
    static final int AGENTS = 2;
    static final String HEAP = "-Xmx1g";
    /** The collector wave's launcher runs with; G1's young pauses grow with the million surviving task records. */
    static final String COLLECTOR = "-XX:+UseSerialGC";
    private static final ExecutionResult DONE = ExecutionResult.succeeded("", List.of());
    private static final TaskExecutor NO_OP = (task, workDirectory, log) -> DONE;

    private InProcessBench() {}

    static void run(Report report, int[] sizes, int dexecutorLimit, int repetitions) throws Exception {
        report.section("In-process no-op DAGs",
                "Random layered DAGs (about 2 edges per task), " + AGENTS + " agents, no-op tasks, a fresh JVM with "
                        + HEAP + " " + COLLECTOR + " (as the launcher) per case, best of " + repetitions + " runs after one warm-up run. wave: validate (Plan.of) + "
                        + "simulate + run through the real Runner. Dexecutor 2.1.2: add the edges + execute on a pool of "
                        + AGENTS + " threads. Heap: peak of the heap pools during the measured run (garbage included).");
        report.header("tasks", "tool", "validate", "simulate", "run", "total", "per task (run)", "tasks/s (run)",
                "heap peak", "vs Dexecutor");
        for (int size : sizes) {
            Map<String, String> wave = child("wave", size, repetitions);
            double waveRun = Double.parseDouble(wave.get("run_ns"));
            double waveTotal = Double.parseDouble(wave.get("total_ns"));
            Map<String, String> dexecutor = size <= dexecutorLimit
                    ? child("dexecutor", size, size > 10_000 ? 1 : repetitions) : Map.of();
            String versus = "";
            if (!dexecutor.isEmpty()) {
                double ratio = Double.parseDouble(dexecutor.get("run_ns")) / waveRun;
                versus = String.format(Locale.ROOT, "%.1fx faster", ratio);
            }
            report.row(size, "wave", ms(wave, "validate_ns"), ms(wave, "simulate_ns"), ms(wave, "run_ns"),
                    ms(wave, "total_ns"), Report.micros(waveRun / size), String.format(Locale.ROOT, "%,.0f", size / waveRun * 1e9),
                    Report.megabytes(Long.parseLong(wave.get("heap_peak"))), versus);
            if (!dexecutor.isEmpty()) {
                double run = Double.parseDouble(dexecutor.get("run_ns"));
                report.row(size, "Dexecutor", "-", "-", ms(dexecutor, "run_ns"), ms(dexecutor, "run_ns"),
                        Report.micros(run / size), String.format(Locale.ROOT, "%,.0f", size / run * 1e9),
                        Report.megabytes(Long.parseLong(dexecutor.get("heap_peak"))), "");
            } else if (size > dexecutorLimit) {
                report.row(size, "Dexecutor", "-", "-", "not run", "-", "-", "-", "-",
                        size <= 100_000 ? "(slow: grows faster than linear; bench/run.sh --full runs it once)" : "(too slow)");
            }
            if (size == 100_000) {
                report.target("in-process: <= 2 us per task at 100k tasks", waveRun / size <= 2_000,
                        Report.micros(waveRun / size) + " per task");
            }
            if (size == 1_000_000) {
                long heap = Long.parseLong(wave.get("heap_peak"));
                report.target("in-process: 1M tasks validated + simulated + run < 5 s, heap < 1 GB",
                        waveTotal < 5e9 && heap < (1L << 30) && "ok".equals(wave.get("status")),
                        String.format(Locale.ROOT, "%.2f s, heap peak %s (%s)", waveTotal / 1e9,
                                Report.megabytes(heap), wave.get("status")));
            }
        }
    }

    private static String ms(Map<String, String> result, String key) {
        return Report.millis(Double.parseDouble(result.get(key)) / 1e6);
    }

    private static Map<String, String> child(String tool, int size, int repetitions) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                HEAP, COLLECTOR, "-cp", System.getProperty("java.class.path"), InProcessBench.class.getName(), tool,
                Integer.toString(size), Integer.toString(repetitions)));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Map<String, String> result = new HashMap<>();
        StringBuilder output = new StringBuilder();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.startsWith("RESULT ")) {
                    for (String pair : line.substring(7).split(" ")) {
                        String[] kv = pair.split("=", 2);
                        result.put(kv[0], kv[1]);
                    }
                } else if (!line.startsWith("SLF4J")) {
                    output.append(line).append('\n');
                }
            }
        }
        int exit = process.waitFor();
        if (exit != 0 || result.isEmpty()) {
            throw new IllegalStateException(tool + " " + size + " failed (exit " + exit + "):\n" + output);
        }
        return result;
    }

    /** Child JVM: {@code tool size repetitions}; prints one {@code RESULT key=value ...} line. */
    public static void main(String[] args) throws Exception {
        String tool = args[0];
        int size = Integer.parseInt(args[1]);
        int repetitions = Integer.parseInt(args[2]);
        Graph graph = Family.LAYERED.generate(size, 1);
        if (tool.equals("wave")) {
            wave(graph, Math.min(size, 10_000), 1, false);
            List<Task> tasks = graph.tasks(task -> "true");
            graph = null;
            long[] best = null;
            for (int r = 0; r < repetitions; r++) {
                long[] times = wave(tasks, r == repetitions - 1);
                if (best == null || times[3] < best[3]) {
                    best = times;
                }
            }
            System.out.printf(Locale.ROOT, "RESULT validate_ns=%d simulate_ns=%d run_ns=%d total_ns=%d heap_peak=%d status=ok%n",
                    best[0], best[1], best[2], best[3], best[4]);
        } else {
            dexecutor(Family.LAYERED.generate(Math.min(size, 10_000), 2));
            long best = Long.MAX_VALUE;
            long heap = 0;
            for (int r = 0; r < repetitions; r++) {
                resetPeaks();
                long time = dexecutor(graph);
                if (time < best) {
                    best = time;
                    heap = peakHeap();
                }
            }
            System.out.printf(Locale.ROOT, "RESULT run_ns=%d total_ns=%d heap_peak=%d status=ok%n", best, best, heap);
        }
    }

    private static void wave(Graph graph, int size, int times, boolean last) throws InterruptedException {
        Graph warmup = Family.LAYERED.generate(size, 3);
        for (int i = 0; i < times; i++) {
            wave(warmup.tasks(task -> "true"), last);
        }
    }

    /** validate, simulate, run, total (ns) and the heap peak (bytes). */
    private static long[] wave(List<Task> tasks, boolean last) throws InterruptedException {
        System.gc();
        resetPeaks();
        long start = System.nanoTime();
        Plan plan = Plan.of("bench", tasks);
        Waves waves = Waves.of(plan.graph());
        long validated = System.nanoTime();
        Simulation simulation = Simulator.simulate(plan.graph(), Mode.FLOW, AGENTS, waves);
        long simulated = System.nanoTime();
        ExecutorService workers = Executors.newFixedThreadPool(AGENTS);
        RunOptions options = RunOptions.defaults(Path.of("."), Path.of("logs")).withAgents(AGENTS);
        RunResult result = new Runner(plan, waves, options, NO_OP, RunListener.none(), Clock.systemUTC(), workers).run();
        long ran = System.nanoTime();
        long heap = peakHeap();
        workers.shutdown();
        if (result.status() != RunStatus.SUCCEEDED || simulation.makespanMillis() <= 0) {
            throw new IllegalStateException("the run did not succeed: " + result.status());
        }
        return new long[] {validated - start, simulated - validated, ran - simulated, ran - start, heap};
    }

    private static long dexecutor(Graph graph) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(AGENTS);
        long start = System.nanoTime();
        DexecutorConfig<Integer, Integer> config = new DexecutorConfig<>(pool, id -> new NoOpTask());
        DefaultDexecutor<Integer, Integer> executor = new DefaultDexecutor<>(config);
        for (int task = 0; task < graph.size(); task++) {
            if (graph.dependencies()[task].length == 0) {
                executor.addIndependent(task);
            }
            for (int dependency : graph.dependencies()[task]) {
                executor.addDependency(dependency, task);
            }
        }
        ExecutionResults<Integer, Integer> results = executor.execute(ExecutionConfig.TERMINATING);
        long time = System.nanoTime() - start;
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.SECONDS);
        if (results.hasAnyResult() && !results.getErrored().isEmpty()) {
            throw new IllegalStateException("Dexecutor reported errors");
        }
        return time;
    }

    private static final class NoOpTask extends com.github.dexecutor.core.task.Task<Integer, Integer> {
        private static final long serialVersionUID = 1L;

        @Override
        public Integer execute() {
            return 0;
        }
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    private static long peakHeap() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }
}
