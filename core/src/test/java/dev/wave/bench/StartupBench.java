package dev.wave.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Start-up: {@code wave --version} and {@code wave plan} of a 100-task plan, wall time and peak memory, per JDK. */
final class StartupBench {
    private StartupBench() {}

    static void run(Report report, Path root, Path work, List<Path> javaHomes, int repetitions) throws Exception {
        Graph graph = Family.LAYERED.generate(100, 5);
        Path plan = work.resolve("plan100.yaml");
        Files.createDirectories(work);
        graph.writePlan(plan, task -> "true"); // JSON is YAML: read by the YAML parser, as .yaml files are
        report.section("Start-up",
                "Wall time (best of " + repetitions + ") and peak resident memory. `./wave` is the launcher at the repository root "
                        + "(class-data-sharing archive made on first use, C1 only, serial GC); `java -jar` is the bare jar for comparison.");
        report.header("JDK", "command", "launcher wall", "launcher peak RSS", "java -jar wall");
        for (Path javaHome : javaHomes) {
            String jdk = javaHome.getFileName().toString();
            Map<String, String> env = Map.of("JAVA_HOME", javaHome.toString());
            // The first run makes the archive; it is not timed.
            measure(env, launcher(root, "--version"), 1);
            for (List<String> args : List.of(List.of("--version"), List.of("plan", "--plan", plan.toString()))) {
                long[] launcher = measure(env, launcher(root, args.toArray(String[]::new)), repetitions);
                List<String> bare = new ArrayList<>(List.of(javaHome.resolve("bin/java").toString(), "-jar",
                        root.resolve("core/target/wave.jar").toString()));
                bare.addAll(args);
                long[] plain = measure(env, bare, repetitions);
                String name = args.get(0).equals("plan") ? "wave plan (100 tasks)" : "wave --version";
                report.row(jdk, name, Report.millis(launcher[0] / 1e6), launcher[1] / 1024 + " MB", Report.millis(plain[0] / 1e6));
                double limit = args.get(0).equals("plan") ? 600 : 300;
                report.target("start-up: " + name + " < " + (int) limit + " ms on " + jdk, launcher[0] / 1e6 < limit,
                        Report.millis(launcher[0] / 1e6));
            }
        }
    }

    private static List<String> launcher(Path root, String... args) {
        List<String> command = new ArrayList<>(List.of(root.resolve("wave").toString()));
        command.addAll(List.of(args));
        return command;
    }

    /** Best wall time (ns) and the peak RSS (KB) of that run. */
    private static long[] measure(Map<String, String> env, List<String> command, int repetitions)
            throws IOException, InterruptedException {
        long best = Long.MAX_VALUE;
        long rss = 0;
        Path times = Files.createTempFile("bench", ".time");
        try {
            for (int r = 0; r < repetitions; r++) {
                boolean gnuTime = Files.isExecutable(Path.of("/usr/bin/time"));
                List<String> timed = new ArrayList<>(gnuTime
                        ? List.of("/usr/bin/time", "-o", times.toString(), "-f", "%M") : List.of());
                timed.addAll(command);
                ProcessBuilder builder = new ProcessBuilder(timed).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD);
                builder.environment().putAll(env);
                long start = System.nanoTime();
                int exit = builder.start().waitFor();
                long wall = System.nanoTime() - start;
                if (exit != 0) {
                    throw new IOException(String.join(" ", command) + " exited " + exit);
                }
                if (wall < best) {
                    best = wall;
                    String peak = gnuTime ? Files.readString(times, StandardCharsets.UTF_8).strip() : "";
                    rss = peak.matches("\\d+") ? Long.parseLong(peak) : 0;
                }
            }
        } finally {
            Files.deleteIfExists(times);
        }
        return new long[] {best, rss};
    }
}
