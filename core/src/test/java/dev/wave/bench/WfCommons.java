package dev.wave.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a real workflow trace in WfCommons' WfFormat (schema 1.5: {@code workflow.specification.tasks[]}
 * with id and parents, {@code workflow.execution.tasks[]} with id and runtimeInSeconds; also the
 * older 1.4 layout, where each of {@code workflow.tasks[]} holds its own runtime) as a bench graph.
 * Tasks keep the trace's order; durations are the measured runtimes times {@code scale}.
 */
final class WfCommons {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private WfCommons() {}

    static Graph read(Path file, double scale) throws IOException {
        JsonNode root = MAPPER.readTree(file.toFile());
        JsonNode workflow = root.path("workflow");
        JsonNode specification = workflow.path("specification").path("tasks");
        JsonNode tasks = specification.isArray() ? specification : workflow.path("tasks");
        if (!tasks.isArray() || tasks.isEmpty()) {
            throw new IOException(file + ": no workflow.specification.tasks or workflow.tasks; is this a WfFormat trace?");
        }
        Map<String, Double> runtimes = new HashMap<>();
        for (JsonNode task : workflow.path("execution").path("tasks")) {
            runtimes.put(task.path("id").asText(), task.path("runtimeInSeconds").asDouble());
        }
        Map<String, Integer> index = new HashMap<>();
        List<JsonNode> nodes = new ArrayList<>();
        for (JsonNode task : tasks) {
            String id = task.hasNonNull("id") ? task.get("id").asText() : task.path("name").asText();
            if (index.putIfAbsent(id, nodes.size()) != null) {
                throw new IOException(file + ": task " + id + " appears twice");
            }
            nodes.add(task);
        }
        int n = nodes.size();
        long[] millis = new long[n];
        int[][] dependencies = new int[n][];
        for (int i = 0; i < n; i++) {
            JsonNode task = nodes.get(i);
            String id = task.hasNonNull("id") ? task.get("id").asText() : task.path("name").asText();
            double seconds = runtimes.containsKey(id) ? runtimes.get(id)
                    : task.has("runtimeInSeconds") ? task.get("runtimeInSeconds").asDouble()
                    : task.path("runtime").asDouble();
            millis[i] = Math.max(0, Math.round(seconds * 1000 * scale));
            Set<Integer> parents = new LinkedHashSet<>();
            for (JsonNode parent : task.path("parents")) {
                Integer p = index.get(parent.asText());
                if (p == null) {
                    throw new IOException(file + ": task " + id + " has unknown parent " + parent.asText());
                }
                parents.add(p);
            }
            dependencies[i] = parents.stream().mapToInt(Integer::intValue).toArray();
        }
        String name = file.getFileName().toString().replaceFirst("\\.json$", "");
        return new Graph(name, millis, dependencies);
    }
}
