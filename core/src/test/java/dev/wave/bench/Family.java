package dev.wave.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The generated graph families of the bench. Every family is a function of (size, seed): the same
 * arguments give the same graph and the same durations on every machine.
 *
 * <p>Durations are whole seconds from 1 to 100 (uniform) unless a family says otherwise, the usual
 * choice of the standard task graph sets.
 */
enum Family {
    /** Tasks spread over about sqrt(n) layers of random width; each depends on 1-3 tasks of earlier layers, mostly the one before. */
    LAYERED,
    /** Stages of one fork task, 2-32 parallel tasks and one join task, one stage after another. */
    FORK_JOIN,
    /** 2-8 long chains of dependent tasks with a few cross edges between chains. */
    CHAIN_HEAVY,
    /** Each task depends on up to 3 random earlier tasks of a random order; the plan lists tasks shuffled, so plan order is not topological. */
    RANDOM_ORDER;

    String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static Family parse(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    Graph generate(int n, long seed) {
        if (n < 1) {
            throw new IllegalArgumentException("a graph needs at least one task, got " + n);
        }
        SplittableRandom random = new SplittableRandom(seed * 31 + ordinal());
        int[][] dependencies = switch (this) {
            case LAYERED -> layered(n, random);
            case FORK_JOIN -> forkJoin(n, random);
            case CHAIN_HEAVY -> chainHeavy(n, random);
            case RANDOM_ORDER -> randomOrder(n, random);
        };
        long[] millis = new long[n];
        for (int task = 0; task < n; task++) {
            millis[task] = 1000L * random.nextInt(1, 101);
        }
        return new Graph(label() + "-" + n + "-s" + seed, millis, dependencies);
    }

    private static int[][] layered(int n, SplittableRandom random) {
        int layers = Math.max(1, (int) Math.round(Math.sqrt(n) * random.nextDouble(0.5, 1.5)));
        layers = Math.min(layers, n);
        int[] layerStart = new int[layers + 1];
        // Random cut points: every layer gets at least one task.
        int[] cuts = random.ints(layers - 1, 1, Math.max(2, n)).distinct().sorted().toArray();
        int count = 1;
        for (int cut : cuts) {
            if (cut < n && cut > layerStart[count - 1]) {
                layerStart[count++] = cut;
            }
        }
        layerStart = Arrays.copyOf(layerStart, count + 1);
        layerStart[count] = n;
        int[][] dependencies = new int[n][];
        for (int layer = 0; layer < count; layer++) {
            for (int task = layerStart[layer]; task < layerStart[layer + 1]; task++) {
                if (layer == 0) {
                    dependencies[task] = new int[0];
                    continue;
                }
                int k = random.nextInt(1, 4);
                int[] picked = new int[k];
                for (int d = 0; d < k; d++) {
                    int from = random.nextInt(4) == 0 ? random.nextInt(layer) : layer - 1;
                    picked[d] = random.nextInt(layerStart[from], layerStart[from + 1]);
                }
                dependencies[task] = Arrays.stream(picked).distinct().toArray();
            }
        }
        return dependencies;
    }

    private static int[][] forkJoin(int n, SplittableRandom random) {
        int[][] dependencies = new int[n][];
        int task = 0;
        int previousJoin = -1;
        while (task < n) {
            int fork = task++;
            dependencies[fork] = previousJoin < 0 ? new int[0] : new int[] {previousJoin};
            int width = Math.min(random.nextInt(2, 33), n - task);
            for (int k = 0; k < width; k++) {
                dependencies[task++] = new int[] {fork};
            }
            if (task < n) {
                int join = task++;
                int[] joined = new int[Math.max(1, width)];
                for (int k = 0; k < width; k++) {
                    joined[k] = fork + 1 + k;
                }
                if (width == 0) {
                    joined[0] = fork;
                }
                dependencies[join] = joined;
                previousJoin = join;
            }
        }
        return dependencies;
    }

    private static int[][] chainHeavy(int n, SplittableRandom random) {
        int chains = Math.min(n, random.nextInt(2, 9));
        List<List<Integer>> dependencies = new ArrayList<>(n);
        int[] lastOfChain = new int[chains];
        Arrays.fill(lastOfChain, -1);
        for (int task = 0; task < n; task++) {
            int chain = task % chains;
            List<Integer> own = new ArrayList<>(2);
            if (lastOfChain[chain] >= 0) {
                own.add(lastOfChain[chain]);
            }
            if (task >= chains && random.nextInt(10) == 0) {
                int other = random.nextInt(task);
                if (!own.contains(other)) {
                    own.add(other);
                }
            }
            dependencies.add(own);
            lastOfChain[chain] = task;
        }
        return toArrays(dependencies);
    }

    private static int[][] randomOrder(int n, SplittableRandom random) {
        // Build the DAG over positions of a random order, then list the tasks shuffled.
        int[] taskAt = new int[n];
        for (int i = 0; i < n; i++) {
            taskAt[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = taskAt[i];
            taskAt[i] = taskAt[j];
            taskAt[j] = swap;
        }
        int[][] dependencies = new int[n][];
        for (int position = 0; position < n; position++) {
            int k = position == 0 ? 0 : random.nextInt(0, 4);
            int[] picked = new int[k];
            int window = Math.min(position, Math.max(8, (int) Math.sqrt(n) * 4));
            for (int d = 0; d < k; d++) {
                picked[d] = taskAt[position - 1 - random.nextInt(window)];
            }
            dependencies[taskAt[position]] = Arrays.stream(picked).distinct().toArray();
        }
        return dependencies;
    }

    private static int[][] toArrays(List<List<Integer>> lists) {
        int[][] arrays = new int[lists.size()][];
        for (int i = 0; i < arrays.length; i++) {
            arrays[i] = lists.get(i).stream().mapToInt(Integer::intValue).toArray();
        }
        return arrays;
    }
}
