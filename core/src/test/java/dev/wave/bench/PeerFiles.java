package dev.wave.bench;

import dev.wave.plan.TaskGraph;
import dev.wave.schedule.Waves;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/** Writes one graph for every runner: plan.json, Makefile, build.ninja and an xargs script (one xargs per level). */
final class PeerFiles {
    private PeerFiles() {}

    static void write(Graph graph, Path directory, IntFunction<String> command, IntFunction<String> xargsArgument,
            String xargsProgram, int agents) throws IOException {
        Files.createDirectories(directory);
        graph.writePlan(directory.resolve("plan.json"), command);
        graph.writeMakefile(directory.resolve("Makefile"), command);
        graph.writeNinja(directory.resolve("build.ninja"), command);
        TaskGraph taskGraph = graph.plan().graph();
        Waves waves = Waves.of(taskGraph);
        List<String> script = new ArrayList<>(List.of("#!/bin/sh", "set -e"));
        for (int w = 1; w <= waves.count(); w++) {
            List<String> items = new ArrayList<>();
            for (int task : waves.tasks(w)) {
                items.add(xargsArgument.apply(task));
            }
            Path level = directory.resolve("level-" + w + ".txt");
            Files.write(level, items);
            script.add("xargs -P" + agents + " -n1 " + xargsProgram + " < " + level.getFileName());
        }
        Files.write(directory.resolve("xargs.sh"), script);
    }
}
