package dev.wave.bench;

import dev.wave.plan.TaskGraph;
import dev.wave.schedule.Mode;
import dev.wave.schedule.Simulation;
import dev.wave.schedule.Simulator;
import dev.wave.schedule.Waves;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Schedule quality on the virtual clock: wave flow and waves against the lower bound, with FIFO as a reference. */
final class ScheduleBench {
    static final int[] AGENTS = {2, 4, 8, 16};
    static final int[] SIZES = {100, 1000};
    static final int SEEDS = 5;

    private ScheduleBench() {}

    static void run(Report report, Path workflows) throws IOException {
        report.section("Schedule quality (simulated)",
                "Makespan / lower bound, lower bound = max(critical path, total work / N). Generated graphs: "
                        + SIZES.length + " sizes (" + SIZES[0] + ", " + SIZES[1] + " tasks) x " + SEEDS
                        + " seeds per family, durations 1-100 s. FIFO is a reference list scheduler (first ready, first run), not wave.");
        report.header("family", "N", "flow avg", "flow max", "waves avg", "waves max", "fifo avg", "flow > waves",
                "flow avg, strong LB", "flow max, strong LB", "chosen order avg, strong LB", "chosen order max, strong LB");
        double sum = 0;
        double worst = 0;
        int count = 0;
        int flowWorse = 0;
        double strongSum = 0;
        double strongWorst = 0;
        double chosenSum = 0;
        double chosenWorst = 0;
        double[] sumByAgents = new double[AGENTS.length];
        for (Family family : Family.values()) {
            for (int a = 0; a < AGENTS.length; a++) {
                int agents = AGENTS[a];
                Stats flow = new Stats();
                Stats waves = new Stats();
                Stats fifo = new Stats();
                Stats strong = new Stats();
                Stats chosen = new Stats();
                int worse = 0;
                for (int size : SIZES) {
                    for (int seed = 1; seed <= SEEDS; seed++) {
                        TaskGraph graph = family.generate(size, seed).plan().graph();
                        Result result = simulate(graph, agents);
                        flow.add(result.flow());
                        waves.add(result.waves());
                        fifo.add(result.fifo());
                        strong.add(result.flowStrong());
                        chosen.add(result.chosenStrong());
                        worse += result.flow() > result.waves() + 1e-12 ? 1 : 0;
                    }
                }
                report.row(family.label(), agents, Report.ratio(flow.average()), Report.ratio(flow.max),
                        Report.ratio(waves.average()), Report.ratio(waves.max), Report.ratio(fifo.average()),
                        worse + " of " + flow.count, Report.ratio(strong.average()), Report.ratio(strong.max),
                        Report.ratio(chosen.average()), Report.ratio(chosen.max));
                chosenSum += chosen.sum;
                chosenWorst = Math.max(chosenWorst, chosen.max);
                strongSum += strong.sum;
                strongWorst = Math.max(strongWorst, strong.max);
                sum += flow.sum;
                count += flow.count;
                sumByAgents[a] += flow.average() / Family.values().length;
                worst = Math.max(worst, flow.max);
                flowWorse += worse;
            }
        }
        double average = sum / count;
        StringBuilder byAgents = new StringBuilder();
        for (int a = 0; a < AGENTS.length; a++) {
            byAgents.append(a == 0 ? "" : ", ").append("N=").append(AGENTS[a]).append(' ')
                    .append(Report.ratio(sumByAgents[a]));
        }
        report.line("");
        report.line("Flow over all generated graphs: average " + Report.ratio(average) + " (" + byAgents + "), worst "
                + Report.ratio(worst) + ". Against the strong lower bound (see Bounds): average "
                + Report.ratio(strongSum / count) + ", worst " + Report.ratio(strongWorst) + ". The chosen order (OrderSearch, what "
                + "the analysis and wave simulate show) against the strong bound: average " + Report.ratio(chosenSum / count)
                + ", worst " + Report.ratio(chosenWorst) + ".");
        report.target("schedule: flow average <= 1.01x lower bound (generated families, N=2..16)", average <= 1.01,
                Report.ratio(average));
        report.target("schedule: flow never above 1.10x lower bound", worst <= 1.10, "worst " + Report.ratio(worst));
        report.target("schedule: flow never worse than waves", flowWorse == 0,
                flowWorse + " of " + count + " graphs where flow > waves");
        traces(report, workflows);
    }

    private static void traces(Report report, Path workflows) throws IOException {
        if (!Files.isDirectory(workflows)) {
            report.line("");
            report.line("No workflow traces at " + workflows + "; skipped the real-workflow table.");
            return;
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(workflows)) {
            files = list.filter(file -> file.toString().endsWith(".json")).sorted().toList();
        }
        report.line("");
        report.line("Real workflows (WfCommons traces, measured runtimes): flow / waves ratio to the lower bound (flow to the strong bound).");
        report.line("");
        List<String> columns = new ArrayList<>(List.of("workflow", "tasks"));
        for (int agents : AGENTS) {
            columns.add("N=" + agents);
        }
        report.header(columns.toArray(String[]::new));
        double worst = 0;
        int flowWorse = 0;
        for (Path file : files) {
            Graph graph = WfCommons.read(file, 1.0);
            TaskGraph taskGraph = graph.plan().graph();
            List<Object> cells = new ArrayList<>(List.of(graph.name(), graph.size()));
            for (int agents : AGENTS) {
                Result result = simulate(taskGraph, agents);
                cells.add(String.format(java.util.Locale.ROOT, "%.3f / %.3f (%.3f)", result.flow(), result.waves(),
                        result.flowStrong()));
                worst = Math.max(worst, result.flow());
                flowWorse += result.flow() > result.waves() + 1e-12 ? 1 : 0;
            }
            report.row(cells.toArray());
        }
        report.line("");
        report.line("Real workflows: worst flow ratio " + Report.ratio(worst) + "; flow worse than waves in " + flowWorse
                + " of " + files.size() * AGENTS.length + " cases.");
    }

    record Result(double flow, double waves, double fifo, double flowStrong, double chosenStrong) {}

    static Result simulate(TaskGraph graph, int agents) {
        Waves waves = Waves.of(graph);
        Simulation flow = Simulator.simulate(graph, Mode.FLOW, agents, waves);
        Simulation strict = Simulator.simulate(graph, Mode.WAVES, agents, waves);
        double fifo = flow.lowerBoundMillis() == 0 ? 1.0 : (double) Fifo.makespan(graph, agents) / flow.lowerBoundMillis();
        long bound = Math.max(1, Bounds.strong(graph, agents));
        double strong = (double) flow.makespanMillis() / bound;
        double chosen = (double) dev.wave.schedule.OrderSearch.choose(graph, Mode.FLOW, agents, waves).simulation().makespanMillis() / bound;
        return new Result(flow.ratioToLowerBound(), strict.ratioToLowerBound(), fifo, strong, chosen);
    }
}
