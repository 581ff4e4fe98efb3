package dev.wave.testing;

import dev.wave.plan.TaskGraph;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The optimal makespan of a task graph on {@code m} identical agents (P|prec|Cmax), by
 * branch-and-bound, for judging wave's schedules. Test code: exponential in the worst case, so it
 * stops after a node limit and then says so. Critical tasks are treated as ordinary tasks.
 *
 * <p>Search: decisions happen at time 0 and whenever a task ends (every active schedule starts its
 * tasks at such times, and an optimal active schedule exists). At each, any subset of the ready
 * tasks that fits on the free agents may start, including fewer than fit (an agent may wait), the
 * longest-path-first choice first. A node is pruned when max(its longest remaining path, its
 * remaining work / m) cannot beat the best schedule found, or when the same set of started tasks
 * with the same remaining times was already reached no later.
 */
public final class OptimalSchedule {
    private final int n;
    private final int m;
    private final long[] p;
    private final int[][] dependents;
    private final int[] dependencyCount;
    private final long[] tail; // longest path from a task's start to the end, itself included
    private final int[] byTail; // tasks by tail - own length, longest first
    private final long grain; // every active schedule's times are multiples of it: the durations' gcd
    private final long[] finishOf; // scratch: finish of each running task, -1 otherwise
    private final long nodeLimit;
    private final Map<State, Long> seen = new HashMap<>();
    private boolean nonDelay;
    private long nodes;
    private long best;
    private boolean exhausted;

    /** The outcome: the best makespan found, and whether the search proved it optimal. */
    public record Result(long makespan, boolean optimal, long nodes) {}

    private OptimalSchedule(TaskGraph graph, int agents, long nodeLimit) {
        n = graph.size();
        m = agents;
        p = new long[n];
        dependents = new int[n][];
        dependencyCount = new int[n];
        for (int task = 0; task < n; task++) {
            p[task] = graph.estimateMillis(task);
            dependencyCount[task] = graph.dependencyCount(task);
            dependents[task] = new int[graph.dependentCount(task)];
            for (int k = 0; k < dependents[task].length; k++) {
                dependents[task][k] = graph.dependent(task, k);
            }
        }
        tail = graph.bottomLevels();
        this.nodeLimit = nodeLimit;
        byTail = java.util.stream.IntStream.range(0, n).boxed()
                .sorted((a, b) -> Long.compare(tail[b] - p[b], tail[a] - p[a])).mapToInt(Integer::intValue).toArray();
        long g = 0;
        for (long length : p) {
            g = gcd(g, length);
        }
        grain = Math.max(1, g);
        finishOf = new long[n];
        Arrays.fill(finishOf, -1);
    }

    /**
     * The optimal makespan, or the best found when the node limit is reached first.
     *
     * @param upperBound a makespan known to be reachable (a heuristic's); the search looks for shorter ones
     * @param lowerBound a makespan nothing can beat; the search stops when it reaches it
     */
    public static Result solve(TaskGraph graph, int agents, long upperBound, long lowerBound, long nodeLimit) {
        OptimalSchedule search = new OptimalSchedule(graph, agents, nodeLimit);
        search.best = upperBound;
        if (upperBound > lowerBound) {
            int[] remaining = search.dependencyCount.clone();
            boolean[] started = new boolean[search.n];
            search.decide(0, new long[0], new int[0], remaining, started, 0);
        }
        return new Result(search.best, !search.exhausted, search.nodes);
    }

    /** The best non-delay schedule: an agent never waits while a task is ready (what a list scheduler produces). */
    public static Result solveNonDelay(TaskGraph graph, int agents, long upperBound, long lowerBound, long nodeLimit) {
        OptimalSchedule search = new OptimalSchedule(graph, agents, nodeLimit);
        search.nonDelay = true;
        search.best = upperBound;
        if (upperBound > lowerBound) {
            search.decide(0, new long[0], new int[0], search.dependencyCount.clone(), new boolean[search.n], 0);
        }
        return new Result(search.best, !search.exhausted, search.nodes);
    }

    /** Exhaustive check for tiny graphs: every order through a serial schedule generator (all active schedules). */
    public static long bruteForce(TaskGraph graph, int agents) {
        int n = graph.size();
        int[] order = new int[n];
        boolean[] used = new boolean[n];
        return permute(graph, agents, order, 0, used);
    }

    private static long permute(TaskGraph graph, int agents, int[] order, int depth, boolean[] used) {
        int n = graph.size();
        if (depth == n) {
            return serial(graph, agents, order);
        }
        long best = Long.MAX_VALUE;
        for (int task = 0; task < n; task++) {
            if (used[task]) {
                continue;
            }
            boolean ready = true;
            for (int k = 0; k < graph.dependencyCount(task); k++) {
                ready &= used[graph.dependency(task, k)];
            }
            if (ready) {
                used[task] = true;
                order[depth] = task;
                best = Math.min(best, permute(graph, agents, order, depth + 1, used));
                used[task] = false;
            }
        }
        return best;
    }

    /** Serial generation: each task in turn at the earliest time after its dependencies when an agent is free throughout. */
    private static long serial(TaskGraph graph, int agents, int[] order) {
        int n = graph.size();
        long[] start = new long[n];
        long[] finish = new long[n];
        boolean[] placed = new boolean[n];
        long makespan = 0;
        for (int task : order) {
            long earliest = 0;
            for (int k = 0; k < graph.dependencyCount(task); k++) {
                earliest = Math.max(earliest, finish[graph.dependency(task, k)]);
            }
            long length = graph.estimateMillis(task);
            // Candidate starts: earliest, or when a placed task ends.
            long chosen = Long.MAX_VALUE;
            for (int c = -1; c < n; c++) {
                long at = c < 0 ? earliest : (placed[c] ? finish[c] : -1);
                if (at < earliest || at >= chosen) {
                    continue;
                }
                if (fits(graph, agents, start, finish, placed, at, at + length)) {
                    chosen = at;
                }
            }
            start[task] = chosen;
            finish[task] = chosen + length;
            placed[task] = true;
            makespan = Math.max(makespan, finish[task]);
        }
        return makespan;
    }

    private static boolean fits(TaskGraph graph, int agents, long[] start, long[] finish, boolean[] placed, long from, long to) {
        // The number running is highest at from or at a placed task's start inside [from, to).
        for (int c = -1; c < placed.length; c++) {
            long at = c < 0 ? from : (placed[c] ? start[c] : -1);
            if (at < from || at >= to) {
                continue;
            }
            int running = 0;
            for (int other = 0; other < placed.length; other++) {
                if (placed[other] && start[other] <= at && at < finish[other]) {
                    running++;
                }
            }
            if (running >= agents) {
                return false;
            }
        }
        return true;
    }

    /** A decision point at {@code now}: running tasks end at {@code finishes}. */
    private void decide(long now, long[] finishes, int[] running, int[] remaining, boolean[] started, int startedCount) {
        if (best <= lowerBoundAt(now, finishes, running, started) || exhausted) {
            return;
        }
        if (++nodes > nodeLimit) {
            exhausted = true;
            return;
        }
        if (!remember(now, finishes, running, started)) {
            return;
        }
        int free = m - running.length;
        int[] ready = readyTasks(remaining, started);
        choose(now, finishes, running, remaining, started, startedCount, ready, 0, free, new int[Math.min(free, ready.length)], 0);
    }

    /** Picks which of {@code ready[from..]} start now, up to {@code free} more, then moves on to the next end. */
    private void choose(long now, long[] finishes, int[] running, int[] remaining, boolean[] started, int startedCount,
            int[] ready, int from, int free, int[] chosen, int count) {
        if (exhausted) {
            return;
        }
        if (free > 0 && from < ready.length) {
            chosen[count] = ready[from];
            choose(now, finishes, running, remaining, started, startedCount, ready, from + 1, free - 1, chosen, count + 1);
            choose(now, finishes, running, remaining, started, startedCount, ready, from + 1, free, chosen, count);
            return;
        }
        if (nonDelay && free > 0 && count < ready.length) {
            return; // an agent would wait while a task is ready
        }
        int total = running.length + count;
        if (total == 0) {
            return; // nothing runs and nothing starts: not a schedule (unless all done, handled by advance)
        }
        long[] nextFinishes = Arrays.copyOf(finishes, total);
        int[] nextRunning = Arrays.copyOf(running, total);
        for (int k = 0; k < count; k++) {
            int task = chosen[k];
            started[task] = true;
            nextRunning[running.length + k] = task;
            nextFinishes[running.length + k] = now + p[task];
        }
        advance(nextFinishes, nextRunning, remaining, started, startedCount + count);
        for (int k = 0; k < count; k++) {
            started[chosen[k]] = false;
        }
    }

    /** Moves to the next end: ends every task finishing then and releases their dependents. */
    private void advance(long[] finishes, int[] running, int[] remaining, boolean[] started, int startedCount) {
        long next = Long.MAX_VALUE;
        for (long finish : finishes) {
            next = Math.min(next, finish);
        }
        int left = 0;
        for (long finish : finishes) {
            left += finish == next ? 0 : 1;
        }
        long[] keptFinishes = new long[left];
        int[] keptRunning = new int[left];
        int[] ended = new int[finishes.length - left];
        int e = 0;
        int k = 0;
        for (int i = 0; i < finishes.length; i++) {
            if (finishes[i] == next) {
                ended[e++] = running[i];
            } else {
                keptFinishes[k] = finishes[i];
                keptRunning[k++] = running[i];
            }
        }
        if (startedCount == n && left == 0) {
            if (next < best) {
                best = next;
            }
            return;
        }
        for (int task : ended) {
            for (int dependent : dependents[task]) {
                remaining[dependent]--;
            }
        }
        decide(next, keptFinishes, keptRunning, remaining, started, startedCount);
        for (int task : ended) {
            for (int dependent : dependents[task]) {
                remaining[dependent]++;
            }
        }
    }

    private int[] readyTasks(int[] remaining, boolean[] started) {
        int count = 0;
        int[] ready = new int[n];
        for (int task = 0; task < n; task++) {
            if (!started[task] && remaining[task] == 0) {
                ready[count++] = task;
            }
        }
        ready = Arrays.copyOf(ready, count);
        // Longest remaining path first, so the first branch is the list schedule's choice.
        Integer[] boxed = Arrays.stream(ready).boxed().toArray(Integer[]::new);
        Arrays.sort(boxed, (a, b) -> tail[b] != tail[a] ? Long.compare(tail[b], tail[a]) : Integer.compare(a, b));
        return Arrays.stream(boxed).mapToInt(Integer::intValue).toArray();
    }

    /**
     * No schedule from here ends sooner: the longest remaining path, and for every tail t the work
     * left of the tasks with at least t after them, which must end by makespan - t: now + t +
     * that work / m. Rounded up to the durations' gcd, as every makespan is.
     */
    private long lowerBoundAt(long now, long[] finishes, int[] running, boolean[] started) {
        long bound = now;
        for (int i = 0; i < running.length; i++) {
            bound = Math.max(bound, finishes[i] - p[running[i]] + tail[running[i]]);
            finishOf[running[i]] = finishes[i];
        }
        long work = 0;
        for (int task : byTail) {
            long after = tail[task] - p[task];
            if (!started[task]) {
                bound = Math.max(bound, now + tail[task]);
                work += p[task];
            } else if (finishOf[task] >= 0) {
                work += finishOf[task] - now;
            } else {
                continue;
            }
            bound = Math.max(bound, now + after + (work + m - 1) / m);
        }
        for (int task : running) {
            finishOf[task] = -1;
        }
        return (bound + grain - 1) / grain * grain;
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    /** Records the state; false when it was already reached no later (nothing new below it). */
    private boolean remember(long now, long[] finishes, int[] running, boolean[] started) {
        long[] left = new long[running.length];
        int[] sorted = running.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            for (int j = 0; j < running.length; j++) {
                if (running[j] == sorted[i]) {
                    left[i] = finishes[j] - now;
                }
            }
        }
        State state = new State(bits(started), sorted, left);
        Long before = seen.get(state);
        if (before != null && before <= now) {
            return false;
        }
        if (seen.size() < 4_000_000) {
            seen.put(state, now);
        }
        return true;
    }

    private static long[] bits(boolean[] set) {
        long[] words = new long[(set.length + 63) >>> 6];
        for (int i = 0; i < set.length; i++) {
            if (set[i]) {
                words[i >>> 6] |= 1L << i;
            }
        }
        return words;
    }

    private record State(long[] started, int[] running, long[] left) {
        @Override
        public boolean equals(Object other) {
            return other instanceof State state && Arrays.equals(started, state.started)
                    && Arrays.equals(running, state.running) && Arrays.equals(left, state.left);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * Arrays.hashCode(started) + Arrays.hashCode(running)) + Arrays.hashCode(left);
        }
    }
}
