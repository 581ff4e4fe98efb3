package dev.wave.testing;

import dev.wave.plan.Plan;
import dev.wave.plan.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Random DAG plans for tests: tasks t0..t(n-1), each depending only on earlier tasks. */
public final class Dags {
    private Dags() {}

    /**
     * @param edgeChance chance that a task depends on each of up to 8 earlier tasks
     * @param criticalChance chance that a task is critical
     */
    public static Plan random(long seed, int size, double edgeChance, double criticalChance, int maxEstimateMillis) {
        Random random = new Random(seed);
        List<Task> tasks = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            List<String> dependsOn = new ArrayList<>();
            for (int j = Math.max(0, i - 8); j < i; j++) {
                if (random.nextDouble() < edgeChance) {
                    dependsOn.add("t" + j);
                }
            }
            tasks.add(Task.shell("t" + i, "true", dependsOn)
                    .withEstimate(Duration.ofMillis(1 + random.nextInt(maxEstimateMillis)))
                    .withCritical(random.nextDouble() < criticalChance));
        }
        return Plan.of("random-" + seed, tasks);
    }

    /** Parses a compact text fixture: one task per line, "id[!] estimate-ms <- dep dep", "!" marking critical. */
    public static Plan parse(String text) {
        List<Task> tasks = new ArrayList<>();
        for (String line : text.strip().split("\n")) {
            String[] sides = line.split("<-");
            String[] head = sides[0].trim().split("\\s+");
            boolean critical = head[0].endsWith("!");
            String id = critical ? head[0].substring(0, head[0].length() - 1) : head[0];
            List<String> dependsOn = sides.length > 1 ? List.of(sides[1].trim().split("\\s+")) : List.of();
            tasks.add(Task.shell(id, "true", dependsOn)
                    .withEstimate(Duration.ofMillis(Long.parseLong(head[1])))
                    .withCritical(critical));
        }
        return Plan.of("fixture", tasks);
    }
}
