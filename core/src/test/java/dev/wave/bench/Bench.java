package dev.wave.bench;

import java.nio.file.Path;
import java.util.List;

/**
 * The bench: runs the same graphs through wave and its peers and prints ratios. Run by
 * {@code bench/run.sh}; {@code Bench [section...] [--full]} with sections schedule, search, inprocess, shell,
 * timed, latency, startup, micro, actions, worktrees (default: all); {@code Bench generate|convert ...} writes plan files (see PlanTool).
 */
public final class Bench {
    private Bench() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && (args[0].equals("generate") || args[0].equals("convert"))) {
            PlanTool.main(args[0], java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        boolean full = List.of(args).contains("--full");
        List<String> sections = java.util.Arrays.stream(args).filter(arg -> !arg.startsWith("--")).toList();
        if (sections.isEmpty()) {
            sections = List.of("all");
        }
        Report report = new Report(System.out);
        Path root = Path.of(System.getProperty("bench.root", ".")).toAbsolutePath().normalize();
        Path work = Path.of(System.getProperty("bench.work", "target/bench")).toAbsolutePath().normalize();
        java.nio.file.Files.createDirectories(work);
        Path workflows = Path.of(System.getProperty("bench.workflows", "../shared/bench-data/workflows"));
        report.line("# wave bench");
        if (wants(sections, "schedule")) {
            ScheduleBench.run(report, workflows);
        }
        if (wants(sections, "search")) {
            SearchBench.run(report);
        }
        if (wants(sections, "inprocess")) {
            InProcessBench.run(report, new int[] {10_000, 100_000, 1_000_000}, full ? 100_000 : 10_000, 3);
        }
        if (wants(sections, "shell")) {
            ProcessBench.shell(report, root, work, 10_000, 3, full);
        }
        if (wants(sections, "timed")) {
            ProcessBench.timed(report, root, work, 3);
        }
        if (wants(sections, "latency")) {
            LatencyBench.run(report, work, 3);
        }
        if (wants(sections, "startup")) {
            List<Path> homes = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"))));
            String other = System.getProperty("bench.jdks", "");
            for (String home : other.split(",")) {
                if (!home.isBlank() && java.nio.file.Files.isExecutable(Path.of(home, "bin", "java"))) {
                    homes.add(Path.of(home));
                }
            }
            StartupBench.run(report, root, work, homes, 7);
        }
        if (wants(sections, "micro")) {
            MicroBench.run(report, work);
        }
        if (wants(sections, "actions")) {
            ActionsBench.run(report, root, work, 5);
        }
        if (wants(sections, "worktrees")) {
            WorktreeBench.run(report, work, 3);
        }
        report.summary();
    }

    private static boolean wants(List<String> sections, String section) {
        return sections.contains("all") || sections.contains(section);
    }
}
