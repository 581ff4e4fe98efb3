package dev.wave.scale;

import static java.util.Objects.requireNonNull;

import dev.wave.plan.Durations;
import dev.wave.plan.Plan;
import dev.wave.plan.TaskGraph;
import dev.wave.schedule.CapGroups;
import dev.wave.schedule.Mode;
import dev.wave.schedule.Simulation;
import dev.wave.schedule.Simulator;
import dev.wave.schedule.Waves;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Decides how many agents a plan is worth, and how to batch a mass operation. The entry point of
 * the {@code scale} package. Stateless and thread-safe; it simulates the real scheduler a few
 * times (O(log cap) simulations of O(n log n) each) and touches nothing outside memory.
 *
 * <p>The calculation, in the order the explanation shows it:
 * <ol>
 *   <li><b>Maximum parallelism</b>: the most tasks running at once when the real scheduler is
 *       simulated with unlimited agents. More agents than that would only wait.
 *   <li><b>Limits</b>: {@code max_instances} (100 by default, or the request's instance budget);
 *       the task type's cap (computation and code analysis 4 x cores, file I/O 10,000, network
 *       5,000, database 10 connections, API calls the provider's rate limit over a task's length);
 *       memory (available memory / memory per agent of the executor kind); and coordination
 *       overhead, which must stay under 10% of the plan's total work (agents x per-agent
 *       coordination cost &lt;= 10% x sequential time). The smallest limit is the cap.
 *   <li><b>Dependencies</b>: the fewest agents whose simulated schedule is at most one agent's
 *       coordination cost longer than the schedule with the cap, so agents that would only wait on
 *       dependencies or on the last long task are not started. {@code favor_parallelization}
 *       skips this step.
 *   <li><b>Override</b>: a count the person asked for is used as asked; a warning names the
 *       machine's capacity and the automatic choice when the count exceeds that capacity.
 *   <li><b>ROI</b>: time saved (sequential - simulated parallel - overhead) / overhead, classed
 *       excellent (&gt;100), good (&gt;10), marginal (&gt;2) or poor.
 * </ol>
 *
 * <p>Micro-task batching for mass operations ({@link #batch}): a task costs its executor's
 * start-up time before its items, so a batch must hold enough items that start-up stays under 10%
 * of its time; the batch count then goes through the same limits.
 */
public final class Scaler {
    /** Coordination overhead and per-task start-up may cost at most this share of the work. */
    static final double OVERHEAD_SHARE = 0.10;
    /** A batch's items must take this many times its start-up, so start-up is at most 1/(1+9) = 10% of it. */
    static final long STARTUP_FACTOR = 9;

    private Scaler() {}

    /**
     * Decides the agent count for {@code plan}.
     *
     * @param type the kind of work, for its cap
     * @param limits what the person asked for
     * @param machine what the machine offers
     * @param mode the scheduling mode the plan will run in
     */
    public static ScalingDecision decide(Plan plan, TaskType type, Limits limits, Machine machine, Mode mode) {
        return decide(plan, type, limits, machine, mode, CapGroups.none());
    }

    /**
     * As {@link #decide(Plan, TaskType, Limits, Machine, Mode)}, for a run under the concurrency caps {@code concurrencyCaps}
     * ({@code --caps}): its schedules are simulated waiting for the caps as the run does, so agents that a cap
     * would keep idle are not counted as parallelism.
     */
    public static ScalingDecision decide(Plan plan, TaskType type, Limits limits, Machine machine, Mode mode,
            CapGroups concurrencyCaps) {
        requireNonNull(concurrencyCaps, "concurrencyCaps is null");
        requireNonNull(plan, "plan is null");
        requireNonNull(type, "type is null");
        requireNonNull(limits, "limits is null");
        requireNonNull(machine, "machine is null");
        requireNonNull(mode, "mode is null");
        TaskGraph graph = plan.graph();
        int n = graph.size();
        ExecutorKind kind = ExecutorKind.heaviest(plan);
        long sequential = graph.totalWorkMillis();
        long average = sequential / n;
        Schedules schedules = new Schedules(graph, mode, concurrencyCaps);
        int width = Math.max(1, schedules.of(n).peakConcurrency());

        List<String> reasons = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        reasons.add(String.format(Locale.ROOT, "Maximum parallelism: %d %s at once (the %s schedule with unlimited agents)",
                width, width == 1 ? "task" : "tasks", mode.label()));
        Cap capacity = capacity(type, kind, machine, average);
        List<Cap> caps = limitCaps(type, kind, limits, machine, average, sequential);
        Cap binding = new Cap(width, "maximum parallelism");
        for (Cap cap : caps) {
            if (cap.agents() < binding.agents()) {
                binding = cap;
            }
        }
        reasons.add("Limits: " + describe(caps));
        int cap = binding.agents();
        if (cap < width) {
            // a plan file without --agents takes its widest wave instead (below): the limit is then what scaling would use
            reasons.add("Binding limit: " + binding.reason() + ", so "
                    + (limits.widestWave() && limits.override().isEmpty() ? "automatic scaling would use " : "") + "at most "
                    + count(cap));
        }

        long fastest = schedules.of(cap).makespanMillis();
        int automatic;
        if (limits.widestWave()) {
            int widest = schedules.waves.peakWidth();
            automatic = Math.min(widest, limits.maxAgents());
            reasons.add(String.format(Locale.ROOT, "Plan file: the plan's peak parallel width (its widest wave), %d%s",
                    widest, widest > limits.maxAgents()
                            ? ", capped at " + limits.maxAgents() + " (max_instances, " + limits.maxAgentsOrigin() + ")" : ""));
            if (limits.override().isEmpty() && automatic > capacity.agents()) {
                warnings.add(String.format(Locale.ROOT,
                        "the plan's width asks for %d agents, but this machine can sustain about %d, by %s; pass --agents %d to use fewer.",
                        automatic, capacity.agents(), capacity.reason(), capacity.agents()));
            }
        } else if (limits.favorParallelization()) {
            automatic = cap;
            reasons.add("favor_parallelization: using all " + count(cap) + " the limits allow");
        } else {
            automatic = fewestReaching(schedules, cap, fastest + kind.coordinationMillis());
            if (automatic < cap) {
                reasons.add(String.format(Locale.ROOT,
                        "Dependencies and task lengths: %s %s within one agent's coordination cost of %d (%s, estimate); more would wait",
                        count(automatic), automatic == 1 ? "finishes" : "finish", cap,
                        Durations.formatMillis(schedules.of(automatic).makespanMillis())));
            } else {
                reasons.add(String.format(Locale.ROOT, "%s for the shortest simulated schedule (%s, estimate)",
                        automatic == 1 ? "1 agent is all it takes" : "All " + count(automatic) + " are needed",
                        Durations.formatMillis(fastest)));
            }
        }

        int agents = limits.override().orElse(automatic);
        if (limits.override().isPresent()) {
            reasons.add(String.format(Locale.ROOT, "User override: %s (%s); automatic scaling would pick %d",
                    count(agents), limits.overrideOrigin(), automatic));
            if (agents > capacity.agents()) {
                warnings.add(String.format(Locale.ROOT,
                        "using %s as asked, but this machine can sustain about %d, by %s; automatic scaling would pick %d.",
                        count(agents), capacity.agents(), capacity.reason(), automatic));
            }
            if (agents > width) {
                warnings.add(String.format(Locale.ROOT, "at most %d %s can run at once, so %d of the %d agents will stay idle.",
                        width, width == 1 ? "task" : "tasks", agents - width, agents));
            }
        }

        Simulation chosen = schedules.of(agents);
        long overhead = kind.coordinationMillis() * agents;
        long saved = sequential - chosen.makespanMillis() - overhead;
        double roi = (double) saved / overhead;
        return new ScalingDecision(limits.override().isPresent(), agents, automatic, capacity.agents(), capacity.reason(),
                width, n, type, DependencyDepth.of(graph), average, sequential, chosen.makespanMillis(), overhead,
                kind.coordinationMillis(), roi, reasons, warnings);
    }

    /**
     * Splits a mass operation of {@code items} items into batches, one per agent.
     *
     * @param workMillis the estimated work of all items together, without per-task start-up
     * @param kind what will run each batch
     */
    public static Batching batch(int items, long workMillis, ExecutorKind kind, TaskType type, Limits limits,
            Machine machine) {
        requireNonNull(kind, "kind is null");
        requireNonNull(type, "type is null");
        requireNonNull(limits, "limits is null");
        requireNonNull(machine, "machine is null");
        if (items < 1) {
            throw new IllegalArgumentException("items must be at least 1, got " + items);
        }
        long perItem = Math.max(1, workMillis / items);
        long work = Math.max(workMillis, items);
        List<String> reasons = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        // start-up <= 10% of a batch's time  <=>  start-up <= 10% x (start-up + k x perItem)  <=>  k >= 9 x start-up / perItem
        long minimum = Math.max(1, ceil(STARTUP_FACTOR * kind.startupMillis(), perItem));
        int byStartup = (int) Math.min(items, ceil(items, minimum));
        if (minimum > 1) {
            reasons.add(String.format(Locale.ROOT,
                    "Micro-task batching: a task takes about %s to start and an item about %s, so a batch needs at least %d items to keep start-up under 10%%",
                    Durations.formatMillis(kind.startupMillis()), Durations.formatMillis(perItem), minimum));
        } else {
            reasons.add("Each item (about " + Durations.formatMillis(perItem) + ") is long enough to be a task of its own");
        }
        List<Cap> caps = limitCaps(type, kind, limits, machine, perItem * minimum, work);
        reasons.add("Limits: " + describe(caps));
        int automatic = byStartup;
        for (Cap cap : caps) {
            automatic = Math.min(automatic, cap.agents());
        }
        automatic = Math.max(1, automatic);
        int batches = automatic;
        int agents = automatic;
        if (limits.override().isPresent()) {
            agents = limits.override().get();
            batches = Math.min(agents, items);
            reasons.add(String.format(Locale.ROOT, "User override: %s (%s); automatic scaling would pick %d",
                    count(agents), limits.overrideOrigin(), automatic));
            Cap capacity = capacity(type, kind, machine, perItem * minimum);
            if (agents > capacity.agents()) {
                warnings.add(String.format(Locale.ROOT,
                        "using %s as asked, but this machine can sustain about %d, by %s; automatic scaling would pick %d.",
                        count(agents), capacity.agents(), capacity.reason(), automatic));
            }
            if (agents > items) {
                warnings.add(String.format(Locale.ROOT, "there %s, so %d of the %d agents will stay idle.",
                        items == 1 ? "is only 1 item" : "are only " + items + " items", agents - items, agents));
            }
        }
        reasons.add(String.format(Locale.ROOT, "%d %s of about %d %s each", batches, batches == 1 ? "batch" : "batches",
                ceil(items, batches), ceil(items, batches) == 1 ? "item" : "items"));
        return new Batching(batches, agents, items, reasons, warnings);
    }

    /** The limits on automatic scaling, in the order the explanation lists them. */
    private static List<Cap> limitCaps(TaskType type, ExecutorKind kind, Limits limits, Machine machine, long average,
            long sequential) {
        List<Cap> caps = new ArrayList<>();
        caps.add(new Cap(limits.maxAgents(), "max_instances (" + limits.maxAgentsOrigin() + ")"));
        type.cap(machine, average).ifPresent(caps::add);
        cpu(type, kind, machine).ifPresent(caps::add);
        caps.add(memory(kind, machine));
        long overheadAgents = (long) Math.floor(OVERHEAD_SHARE * sequential / kind.coordinationMillis());
        caps.add(new Cap((int) Math.max(1, Math.min(Integer.MAX_VALUE, overheadAgents)),
                "coordination overhead under 10% of the work (" + Durations.formatMillis(kind.coordinationMillis())
                        + " per agent, assumed)"));
        return caps;
    }

    /**
     * What the machine can sustain for this work, the lowest of: the task type's cap, the CPU for
     * CPU-bound work (shell commands run as processes on this machine's cores), and memory, which
     * bounds the rest (built-in actions wait on the disk, agents on their model).
     */
    private static Cap capacity(TaskType type, ExecutorKind kind, Machine machine, long average) {
        Cap lowest = memory(kind, machine);
        List<Cap> others = new ArrayList<>();
        type.cap(machine, average).ifPresent(others::add);
        cpu(type, kind, machine).ifPresent(others::add);
        for (Cap cap : others) {
            if (cap.agents() < lowest.agents()) {
                lowest = cap;
            }
        }
        return lowest;
    }

    /**
     * The CPU's cap for general shell commands, which run as processes on this machine's cores: more
     * than {@link TaskType#TASKS_PER_CORE} per core only take turns. Empty for other kinds, and for
     * task types with a cap of their own (computation and code analysis count the cores; file,
     * network, database and API work waits on something other than the CPU).
     */
    private static Optional<Cap> cpu(TaskType type, ExecutorKind kind, Machine machine) {
        if (kind != ExecutorKind.SHELL || type != TaskType.GENERAL) {
            return Optional.empty();
        }
        return Optional.of(new Cap(TaskType.TASKS_PER_CORE * machine.cores(), "CPU: " + TaskType.TASKS_PER_CORE
                + " shell processes per core x " + machine.cores() + (machine.cores() == 1 ? " core" : " cores")));
    }

    private static Cap memory(ExecutorKind kind, Machine machine) {
        long agents = Math.max(1, machine.availableMemoryBytes() / kind.memoryBytes());
        return new Cap((int) Math.min(Integer.MAX_VALUE, agents), "memory (" + machine.memoryText()
                + " available, about " + (kind.memoryBytes() >> 20) + " MB per agent)");
    }

    /** The fewest agents in 1..cap whose simulated schedule ends by {@code deadline}; the schedule shortens as agents are added. */
    private static int fewestReaching(Schedules schedules, int cap, long deadline) {
        int low = 1;
        int high = cap;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (schedules.of(middle).makespanMillis() <= deadline) {
                high = middle;
            } else {
                low = middle + 1;
            }
        }
        return high;
    }

    private static String describe(List<Cap> caps) {
        StringBuilder text = new StringBuilder();
        for (Cap cap : caps) {
            text.append(text.length() == 0 ? "" : "; ").append(cap.reason()).append(" = ").append(cap.agents());
        }
        return text.toString();
    }

    private static String count(int agents) {
        return agents + (agents == 1 ? " agent" : " agents");
    }

    private static long ceil(long dividend, long divisor) {
        return (dividend + divisor - 1) / divisor;
    }

    /** Simulations of one graph by agent count, each computed once. */
    private static final class Schedules {
        private final TaskGraph graph;
        private final Mode mode;
        private final Waves waves;
        private final CapGroups caps;
        private final Map<Integer, Simulation> byAgents = new HashMap<>();

        Schedules(TaskGraph graph, Mode mode, CapGroups caps) {
            this.graph = graph;
            this.mode = mode;
            this.waves = Waves.of(graph);
            this.caps = caps;
        }

        Simulation of(int agents) {
            return byAgents.computeIfAbsent(agents, count -> Simulator.simulate(graph, mode, count, waves, caps));
        }
    }
}
