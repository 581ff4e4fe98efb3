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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
                        + repetitions + " (make, wave and the JDK floor take turns). wave is `wave run --yes --progress quiet` through the launcher, JVM start, "
                        + "analysis, backup, journal, run directory, checkpoints, report and final commit included, in an empty git "
                        + "repository of its own; beside make it runs with --sandbox off (make isolates nothing); with --full also once "
                        + "with its default sandbox (bubblewrap here) to show that cost (the timed and latency sections show it per task). xargs has no dependencies: it runs the graph level by level, one `xargs -P"
                        + agents + "` per level.");
        report.header("tool", "wall", "per task", "vs make");
        Path repo = directory.resolve("repo");
        Runnable clean = () -> Processes.emptyRepository(repo);
        // make and wave take turns, so that both see the same load on a shared machine; each keeps its best.
        long make = Long.MAX_VALUE;
        long floor = Long.MAX_VALUE;
        Wave off = new Wave(Long.MAX_VALUE, 0);
        List<String> pairs = new java.util.ArrayList<>();
        // Once before timing: the launcher makes its class-data-sharing archive on the first run of a new jar.
        Processes.time(directory, Processes.wave(root, "--version"));
        String loadBefore = load();
        for (int r = 0; r < repetitions; r++) {
            long makeOnce = Processes.time(directory, List.of("make", "-s", "-j" + agents, "all"));
            // Like with like: make isolates nothing, so the target row runs wave without its sandbox (process groups).
            Wave waveOnce = wave(root, directory, repo, clean, agents, "off", 1);
            floor = Math.min(floor, Processes.time(directory, spawnFloor(size, agents)));
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
        row(report, "JDK process starts alone (the floor of a JVM tool)", floor, size, make);
        if (sandboxed.isPresent()) {
            double extra = (sandboxed.get().run() - off.run()) / 1e6 / size;
            report.line(String.format(Locale.ROOT, "The sandbox's cost: %.2f ms of run time per task at N=%d, so about %.2f ms "
                    + "per task on each agent (%s with it, %s without).", extra, agents, extra * agents,
                    Report.millis(sandboxed.get().run() / 1e6), Report.millis(off.run() / 1e6)));
        }
        report.line(String.format(Locale.ROOT, "The floor row is a JVM started with the launcher's flags that starts `true` %d times on "
                + "%d threads through ProcessBuilder and waits for each (bench SpawnFloor), nothing else: %s of make by itself; "
                + "wave, whole runs, spends %.0f us per task above it.", size, agents, Report.ratio((double) floor / make),
                Math.max(0, (off.wall() - floor) / 1e3 / size)));
        report.line("Interleaved runs, wave / make in each pair: " + String.join(", ", pairs) + "; load average (1 min) "
                + loadBefore + " before, " + loadAfter + " after.");
        report.target("shell: wave --sandbox off wall <= 1.0x make -j2 on 10k `true` tasks", off.wall() <= make,
                Report.ratio((double) off.wall() / make) + " (" + Report.millis(off.wall() / 1e6) + " vs "
                        + Report.millis(make / 1e6) + ")");
    }

    /** The command that runs {@link SpawnFloor} in a JVM like the one wave's launcher starts (same java, same flags). */
    private static List<String> spawnFloor(int tasks, int agents) {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-cp", absolute(System.getProperty("java.class.path")), SpawnFloor.class.getName(),
                Integer.toString(tasks), Integer.toString(agents));
    }

    /** A class path whose entries resolve from any directory (the floor runs in the bench's). */
    private static String absolute(String classPath) {
        return java.util.Arrays.stream(classPath.split(java.io.File.pathSeparator))
                .map(entry -> Path.of(entry).toAbsolutePath().toString())
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
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
        Optional<Path> stamper = stamper(root, work);
        if (stamper.isPresent()) {
            PeerFiles.write(graph, directory, task -> "stampsleep " + seconds(millis[task]) + ":" + Graph.id(task),
                    task -> seconds(millis[task]) + ":" + Graph.id(task), "stampsleep", agents);
        } else {
            PeerFiles.write(graph, directory, task -> sleep(millis[task]), task -> seconds(millis[task]), "sleep", agents);
        }
        report.section("Timed graph: 50 sleeps, N=" + agents,
                "A random layered DAG of 50 tasks, each sleeping for its estimate ("
                        + Report.millis(java.util.Arrays.stream(millis).min().orElse(0)) + " to "
                        + Report.millis(java.util.Arrays.stream(millis).max().orElse(0)) + "), lower bound " + bound
                        + " ms = max(critical path " + taskGraph.criticalPathMillis() + " ms, work / " + agents
                        + "). Best of " + repetitions + " runs per row. Makespan: wave's is the run's own wall time "
                        + "(first start to last end, from its report), a peer's its wall time; the launcher's wall time (JVM "
                        + "start included) is shown beside wave's. "
                        + (stamper.isPresent()
                                ? "Each task is `stampsleep SECONDS:ID` (bench/stampsleep.c, built with cc): it sleeps like `sleep` "
                                        + "and notes when its main() began and when its sleep ended, so every tool is also measured "
                                        + "by the tasks' own clocks: the makespan from the first task's start to the last task's end, "
                                        + "and the hand-off, from a task's end to the start of the ready task that takes the agent it "
                                        + "freed (noticing the exit, the tool's own work, starting the next process and its exec; "
                                        + "median and 99th percentile of all hand-offs of the " + repetitions + " runs). The targets "
                                        + "compare makespans by the tasks' clocks."
                                : "No C compiler here: the tasks run `sleep`, and the tasks' own clocks are not measured."));
        report.header("tool", "makespan", "ratio to lower bound", "by the tasks' clocks", "ratio", "hand-off median",
                "hand-off p99", "wall with start-up");
        dev.wave.schedule.Simulation simulated = dev.wave.schedule.Simulator.simulate(taskGraph, dev.wave.schedule.Mode.FLOW,
                agents);
        long strong = Bounds.strong(taskGraph, agents);
        report.row("wave flow, longest path first simulated (zero overhead)", Report.millis(simulated.makespanMillis()),
                Report.ratio(simulated.ratioToLowerBound()), "", "", "", "", "strong bound " + strong + " ms");
        dev.wave.schedule.ScheduleChoice chosen = dev.wave.schedule.OrderSearch.choose(taskGraph, dev.wave.schedule.Mode.FLOW,
                agents, dev.wave.schedule.Waves.of(taskGraph));
        report.row("wave flow, chosen order simulated (" + chosen.rule() + ")", Report.millis(chosen.simulation().makespanMillis()),
                Report.ratio(chosen.simulation().ratioToLowerBound()), "", "", "", "", "");
        Path repo = directory.resolve("repo");
        Runnable clean = () -> Processes.emptyRepository(repo);
        Runs flow = new Runs();
        Runs waves = new Runs();
        Runs boxed = new Runs();
        for (int r = 0; r < repetitions; r++) {
            for (String mode : List.of("flow", "waves", "flow-bwrap")) {
                clean.run();
                boolean sandboxed = mode.equals("flow-bwrap");
                // Under bubblewrap the stamps' file is outside what the task may write: no stamps there; and /tmp is
                // private, so the stamper goes inside the repository's .git, which the sandbox shows.
                Map<String, String> environment = sandboxed ? path(stamper.map(program -> insideGit(program, repo)))
                        : stamps(stamper, directory, "wave-" + mode);
                long wall = Processes.time(directory, Processes.wave(root, "run", "--plan", "plan.json", "--agents",
                        Integer.toString(agents), "--mode", mode.startsWith("flow") ? "flow" : "waves", "--sandbox",
                        sandboxed ? "auto" : "off", "--yes", "--progress", "quiet", "--repo", repo.toString()), environment);
                Runs runs = mode.equals("flow") ? flow : mode.equals("waves") ? waves : boxed;
                runs.add(wall, wallSeconds(repo) * 1000, environment, graph, agents);
            }
        }
        flow.row(report, "wave flow --sandbox off", bound, true);
        waves.row(report, "wave waves --sandbox off", bound, true);
        boxed.row(report, "wave flow, sandbox auto (bubblewrap here)", bound, true);
        List<Runs> peers = new ArrayList<>();
        List<List<String>> commands = new ArrayList<>(List.of(List.of("make", "-s", "-j" + agents, "all")));
        if (Processes.available("ninja")) {
            commands.add(List.of("ninja", "-j" + agents, "-f", "build.ninja", "all"));
        }
        commands.add(List.of("sh", "xargs.sh"));
        List<String> names = List.of("make -j" + agents, "ninja -j" + agents, "xargs -P" + agents + " (level by level)");
        for (List<String> command : commands) {
            Runs runs = new Runs();
            for (int r = 0; r < repetitions; r++) {
                Map<String, String> environment = stamps(stamper, directory, command.get(0));
                long wall = Processes.time(directory, command, environment);
                runs.add(wall, wall / 1e6, environment, graph, agents);
            }
            String name = command.get(0).equals("make") ? names.get(0) : command.get(0).equals("ninja") ? names.get(1) : names.get(2);
            runs.row(report, name, bound, false);
            peers.add(runs);
        }
        Runs dexecutor = new Runs();
        for (int r = 0; r < repetitions; r++) {
            Map<String, String> environment = stamps(stamper, directory, "dexecutor");
            long wall = dexecutor(graph, agents, stamper, environment);
            dexecutor.add(wall, wall / 1e6, environment, graph, agents);
        }
        dexecutor.row(report, "Dexecutor (in-process, runs the same commands)", bound, false);
        peers.add(dexecutor);
        floor(report, graph, agents, bound, chosen);
        boolean clocks = stamper.isPresent() && flow.tasks < Double.MAX_VALUE
                && peers.stream().allMatch(runs -> runs.tasks < Double.MAX_VALUE);
        double waveMakespan = clocks ? flow.tasks : flow.run;
        double best = peers.stream().mapToDouble(runs -> clocks ? runs.tasks : runs.run).min().orElse(Double.MAX_VALUE);
        String measure = clocks ? " (tasks' clocks)" : "";
        report.target("timed: wave flow --sandbox off makespan <= 1.03x lower bound" + measure, waveMakespan / bound <= 1.03,
                Report.ratio(waveMakespan / bound));
        report.target("timed: wave flow --sandbox off ahead of every peer" + measure, waveMakespan < best,
                Report.millis(waveMakespan) + " vs best peer " + Report.millis(best));
    }

    /**
     * What overhead per task does to the chosen order: the same order simulated with each task longer by
     * a fixed cost, the cost of a process start and exit. Any executor that starts a process per task pays it.
     */
    private static void floor(Report report, Graph graph, int agents, long bound,
            dev.wave.schedule.ScheduleChoice chosen) {
        StringBuilder line = new StringBuilder("The chosen order simulated with a fixed cost added to every task (a process's "
                + "start, exit and hand-off, which every tool here pays per task): ");
        double[] costs = {0.5, 1, 2, 3, 4};
        for (int c = 0; c < costs.length; c++) {
            long[] longer = new long[graph.size()];
            for (int task = 0; task < graph.size(); task++) {
                // Simulated in tenths of a millisecond: the simulator counts whole units.
                longer[task] = graph.millis()[task] * 10 + Math.round(costs[c] * 10);
            }
            TaskGraph slower = new Graph(graph.name(), longer, graph.dependencies()).plan().graph();
            double makespan = dev.wave.schedule.Simulator.simulate(slower, dev.wave.schedule.Mode.FLOW, agents,
                    dev.wave.schedule.Waves.of(slower), chosen.order()).makespanMillis() / 10.0;
            line.append(c == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%s ms a task: %s (%s)", costs[c] % 1 == 0
                    ? Long.toString((long) costs[c]) : Double.toString(costs[c]), Report.millis(makespan),
                    Report.ratio(makespan / bound)));
        }
        report.line(line.append(". So 1.03x of the bound allows under 1 ms a task for everything between one task's end "
                + "and the next one's start (the work bound, 50 tasks / " + agents + " agents, is the binding one).").toString());
        report.line("");
    }

    /** Best-of and pooled figures of one tool's runs. */
    private static final class Runs {
        long wall = Long.MAX_VALUE;
        double run = Double.MAX_VALUE;
        double tasks = Double.MAX_VALUE;
        final List<Double> handoffs = new ArrayList<>();

        void add(long wallNanos, double runMillis, Map<String, String> environment, Graph graph, int agents) throws IOException {
            wall = Math.min(wall, wallNanos);
            run = Math.min(run, runMillis);
            String file = environment.get("STAMPS");
            if (file != null) {
                Optional<Stamps> stamps = Stamps.read(Path.of(file), graph.size());
                if (stamps.isPresent()) {
                    tasks = Math.min(tasks, stamps.get().makespanMillis());
                    handoffs.addAll(stamps.get().handoffs(graph.dependencies(), agents));
                }
            }
        }

        void row(Report report, String tool, long bound, boolean wave) {
            boolean stamped = tasks < Double.MAX_VALUE;
            report.row(tool, Report.millis(run), Report.ratio(run / bound), stamped ? Report.millis(tasks) : "",
                    stamped ? Report.ratio(tasks / bound) : "",
                    stamped ? Report.millis(LatencyBench.percentile(handoffs, 0.5)) : "",
                    stamped ? Report.millis(LatencyBench.percentile(handoffs, 0.99)) : "",
                    wave ? Report.millis(wall / 1e6) : "");
        }
    }

    /** Builds bench/stampsleep.c into the bench's work directory with cc; empty when there is no cc or it fails. */
    private static Optional<Path> stamper(Path root, Path work) {
        Path source = root.resolve("bench/stampsleep.c");
        Path program = work.resolve("bin/stampsleep");
        if (!Files.exists(source) || !Processes.available("cc")) {
            return Optional.empty();
        }
        try {
            Files.createDirectories(program.getParent());
            Processes.time(root, List.of("cc", "-O2", "-o", program.toString(), source.toString()));
            return Optional.of(program);
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** The environment of a stamped run: the stamper on PATH, and a fresh stamps file. */
    private static Map<String, String> stamps(Optional<Path> stamper, Path directory, String tool) throws IOException {
        if (stamper.isEmpty()) {
            return Map.of();
        }
        Path file = directory.resolve("stamps-" + tool + ".txt");
        Files.deleteIfExists(file);
        Map<String, String> environment = new java.util.HashMap<>(path(stamper));
        environment.put("STAMPS", file.toString());
        return environment;
    }

    /** A copy of {@code program} in {@code repo}'s .git, which a sandboxed task sees wherever the repository is. */
    private static Path insideGit(Path program, Path repo) {
        try {
            Path copy = Files.createDirectories(repo.resolve(".git/bench-bin")).resolve(program.getFileName());
            Files.copy(program, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
            return copy;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot copy " + program + " into " + repo, e);
        }
    }

    private static Map<String, String> path(Optional<Path> stamper) {
        return stamper.map(program -> Map.of("PATH", program.getParent() + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin")))
                .orElse(Map.of());
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

    private static long dexecutor(Graph graph, int agents, Optional<Path> stamper, Map<String, String> environment)
            throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(agents);
        try {
            DexecutorConfig<Integer, Integer> config = new DexecutorConfig<>(pool, id -> new SleepTask(
                    stamper.isPresent()
                            ? List.of(stamper.get().toString(), seconds(graph.millis()[id]) + ":" + Graph.id(id))
                            : List.of("sleep", seconds(graph.millis()[id])), environment));
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
        private final List<String> command;
        private final Map<String, String> environment;

        SleepTask(List<String> command, Map<String, String> environment) {
            this.command = List.copyOf(command);
            this.environment = Map.copyOf(environment);
        }

        @Override
        public Integer execute() {
            try {
                ProcessBuilder builder = new ProcessBuilder(command);
                builder.environment().putAll(environment);
                return builder.start().waitFor();
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
