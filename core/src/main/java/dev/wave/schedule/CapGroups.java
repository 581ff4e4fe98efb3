package dev.wave.schedule;

import static java.util.Objects.requireNonNull;

import dev.wave.plan.Plan;
import dev.wave.plan.Task;
import dev.wave.plan.TaskGraph;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The concurrency caps of a plan (SPEC F13, {@code --caps prompt=2,claude=1}) as the {@link Dispatcher}'s
 * groups: the one rule that both the run (the run core's limiter, which also pauses a provider after a rate
 * limit) and the estimate ({@link Simulator}, {@link OrderSearch}) apply, so the plan's estimate waits for a
 * cap as the run does.
 *
 * <p>The groups are the agent providers first ({@code claude}, {@code codex}, ... in the order their first
 * task appears in the plan; group k is provider k, capped or not, so that it can be paused), then the capped
 * task kinds ({@code run}, {@code action}, {@code prompt}, sorted). A task belongs to its provider's group and
 * to its kind's group when that kind is capped. A cap naming neither a provider of the plan nor a kind limits
 * nothing. Immutable and thread-safe.
 */
public final class CapGroups {
    private static final CapGroups NONE = new CapGroups(List.of(), new int[0], new int[0][], new int[0]);

    private final List<String> providers;
    private final int[] providerOf; // by task: its provider's group, -1 when it has none
    private final int[][] groups; // by task: its groups; empty when nothing is capped or paused
    private final int[] limits; // by group

    private CapGroups(List<String> providers, int[] providerOf, int[][] groups, int[] limits) {
        this.providers = List.copyOf(providers);
        this.providerOf = providerOf;
        this.groups = groups;
        this.limits = limits;
    }

    /** No caps and no providers: the dispatcher is limited by its agents alone. */
    public static CapGroups none() {
        return NONE;
    }

    /**
     * The groups of {@code plan}'s tasks.
     *
     * @param caps at most this many tasks of a group run at once, by provider or task kind
     * @param provider the agent provider of a task ({@code claude}, ...), empty for tasks that are not agents'
     */
    public static CapGroups of(Plan plan, Map<String, Integer> caps, Function<Task, Optional<String>> provider) {
        requireNonNull(plan, "plan is null");
        requireNonNull(caps, "caps is null");
        requireNonNull(provider, "provider is null");
        int n = plan.size();
        List<String> providers = new ArrayList<>();
        int[] providerOf = new int[n];
        for (int task = 0; task < n; task++) {
            providerOf[task] = provider.apply(plan.task(task)).map(name -> {
                int known = providers.indexOf(name);
                if (known < 0) {
                    providers.add(name);
                    return providers.size() - 1;
                }
                return known;
            }).orElse(-1);
        }
        List<String> kinds = new ArrayList<>(new TreeSet<>(caps.keySet()));
        kinds.removeAll(providers);
        if (providers.isEmpty() && kinds.isEmpty()) {
            return new CapGroups(List.of(), providerOf, new int[0][], new int[0]);
        }
        int[] limits = new int[providers.size() + kinds.size()];
        for (int group = 0; group < limits.length; group++) {
            String name = group < providers.size() ? providers.get(group) : kinds.get(group - providers.size());
            limits[group] = caps.getOrDefault(name, Integer.MAX_VALUE);
        }
        int[][] groups = new int[n][];
        for (int task = 0; task < n; task++) {
            int kind = kinds.indexOf(plan.task(task).action().kind());
            int own = providerOf[task];
            groups[task] = own >= 0 && kind >= 0 ? new int[] {own, providers.size() + kind}
                    : own >= 0 ? new int[] {own}
                    : kind >= 0 ? new int[] {providers.size() + kind} : new int[0];
        }
        return new CapGroups(providers, providerOf, groups, limits);
    }

    /** The agent providers of the plan, in the order of their first task: provider k is the dispatcher's group k. */
    public List<String> providers() {
        return providers;
    }

    /** The provider group of task {@code task}, -1 when it is no agent's. */
    public int providerOf(int task) {
        return providerOf.length == 0 ? -1 : providerOf[task];
    }

    /** Gives {@code dispatcher} these groups, before its first {@code next}; nothing when there are none. */
    public void applyTo(Dispatcher dispatcher) {
        requireNonNull(dispatcher, "dispatcher is null");
        if (limits.length > 0) {
            dispatcher.caps(groups, limits);
        }
    }

    /**
     * No schedule under these caps is shorter than this: for each capped group, its tasks' estimated work
     * over its cap (rounded up); 0 without caps.
     */
    long lowerBoundMillis(TaskGraph graph) {
        long bound = 0;
        if (limits.length == 0) {
            return bound;
        }
        long[] work = new long[limits.length];
        for (int task = 0; task < groups.length; task++) {
            for (int group : groups[task]) {
                work[group] += graph.estimateMillis(task);
            }
        }
        for (int group = 0; group < limits.length; group++) {
            if (limits[group] < Integer.MAX_VALUE) {
                bound = Math.max(bound, (work[group] + limits[group] - 1) / limits[group]);
            }
        }
        return bound;
    }
}
