package dev.wave.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The timed graph's tasks as they saw themselves: {@code bench/stampsleep.c} appends, for each task, when its
 * {@code main()} began and when its sleep ended (CLOCK_MONOTONIC, ns). The same measure for every tool: the
 * makespan from the first task's start to the last task's end, and the hand-offs.
 *
 * <p>A hand-off is the time from a task's end to the start of the task that takes the agent it freed,
 * counted when a task was ready then (its dependencies had all ended) and an agent was free: each
 * task end, in order, claims the earliest-starting ready task not claimed yet. It covers everything
 * between one process's end and the next one's {@code main()}: noticing the exit, the tool's own work
 * (wave: its journal, log file and leftover-process check), starting the process and its {@code exec}.
 */
record Stamps(long[] starts, long[] ends) {
    /** The stamps of a run of {@code size} tasks with ids {@link Graph#id}; empty if a task left none (it did not run). */
    static Optional<Stamps> read(Path file, int size) throws IOException {
        long[] starts = new long[size];
        long[] ends = new long[size];
        Arrays.fill(starts, -1);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        for (String line : Files.readAllLines(file)) {
            String[] words = line.split(" ");
            int task = Integer.parseInt(words[0].substring(1));
            starts[task] = Long.parseLong(words[1]);
            ends[task] = Long.parseLong(words[2]);
        }
        return Arrays.stream(starts).anyMatch(start -> start < 0) ? Optional.empty() : Optional.of(new Stamps(starts, ends));
    }

    /** From the first task's start to the last task's end, in ms. */
    double makespanMillis() {
        return (Arrays.stream(ends).max().orElse(0) - Arrays.stream(starts).min().orElse(0)) / 1e6;
    }

    /** The hand-offs, in ms (see the class comment). */
    List<Double> handoffs(int[][] dependencies, int agents) {
        int size = starts.length;
        Integer[] byEnd = new Integer[size];
        for (int task = 0; task < size; task++) {
            byEnd[task] = task;
        }
        Arrays.sort(byEnd, Comparator.comparingLong(task -> ends[task]));
        boolean[] claimed = new boolean[size];
        List<Double> handoffs = new ArrayList<>();
        for (int ended : byEnd) {
            long at = ends[ended];
            int busy = 0;
            int best = -1;
            for (int task = 0; task < size; task++) {
                boolean started = starts[task] <= at;
                if ((started && ends[task] > at) || (claimed[task] && !started)) {
                    busy++;
                }
                if (!started && !claimed[task] && ready(task, at, dependencies) && (best < 0 || starts[task] < starts[best])) {
                    best = task;
                }
            }
            if (best >= 0 && busy < agents) {
                claimed[best] = true;
                handoffs.add((starts[best] - at) / 1e6);
            }
        }
        return handoffs;
    }

    private boolean ready(int task, long at, int[][] dependencies) {
        for (int dependency : dependencies[task]) {
            if (ends[dependency] > at) {
                return false;
            }
        }
        return true;
    }
}
