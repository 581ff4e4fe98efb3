package dev.wave.bench;

import dev.wave.plan.TaskGraph;
import dev.wave.schedule.Mode;
import dev.wave.schedule.OrderSearch;
import dev.wave.schedule.ScheduleChoice;
import dev.wave.schedule.Waves;
import dev.wave.testing.OptimalSchedule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The best of several schedules ({@link OrderSearch}) on the virtual clock: against the optimum
 * where branch-and-bound proves one within its node limit, else against the best lower bound;
 * which rules win; and how long the search takes as plans grow.
 */
final class SearchBench {
    static final Family[] FAMILIES = {Family.RANDOM_ORDER, Family.LAYERED, Family.FORK_JOIN};
    static final int[] SIZES = {50, 100};
    static final int[] AGENTS = {2, 4, 8, 16};
    static final int SEEDS = 5;
    static final long NODE_LIMIT = 200_000;

    private SearchBench() {}

    static void run(Report report) {
        report.section("Best of several schedules (simulated)",
                "wave's OrderSearch (a portfolio of list-scheduling rules, then forward-backward improvement and random-key "
                        + "perturbation, seed " + OrderSearch.DEFAULT_SEED + ", default budget) against plain longest-path-first (LPF), on "
                        + "random, layered and fork-join graphs of " + SIZES[0] + " and " + SIZES[1] + " tasks, " + SEEDS
                        + " seeds each, durations 1-100 s. Reference: the optimum where branch-and-bound (test code, " + NODE_LIMIT
                        + " nodes per graph, started from wave's schedule) proves it, else the strong lower bound of Bounds "
                        + "(the result is then an upper estimate of the distance to the optimum); 'proved optimal' counts the former.");
        report.header("family", "N", "LPF avg", "LPF max", "search avg", "search max", "proved optimal", "won by a rule other than LPF");
        Stats all = new Stats();
        Stats proved = new Stats();
        int worse = 0;
        Map<String, Integer> winners = new LinkedHashMap<>();
        for (Family family : FAMILIES) {
            for (int agents : AGENTS) {
                Stats lpfCell = new Stats();
                Stats searchCell = new Stats();
                int cellProved = 0;
                int improved = 0;
                for (int size : SIZES) {
                    for (int seed = 1; seed <= SEEDS; seed++) {
                        TaskGraph graph = family.generate(size, seed).plan().graph();
                        ScheduleChoice choice = OrderSearch.choose(graph, Mode.FLOW, agents, Waves.of(graph));
                        long bound = Bounds.strong(graph, agents);
                        OptimalSchedule.Result exact = OptimalSchedule.solve(graph, agents,
                                choice.simulation().makespanMillis(), bound, NODE_LIMIT);
                        long reference = exact.optimal() ? exact.makespan() : bound;
                        double lpf = (double) choice.baseline().makespanMillis() / reference;
                        double search = (double) choice.simulation().makespanMillis() / reference;
                        lpfCell.add(lpf);
                        searchCell.add(search);
                        all.add(search);
                        if (exact.optimal()) {
                            cellProved++;
                            proved.add(search);
                        }
                        if (choice.improved()) {
                            improved++;
                            winners.merge(baseRule(choice.rule()), 1, Integer::sum);
                        }
                        worse += choice.simulation().makespanMillis() > choice.baseline().makespanMillis() ? 1 : 0;
                    }
                }
                int cell = searchCell.count;
                report.row(family.label(), agents, Report.ratio(lpfCell.average()), Report.ratio(lpfCell.max),
                        Report.ratio(searchCell.average()), Report.ratio(searchCell.max), cellProved + " of " + cell,
                        improved + " of " + cell);
            }
        }
        report.line("");
        report.line(String.format(Locale.ROOT, "Search over all %d graphs: average %s, worst %s of the reference; on the %d "
                        + "proved optimal: average %s, worst %s. Rules that beat LPF: %s.", all.count, Report.ratio(all.average()),
                Report.ratio(all.max), proved.count, Report.ratio(proved.average()), Report.ratio(proved.max),
                winners.isEmpty() ? "none" : winners.toString()));
        report.target("search: mean <= 1.002x optimum (reference: optimum or lower bound)", all.average() <= 1.002,
                Report.ratio(all.average()) + " over " + all.count + " graphs, " + proved.count + " proved optimal");
        report.target("search: worst <= 1.02x optimum (reference: optimum or lower bound)", all.max <= 1.02, Report.ratio(all.max));
        report.target("search: never worse than longest path first", worse == 0, worse + " of " + all.count);
        timing(report);
    }

    /** The portfolio rule a winner started from: "X, forward-backward improved ..., then 3 ..." -> "X, improved". */
    private static String baseRule(String rule) {
        int cut = rule.length();
        for (String mark : new String[] {", forward-backward", ", then "}) {
            int at = rule.indexOf(mark);
            if (at >= 0) {
                cut = Math.min(cut, at);
            }
        }
        return cut == rule.length() ? rule : rule.substring(0, cut) + " (improved)";
    }

    private static void timing(Report report) {
        report.line("");
        report.line("Planning time of the search (warm JVM, best of 3, fork-join graphs, where LPF rarely reaches the bound, 4 agents), against one simulation of LPF:");
        report.line("");
        report.header("tasks", "candidates", "search", "one LPF simulation", "extra", "target");
        for (int size : new int[] {1_000, 10_000, 100_000}) {
            TaskGraph graph = Family.FORK_JOIN.generate(size, 1).plan().graph();
            Waves waves = Waves.of(graph);
            long search = Long.MAX_VALUE;
            long plain = Long.MAX_VALUE;
            ScheduleChoice choice = null;
            for (int r = 0; r < 3; r++) {
                long start = System.nanoTime();
                dev.wave.schedule.Simulator.simulate(graph, Mode.FLOW, 4, waves);
                long middle = System.nanoTime();
                choice = OrderSearch.choose(graph, Mode.FLOW, 4, waves);
                long end = System.nanoTime();
                plain = Math.min(plain, middle - start);
                search = Math.min(search, end - middle);
            }
            double extra = (search - plain) / 1e6;
            double limit = size <= 1_000 ? 50 : 1_000;
            report.row(size, choice.candidates(), Report.millis(search / 1e6), Report.millis(plain / 1e6),
                    Report.millis(extra), "<= " + Report.millis(limit));
            if (size == 1_000 || size == 100_000) {
                report.target("search: extra planning time at " + size + " tasks <= " + Report.millis(limit), extra <= limit,
                        Report.millis(extra));
            }
        }
    }

    public static void main(String[] args) {
        Report report = new Report(System.out);
        run(report);
        report.summary();
    }
}
