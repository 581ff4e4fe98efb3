package dev.wave.schedule;

import static java.util.Objects.requireNonNull;

import dev.wave.plan.TaskGraph;
import java.util.ArrayList;
import java.util.List;

/**
 * The wave structure of a graph: a task's level is one more than its deepest dependency's, tasks of
 * one level share a wave, and each critical task gets a wave of its own right after its level's wave.
 * Waves are numbered from 1; wave 0 is the safety backup, which is not a task of the plan.
 *
 * <p>Immutable and thread-safe.
 */
public final class Waves {
    private final int[] waveOf;
    private final int[][] tasks;
    private final boolean[] critical;

    private Waves(int[] waveOf, int[][] tasks, boolean[] critical) {
        this.waveOf = waveOf;
        this.tasks = tasks;
        this.critical = critical;
    }

    public static Waves of(TaskGraph graph) {
        requireNonNull(graph, "graph is null");
        int n = graph.size();
        int[] level = new int[n];
        int levels = 0;
        for (int p = 0; p < n; p++) {
            int task = graph.topologicalTask(p);
            int deepest = -1;
            for (int k = 0; k < graph.dependencyCount(task); k++) {
                deepest = Math.max(deepest, level[graph.dependency(task, k)]);
            }
            level[task] = deepest + 1;
            levels = Math.max(levels, level[task] + 1);
        }
        int[] plain = new int[levels];
        int[] criticalCount = new int[levels];
        for (int task = 0; task < n; task++) {
            if (graph.isCritical(task)) {
                criticalCount[level[task]]++;
            } else {
                plain[level[task]]++;
            }
        }
        int[] firstWave = new int[levels];
        int count = 0;
        for (int l = 0; l < levels; l++) {
            firstWave[l] = count + 1;
            count += (plain[l] > 0 ? 1 : 0) + criticalCount[l];
        }
        int[] waveOf = new int[n];
        int[] nextCritical = new int[levels];
        int[] size = new int[count + 1];
        boolean[] critical = new boolean[count + 1];
        for (int task = 0; task < n; task++) {
            int l = level[task];
            int base = firstWave[l];
            if (graph.isCritical(task)) {
                waveOf[task] = base + (plain[l] > 0 ? 1 : 0) + nextCritical[l]++;
                critical[waveOf[task]] = true;
            } else {
                waveOf[task] = base;
            }
            size[waveOf[task]]++;
        }
        int[][] tasks = new int[count + 1][];
        for (int w = 1; w <= count; w++) {
            tasks[w] = new int[size[w]];
            size[w] = 0;
        }
        tasks[0] = new int[0];
        for (int task = 0; task < n; task++) {
            int w = waveOf[task];
            tasks[w][size[w]++] = task;
        }
        return new Waves(waveOf, tasks, critical);
    }

    /** The number of waves of tasks, not counting wave 0. */
    public int count() {
        return tasks.length - 1;
    }

    /** The wave of a task, from 1. */
    public int waveOf(int task) {
        return waveOf[task];
    }

    /** The tasks of wave {@code wave} (1..count), in plan order. */
    public int[] tasks(int wave) {
        return tasks[wave].clone();
    }

    public int size(int wave) {
        return tasks[wave].length;
    }

    /** Whether the wave holds a single critical task. */
    public boolean isCritical(int wave) {
        return critical[wave];
    }

    /** The size of the widest wave: how many tasks can run at once at most, level by level. */
    public int peakWidth() {
        int peak = 0;
        for (int w = 1; w <= count(); w++) {
            peak = Math.max(peak, tasks[w].length);
        }
        return peak;
    }

    /** The waves as lists of task ids, for reports. */
    public List<List<String>> ids(TaskGraph graph) {
        List<List<String>> waves = new ArrayList<>();
        for (int w = 1; w <= count(); w++) {
            List<String> ids = new ArrayList<>(tasks[w].length);
            for (int task : tasks[w]) {
                ids.add(graph.id(task));
            }
            waves.add(ids);
        }
        return waves;
    }
}
