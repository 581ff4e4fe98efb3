package dev.wave.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The JMH micro level: nanoseconds per task for each engine piece (see micro.EngineBenchmark). */
final class MicroBench {
    private MicroBench() {}

    static void run(Report report, Path work) throws Exception {
        Path results = work.resolve("jmh.json");
        Processes.time(Path.of("."), List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "org.openjdk.jmh.Main", "dev.wave.bench.micro.EngineBenchmark",
                "-rf", "json", "-rff", results.toString()));
        report.section("Micro (JMH)", "JMH 1.37, 1 fork, 3 x 1 s warm-up, 5 x 1 s measurement, 100k-task random DAG, "
                + "2 agents. Score: time per task.");
        report.header("benchmark", "per task", "error (99.9%)");
        for (JsonNode result : new ObjectMapper().readTree(results.toFile())) {
            String name = result.path("benchmark").asText().replaceFirst(".*\\.", "");
            JsonNode metric = result.path("primaryMetric");
            report.row(name, String.format(Locale.ROOT, "%.1f ns", metric.path("score").asDouble()),
                    String.format(Locale.ROOT, "+/- %.1f ns", metric.path("scoreError").asDouble()));
        }
    }
}
