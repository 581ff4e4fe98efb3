package dev.wave.bench;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes plan files for the bench and for anyone who wants big graphs:
 * <pre>
 * generate --family layered|fork-join|chain-heavy|random-order --tasks N [--seed S] [--command CMD] --out FILE
 * convert TRACE.json [--scale F] [--command CMD] --out FILE
 * </pre>
 * Generated durations are whole seconds from 1 to 100, seeded; converted ones are the trace's
 * measured runtimes times the scale. Each task runs CMD (default {@code true}). Files are JSON,
 * which wave reads as a plan (and which is also valid YAML).
 */
final class PlanTool {
    private PlanTool() {}

    static void main(String verb, String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        String input = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--") && i + 1 < args.length) {
                options.put(args[i].substring(2), args[++i]);
            } else {
                input = args[i];
            }
        }
        if (!options.containsKey("out")) {
            throw new IllegalArgumentException("--out FILE is required");
        }
        String command = options.getOrDefault("command", "true");
        Graph graph;
        if (verb.equals("generate")) {
            Family family = Family.parse(options.getOrDefault("family", "layered"));
            graph = family.generate(Integer.parseInt(options.getOrDefault("tasks", "1000")),
                    Long.parseLong(options.getOrDefault("seed", "1")));
        } else {
            if (input == null) {
                throw new IllegalArgumentException("convert needs a WfCommons trace file");
            }
            graph = WfCommons.read(Path.of(input), Double.parseDouble(options.getOrDefault("scale", "1")));
        }
        graph.writePlan(Path.of(options.get("out")), task -> command);
        System.out.printf("%s: %d tasks, %d edges -> %s%n", graph.name(), graph.size(), graph.edges(), options.get("out"));
    }
}
