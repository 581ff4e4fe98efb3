package dev.wave.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dexecutor.core.DefaultDexecutor;
import com.github.dexecutor.core.DexecutorConfig;
import com.github.dexecutor.core.ExecutionConfig;
import dev.wave.plan.TaskGraph;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Process tasks: 10k `true` commands at N=2, and a timed graph of sleeps at N=4, through wave and its peers. */
final class ProcessBench {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ProcessBench() {}

    static void shell(Report report, Path root, Path work, int size, int repetitions, boolean full) throws Exception {
        int agents = 2;
        Graph graph = Family.LAYERED.generate(size, 7);
        Path directory = work.resolve("shell");
        PeerFiles.write(graph, directory, task -> "true", task -> "x", "true", agents);
        report.section("Shell tasks: " + size + " x `true`, N=" + agents,
                "A random layered DAG of " + size + " tasks (" + graph.edges() + " edges), each running `true`. Wall time, best of "
                        + repetitions + " (make and wave take turns). wave is `wave run --yes --progress quiet` through the launcher, JVM start, "
                        + "analysis, backup, journal, run directory, checkpoints, report and final commit included, in an empty git "
                        + "repository of its own; beside make it runs with --sandbox off (make isolates nothing); with --full also once "
                        + "with its default sandbox (bubblewrap here) to show that cost (the timed and latency sections show it per task). xargs has no dependencies: it runs the graph level by level, one `xargs -P"
                        + agents + "` per level.");
        report.header("tool", "wall", "per task", "vs make");
        Path repo = directory.resolve("repo");
        Runnable clean = () -> Processes.emptyRepository(repo);
        // make and wave take turns, so that both see the same load on a shared machine; each keeps its best.
        long make = Long.MAX_VALUE;
        Wave off = new Wave(Long.MAX_VALUE, 0);
        List<String> pairs = new java.util.ArrayList<>();
        // Once before timing: the launcher makes its class-data-sharing archive on the first run of a new jar.
        Processes.time(directory, Processes.wave(root, "--version"));
        String loadBefore = load();
        for (int r = 0; r < repetitions; r++) {
            long makeOnce = Processes.time(directory, List.of("make", "-s", "-j" + agents, "all"));
            // Like with like: make isolates nothing, so the target row runs wave without its sandbox (process groups).
            Wave waveOnce = wave(root, directory, repo, clean, agents, "off", 1);
            make = Math.min(make, makeOnce);
            off = waveOnce.wall() < off.wall() ? waveOnce : off;
            pairs.add(Report.ratio((double) waveOnce.wall() / makeOnce));
        }
        String loadAfter = load();
        Optional<Wave> sandboxed = full ? Optional.of(wave(root, directory, repo, clean, agents, "auto", 1)) : Optional.empty();
        long ninja = Processes.available("ninja")
                ? Processes.best(repetitions, directory, List.of("ninja", "-j" + agents, "-f", "build.ninja", "all"), () -> {})
                : -1;
        long xargs = Processes.best(repetitions, directory, List.of("sh", "xargs.sh"), () -> {});
        row(report, "wave --sandbox off", off.wall(), size, make);
        report.row("wave --sandbox off (run only, from its report)", Report.millis(off.run() / 1e6),
                Report.micros(off.run() / size), Report.ratio(off.run() / make));
        if (sandboxed.isPresent()) {
            row(report, "wave, sandbox auto (bubblewrap here; 1 run)", sandboxed.get().wall(), size, make);
            report.row("wave, sandbox auto (run only, from its report)", Report.millis(sandboxed.get().run() / 1e6),
                    Report.micros(sandboxed.get().run() / size), Report.ratio(sandboxed.get().run() / make));
        }
        row(report, "make -j" + agents, make, size, make);
        if (ninja > 0) {
            row(report, "ninja -j" + agents, ninja, size, make);
        }
        row(report, "xargs -P" + agents + " (level by level)", xargs, size, make);
        if (sandboxed.isPresent()) {
            double extra = (sandboxed.get().run() - off.run()) / 1e6 / size;
            report.line(String.format(Locale.ROOT, "The sandbox's cost: %.2f ms of run time per task at N=%d, so about %.2f ms "
                    + "per task on each agent (%s with it, %s without).", extra, agents, extra * agents,
                    Report.millis(sandboxed.get().run() / 1e6), Report.millis(off.run() / 1e6)));
        }
        report.line("Interleaved runs, wave / make in each pair: " + String.join(", ", pairs) + "; load average (1 min) "
                + loadBefore + " before, " + loadAfter + " after.");
        report.target("shell: wave --sandbox off wall <= 1.0x make -j2 on 10k `true` tasks", off.wall() <= make,
                Report.ratio((double) off.wall() / make) + " (" + Report.millis(off.wall() / 1e6) + " vs "
                        + Report.millis(make / 1e6) + ")");
    }

    /** The 1-minute load average, from /proc/loadavg; "?" where there is none. */
    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    /** Wall time (launcher included) and run time (from the report), in ns, of the best of {@code repetitions} wave runs. */
    private record Wave(long wall, double run) {}

    private static Wave wave(Path root, Path directory, Path repo, Runnable clean, int agents, String sandbox, int repetitions)
            throws Exception {
        long wall = Long.MAX_VALUE;
        double run = 0;
        for (int r = 0; r < repetitions; r++) {
            clean.run();
            long time = Processes.time(directory, Processes.wave(root, "run", "--plan", "plan.json", "--agents",
                    Integer.toString(agents), "--sandbox", sandbox, "--yes", "--progress", "quiet", "--repo", repo.toString()));
            if (time < wall) {
                wall = time;
                run = wallSeconds(repo) * 1e9;
            }
        }
        return new Wave(wall, run);
    }

    static void timed(Report report, Path root, Path work, int repetitions) throws Exception {
        int agents = 4;
        Graph graph = timedGraph(agents);
        long[] millis = graph.millis();
        TaskGraph taskGraph = graph.plan().graph();
        long bound = Bounds.simple(taskGraph, agents);
        Path directory = work.resolve("timed");
        PeerFiles.write(graph, directory, task -> sleep(millis[task]), task -> seconds(millis[task]), "sleep", agents);
        report.section("Timed graph: 50 sleeps, N=" + agents,
                "A random layered DAG of 50 tasks running `sleep` for their estimate ("
                        + Report.millis(java.util.Arrays.stream(millis).min().orElse(0)) + " to "
                        + Report.millis(java.util.Arrays.stream(millis).max().orElse(0)) + "), lower bound " + bound
                        + " ms = max(critical path " + taskGraph.criticalPathMillis() + " ms, work / " + agents
                        + "). Makespan / lower bound, best of " + repetitions + ". wave's makespan is the run's own wall time "
                        + "(first start to last end, from its report); the launcher's wall time (JVM start included) is shown beside it.");
        report.header("tool", "makespan", "ratio to lower bound", "wall with start-up");
        dev.wave.schedule.Simulation simulated = dev.wave.schedule.Simulator.simulate(taskGraph, dev.wave.schedule.Mode.FLOW,
                agents);
        long strong = Bounds.strong(taskGraph, agents);
        report.row("wave flow, longest path first simulated (zero overhead)", Report.millis(simulated.makespanMillis()),
                Report.ratio(simulated.ratioToLowerBound()), "strong bound " + strong + " ms");
        dev.wave.schedule.ScheduleChoice chosen = dev.wave.schedule.OrderSearch.choose(taskGraph, dev.wave.schedule.Mode.FLOW,
                agents, dev.wave.schedule.Waves.of(taskGraph));
        report.row("wave flow, chosen order simulated (" + chosen.rule() + ")", Report.millis(chosen.simulation().makespanMillis()),
                Report.ratio(chosen.simulation().ratioToLowerBound()), "");
        Path repo = directory.resolve("repo");
        Runnable clean = () -> Processes.emptyRepository(repo);
        double flowRun = Double.MAX_VALUE;
        long flowWall = Long.MAX_VALUE;
        double wavesRun = Double.MAX_VALUE;
        long wavesWall = Long.MAX_VALUE;
        double boxedRun = Double.MAX_VALUE;
        long boxedWall = Long.MAX_VALUE;
        for (int r = 0; r < repetitions; r++) {
            for (String mode : List.of("flow", "waves", "flow-bwrap")) {
                clean.run();
                long wall = Processes.time(directory, Processes.wave(root, "run", "--plan", "plan.json", "--agents",
                        Integer.toString(agents), "--mode", mode.startsWith("flow") ? "flow" : "waves", "--sandbox",
                        mode.equals("flow-bwrap") ? "auto" : "off", "--yes", "--progress", "quiet", "--repo", repo.toString()));
                double run = wallSeconds(repo) * 1000;
                if (mode.equals("flow")) {
                    flowRun = Math.min(flowRun, run);
                    flowWall = Math.min(flowWall, wall);
                } else if (mode.equals("waves")) {
                    wavesRun = Math.min(wavesRun, run);
                    wavesWall = Math.min(wavesWall, wall);
                } else {
                    boxedRun = Math.min(boxedRun, run);
                    boxedWall = Math.min(boxedWall, wall);
                }
            }
        }
        report.row("wave flow --sandbox off", Report.millis(flowRun), Report.ratio(flowRun / bound), Report.millis(flowWall / 1e6));
        report.row("wave waves --sandbox off", Report.millis(wavesRun), Report.ratio(wavesRun / bound),
                Report.millis(wavesWall / 1e6));
        report.row("wave flow, sandbox auto (bubblewrap here)", Report.millis(boxedRun), Report.ratio(boxedRun / bound),
                Report.millis(boxedWall / 1e6));
        double best = Double.MAX_VALUE;
        long make = Processes.best(repetitions, directory, List.of("make", "-s", "-j" + agents, "all"), () -> {});
        report.row("make -j" + agents, Report.millis(make / 1e6), Report.ratio(make / 1e6 / bound), "");
        best = Math.min(best, make / 1e6);
        if (Processes.available("ninja")) {
            long ninja = Processes.best(repetitions, directory, List.of("ninja", "-j" + agents, "-f", "build.ninja", "all"),
                    () -> {});
            report.row("ninja -j" + agents, Report.millis(ninja / 1e6), Report.ratio(ninja / 1e6 / bound), "");
            best = Math.min(best, ninja / 1e6);
        }
        long xargs = Processes.best(repetitions, directory, List.of("sh", "xargs.sh"), () -> {});
        report.row("xargs -P" + agents + " (level by level)", Report.millis(xargs / 1e6), Report.ratio(xargs / 1e6 / bound), "");
        best = Math.min(best, xargs / 1e6);
        long dexecutor = Long.MAX_VALUE;
        for (int r = 0; r < repetitions; r++) {
            dexecutor = Math.min(dexecutor, dexecutor(graph, agents));
        }
        report.row("Dexecutor (in-process, runs the same sleeps)", Report.millis(dexecutor / 1e6),
                Report.ratio(dexecutor / 1e6 / bound), "");
        best = Math.min(best, dexecutor / 1e6);
        report.target("timed: wave flow --sandbox off makespan <= 1.03x lower bound", flowRun / bound <= 1.03,
                Report.ratio(flowRun / bound));
        report.target("timed: wave flow --sandbox off ahead of every peer", flowRun < best,
                Report.millis(flowRun) + " vs best peer " + Report.millis(best));
    }

    /** The timed graph: a random layered DAG of 50 tasks, durations scaled so its simple lower bound on {@code agents} is about 1.3 s. */
    static Graph timedGraph(int agents) {
        Graph raw = Family.LAYERED.generate(50, 11);
        double scale = 1300.0 / Bounds.simple(raw.plan().graph(), agents);
        long[] millis = new long[raw.size()];
        for (int task = 0; task < raw.size(); task++) {
            millis[task] = Math.max(10, Math.round(raw.millis()[task] * scale));
        }
        return new Graph("timed-50", millis, raw.dependencies());
    }

    private static long dexecutor(Graph graph, int agents) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(agents);
        try {
            DexecutorConfig<Integer, Integer> config = new DexecutorConfig<>(pool, id -> new SleepTask(graph.millis()[id]));
            DefaultDexecutor<Integer, Integer> executor = new DefaultDexecutor<>(config);
            for (int task = 0; task < graph.size(); task++) {
                if (graph.dependencies()[task].length == 0) {
                    executor.addIndependent(task);
                }
                for (int dependency : graph.dependencies()[task]) {
                    executor.addDependency(dependency, task);
                }
            }
            long start = System.nanoTime();
            executor.execute(ExecutionConfig.TERMINATING);
            return System.nanoTime() - start;
        } finally {
            pool.shutdown();
        }
    }

    private static final class SleepTask extends com.github.dexecutor.core.task.Task<Integer, Integer> {
        private static final long serialVersionUID = 1L;
        private final long millis;

        SleepTask(long millis) {
            this.millis = millis;
        }

        @Override
        public Integer execute() {
            try {
                return new ProcessBuilder("sleep", seconds(millis)).start().waitFor();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }
    }

    private static String sleep(long millis) {
        return "sleep " + seconds(millis);
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.3f", millis / 1000.0);
    }

    private static double wallSeconds(Path repo) throws IOException {
        JsonNode summary = MAPPER.readTree(repo.resolve(".wave/runs/latest/execution_summary.json").toFile());
        if (!summary.path("status").asText().equals("succeeded")) {
            throw new IOException("the wave run did not succeed: " + summary.path("status").asText());
        }
        return summary.path("wall_seconds").asDouble();
    }

    private static void row(Report report, String tool, long nanos, int size, long make) {
        report.row(tool, Report.millis(nanos / 1e6), Report.micros((double) nanos / size), Report.ratio((double) nanos / make));
    }
}
