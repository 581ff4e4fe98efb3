package dev.wave.schedule;

import static java.util.Objects.requireNonNull;

import dev.wave.plan.TaskGraph;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Picks the priority order wave runs: the best of several list-scheduling rules, then random
 * perturbations of the best, each judged by simulating the real {@link Dispatcher} with the
 * estimates and the chosen agent count. Plain longest-path-first is always tried first, so the
 * choice is never worse than it.
 *
 * <p>The search, in order, stopping as soon as a schedule reaches the lower bound
 * max(critical path, total work / agents) (rounded up to the estimates' greatest common divisor),
 * which nothing can beat:
 * <ol>
 *   <li>longest path first (the baseline);
 *   <li>the portfolio of {@link Rules}: more successors, longer task or a lookahead on what a task
 *       releases among equal paths; the tasks on the longest paths first; more successors first;
 *       random tie-breaks;
 *   <li>iterated random-key perturbation: the best schedule's start times, each plus a random
 *       share of the mean task estimate, become the next candidate's keys; a candidate at least as
 *       short becomes the new starting point (so the search walks across plateaus); the share
 *       cycles from small to large. In flow mode every other candidate is a
 *       {@linkplain PriorityOrder#strict strict start order}, where an agent may wait for a task
 *       about to become ready: some graphs' optimal schedules need such waits, which no order
 *       where agents never wait can produce.
 * </ol>
 *
 * <p>Budget: at most {@link #candidates(int)} schedules are simulated: {@value #MAX_CANDIDATES} for
 * small plans, about 19 for 1,000 tasks (tens of milliseconds), 3 from 10,000 tasks and
 * longest-path-first alone from 300,000. The budget is a count, not a clock, so the choice is the
 * same on every machine: deterministic for a given graph, mode, agent count and seed. Stateless and
 * thread-safe.
 */
public final class OrderSearch {
    /** At most this many schedules are simulated, however small the plan. */
    public static final int MAX_CANDIDATES = 2_000;
    /** Candidates of a plan of n tasks: this / n^1.5, so about 19 at 1,000 tasks. */
    static final double SMALL_PLAN_BUDGET = 600_000;
    /** Large plans get this many task starts simulated, up to 3 candidates: 3 at 100,000 tasks. */
    static final long LARGE_PLAN_STEPS = 300_000;
    /** The seed of the random tie-breaks and perturbations when the caller names none. */
    public static final long DEFAULT_SEED = 1;
    /** The perturbation amplitudes, as shares of the mean task estimate, tried in turn. */
    private static final double[] AMPLITUDES = {0.05, 0.1, 0.2, 0.4, 0.8, 1.6, 3.2};

    private OrderSearch() {}

    /** The best order found within the default budget, with the default seed. */
    public static ScheduleChoice choose(TaskGraph graph, Mode mode, int agents, Waves waves) {
        return choose(graph, mode, agents, waves, DEFAULT_SEED, candidates(graph.size()));
    }

    /** How many schedules the search simulates for a plan of {@code tasks} tasks, at least 1. */
    public static int candidates(int tasks) {
        int n = Math.max(1, tasks);
        double small = SMALL_PLAN_BUDGET / Math.pow(n, 1.5);
        double large = Math.min(3, LARGE_PLAN_STEPS / n);
        return (int) Math.max(1, Math.min(MAX_CANDIDATES, Math.max(small, large)));
    }

    /**
     * The best order found among at most {@code candidates} simulated schedules.
     *
     * @param seed seeds the random tie-breaks and perturbations
     * @param candidates how many schedules the search may simulate; longest path first is always simulated
     */
    public static ScheduleChoice choose(TaskGraph graph, Mode mode, int agents, Waves waves, long seed, int candidates) {
        return choose(graph, mode, agents, waves, CapGroups.none(), seed, candidates);
    }

    /**
     * The best order found within the default budget, with the default seed, for a run under the concurrency caps
     * {@code caps}: every candidate is simulated waiting for the caps as the run does.
     */
    public static ScheduleChoice choose(TaskGraph graph, Mode mode, int agents, Waves waves, CapGroups caps) {
        return choose(graph, mode, agents, waves, caps, DEFAULT_SEED, candidates(graph.size()));
    }

    /** As {@link #choose(TaskGraph, Mode, int, Waves, long, int)}, under the concurrency caps {@code caps}. */
    public static ScheduleChoice choose(TaskGraph graph, Mode mode, int agents, Waves waves, CapGroups caps, long seed,
            int candidates) {
        requireNonNull(caps, "caps is null");
        requireNonNull(graph, "graph is null");
        requireNonNull(mode, "mode is null");
        requireNonNull(waves, "waves is null");
        if (agents < 1) {
            throw new IllegalArgumentException("agents must be at least 1, got " + agents);
        }
        Search search = new Search(graph, mode, agents, waves, caps, Math.max(1, candidates));
        PriorityOrder baseline = PriorityOrder.longestPathFirst(graph);
        search.consider(baseline);
        long[] levels = graph.bottomLevels();
        List<Supplier<PriorityOrder>> portfolio = Rules.portfolio(graph, levels, seed);
        for (int r = 0; r < portfolio.size() && search.goesOn(); r++) {
            search.consider(portfolio.get(r).get());
        }
        if (mode == Mode.FLOW && search.goesOn()) {
            search.justifyBest();
        }
        search.perturb(new SplittableRandom(seed));
        long sequential = graph.totalWorkMillis();
        long criticalPath = graph.criticalPathMillis();
        long lowerBound = Simulator.lowerBoundMillis(graph, agents, criticalPath, caps);
        Simulation base = new Simulation(mode, agents, search.baseline.makespan(), sequential, criticalPath, lowerBound,
                search.baseline.peak());
        Simulation best = new Simulation(mode, agents, search.bestTrace.makespan(), sequential, criticalPath, lowerBound,
                search.bestTrace.peak());
        return new ScheduleChoice(search.best, best, base, search.candidates);
    }

    /** The state of one search: the best order so far, and the schedule the perturbations start from. Not thread-safe. */
    private static final class Search {
        private final TaskGraph graph;
        private final Mode mode;
        private final int agents;
        private final Waves waves;
        private final CapGroups caps;
        private final int maxCandidates;
        private final long lowerBound;
        private final long[] starts;
        private final int[] sequence;
        private final long[] walkStarts;
        private final int[] walkSequence;
        private long walkMakespan = Long.MAX_VALUE;
        private PriorityOrder best;
        private long bestMakespan = Long.MAX_VALUE;
        private Simulator.Trace bestTrace;
        private Simulator.Trace baseline; // the first order's: longest path first
        private int candidates;

        Search(TaskGraph graph, Mode mode, int agents, Waves waves, CapGroups caps, long maxCandidates) {
            this.graph = graph;
            this.mode = mode;
            this.agents = agents;
            this.waves = waves;
            this.caps = caps;
            this.maxCandidates = (int) maxCandidates;
            this.lowerBound = lowerBound(graph, agents, caps);
            int n = graph.size();
            starts = new long[n];
            sequence = new int[n];
            walkStarts = new long[n];
            walkSequence = new int[n];
        }

        boolean goesOn() {
            return candidates < maxCandidates && bestMakespan > lowerBound;
        }

        /**
         * Simulates {@code order}. A shorter schedule becomes the best; one at most as long as the
         * walk's becomes the walk's, so the perturbations move across plateaus. Returns whether it was shorter.
         */
        boolean consider(PriorityOrder order) {
            candidates++;
            Simulator.Trace trace = Simulator.trace(graph, mode, agents, waves, order, caps, starts, sequence);
            long makespan = trace.makespan();
            if (baseline == null) {
                baseline = trace;
            }
            if (makespan <= walkMakespan) {
                walkMakespan = makespan;
                System.arraycopy(starts, 0, walkStarts, 0, starts.length);
                System.arraycopy(sequence, 0, walkSequence, 0, sequence.length);
            }
            if (makespan < bestMakespan) {
                best = order;
                bestTrace = trace;
                bestMakespan = makespan;
                return true;
            }
            return false;
        }

        /**
         * max(critical path, total work / agents, each capped group's work / its cap), rounded up to the
         * estimates' greatest common divisor: every simulated start is a sum of estimates, so every makespan
         * is a multiple of it.
         */
        private static long lowerBound(TaskGraph graph, int agents, CapGroups caps) {
            long grain = graph.estimateGcdMillis();
            long bound = Simulator.lowerBoundMillis(graph, agents, graph.criticalPathMillis(), caps);
            return (bound + grain - 1) / grain * grain;
        }

        /** Forward-backward improvement of the best schedule, repeated while it shortens it. */
        void justifyBest() {
            String origin = best.rule();
            while (goesOn()) {
                long[] keys = Justification.keys(graph, agents, walkStarts);
                if (!consider(PriorityOrder.strict(origin + ", forward-backward improved", graph, keys))) {
                    return;
                }
            }
        }

        /** Iterated random-key perturbation of the walk's start times. */
        void perturb(SplittableRandom random) {
            int n = graph.size();
            if (n < 2) {
                return;
            }
            double mean = (double) graph.totalWorkMillis() / n;
            String origin = best.rule();
            int improvements = 0;
            int round = 0;
            while (goesOn()) {
                double amplitude = Math.max(1.0, mean * AMPLITUDES[round++ % AMPLITUDES.length]);
                // key = floor((start + noise) x scale) x n + place in the walk's start order: the walk's
                // own order when the noise is zero, and no overflow.
                double scale = Math.min(1.0, (double) (1L << 60) / ((walkMakespan + amplitude + 1) * (double) n));
                long[] keys = new long[n];
                for (int task = 0; task < n; task++) {
                    double noisy = (walkStarts[task] + random.nextDouble() * amplitude) * scale;
                    keys[task] = (long) noisy * n + walkSequence[task];
                }
                String rule = origin + ", then " + (improvements + 1) + " random-key perturbation"
                        + (improvements == 0 ? "" : "s");
                // Every other candidate in flow mode is a strict start order, where an agent may wait.
                boolean strict = mode == Mode.FLOW && round % 2 == 0;
                PriorityOrder candidate = strict ? PriorityOrder.strict(rule, graph, keys) : PriorityOrder.owning(rule, keys);
                if (consider(candidate)) {
                    improvements++;
                }
                if (strict && goesOn()) {
                    // Forward-backward improvement of the candidate just simulated.
                    long[] justified = Justification.keys(graph, agents, starts);
                    if (consider(PriorityOrder.strict(rule, graph, justified))) {
                        improvements++;
                    }
                }
            }
        }
    }
}
