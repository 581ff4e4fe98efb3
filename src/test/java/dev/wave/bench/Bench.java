package dev.wave.bench;

import java.nio.file.Path;
import java.util.List;

/**
 * The bench: runs the same graphs through wave and its peers and prints ratios. Run by
 * {@code bench/run.sh}; {@code Bench [section...]} with sections schedule, inprocess, shell,
 * timed, startup, micro (default: all).
 */
public final class Bench {
    private Bench() {}

    public static void main(String[] args) throws Exception {
        List<String> sections = args.length == 0 ? List.of("all") : List.of(args);
        Report report = new Report(System.out);
        Path workflows = Path.of(System.getProperty("bench.workflows", "../shared/bench-data/workflows"));
        report.line("# wave bench");
        if (wants(sections, "schedule")) {
            ScheduleBench.run(report, workflows);
        }
        report.summary();
    }

    private static boolean wants(List<String> sections, String section) {
        return sections.contains("all") || sections.contains(section);
    }
}
