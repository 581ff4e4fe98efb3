package dev.wave.bench;

import static java.util.Objects.requireNonNull;

import dev.wave.plan.Plan;
import dev.wave.plan.Task;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * A benchmark task graph: tasks {@code 0..n-1} in plan order, each with an estimate and the plan
 * indices it depends on. Writes itself as a wave plan file, a Makefile or a ninja file, so every
 * tool in the bench runs exactly the same graph.
 *
 * @param name a label for tables
 * @param millis each task's duration in milliseconds
 * @param dependencies for each task, the tasks it depends on (plan indices, no duplicates)
 */
record Graph(String name, long[] millis, int[][] dependencies) {
    Graph {
        requireNonNull(name, "name is null");
        if (millis.length != dependencies.length) {
            throw new IllegalArgumentException("millis and dependencies differ in length");
        }
    }

    int size() {
        return millis.length;
    }

    static String id(int task) {
        return "t" + task;
    }

    int edges() {
        int edges = 0;
        for (int[] dependency : dependencies) {
            edges += dependency.length;
        }
        return edges;
    }

    /** The wave tasks of this graph, each running {@code command.apply(task)}. */
    List<Task> tasks(IntFunction<String> command) {
        List<Task> tasks = new ArrayList<>(size());
        for (int task = 0; task < size(); task++) {
            List<String> dependsOn = new ArrayList<>(dependencies[task].length);
            for (int dependency : dependencies[task]) {
                dependsOn.add(id(dependency));
            }
            tasks.add(Task.shell(id(task), command.apply(task), dependsOn).withEstimate(Duration.ofMillis(millis[task])));
        }
        return tasks;
    }

    Plan plan() {
        return Plan.of(name, tasks(task -> "true"));
    }

    /** Writes a JSON plan file that runs {@code command.apply(task)} for each task. */
    void writePlan(Path file, IntFunction<String> command) throws IOException {
        try (Writer out = writer(file)) {
            out.write("{\"name\": \"" + name + "\",\n\"tasks\": [\n");
            for (int task = 0; task < size(); task++) {
                out.write(task == 0 ? "" : ",\n");
                out.write("{\"id\":\"" + id(task) + "\",\"run\":\"" + command.apply(task) + "\",\"estimate\":\""
                        + millis[task] + "ms\"");
                if (dependencies[task].length > 0) {
                    out.write(",\"depends_on\":[");
                    for (int k = 0; k < dependencies[task].length; k++) {
                        out.write((k == 0 ? "\"" : ",\"") + id(dependencies[task][k]) + "\"");
                    }
                    out.write("]");
                }
                out.write("}");
            }
            out.write("\n]}\n");
        }
    }

    /** Writes a Makefile whose phony target {@code all} builds every task, each running its command. */
    void writeMakefile(Path file, IntFunction<String> command) throws IOException {
        try (Writer out = writer(file)) {
            out.write("all:");
            for (int task = 0; task < size(); task++) {
                out.write(" " + id(task));
            }
            out.write("\n");
            for (int task = 0; task < size(); task++) {
                StringBuilder line = new StringBuilder(id(task)).append(':');
                for (int dependency : dependencies[task]) {
                    line.append(' ').append(id(dependency));
                }
                out.write(line.append("\n\t@").append(command.apply(task)).append('\n').toString());
            }
            for (int task = 0; task < size(); task++) {
                out.write((task % 1000 == 0 ? ".PHONY:" : "") + " " + id(task)
                        + (task % 1000 == 999 || task == size() - 1 ? "\n" : ""));
            }
            out.write(".PHONY: all\n");
        }
    }

    /** Writes a build.ninja whose outputs are never created, so every task runs on each build. */
    void writeNinja(Path file, IntFunction<String> command) throws IOException {
        try (Writer out = writer(file)) {
            out.write("rule task\n  command = $cmd\n\n");
            for (int task = 0; task < size(); task++) {
                StringBuilder line = new StringBuilder("build ").append(id(task)).append(": task");
                if (dependencies[task].length > 0) {
                    line.append(" |");
                    for (int dependency : dependencies[task]) {
                        line.append(' ').append(id(dependency));
                    }
                }
                out.write(line.append("\n  cmd = ").append(command.apply(task)).append('\n').toString());
            }
            out.write("build all: phony");
            for (int task = 0; task < size(); task++) {
                out.write(" " + id(task));
            }
            out.write("\ndefault all\n");
        }
    }

    private static Writer writer(Path file) throws IOException {
        return new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16);
    }
}
