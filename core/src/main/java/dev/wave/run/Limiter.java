package dev.wave.run;

import static java.util.Objects.requireNonNull;

import dev.wave.plan.Plan;
import dev.wave.schedule.CapGroups;
import dev.wave.schedule.Dispatcher;
import java.time.Duration;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Optional;

/**
 * The {@link RunCore}'s book of {@link RunLimits}: what the run's agents spent (ended attempts, and
 * running ones so far), whether that reached the budget, each task's agent provider and which
 * providers a rate limit paused. The dispatcher's cap groups are the providers (each may be paused),
 * then the capped task kinds. Not thread-safe: the core's caller serialises calls.
 */
final class Limiter {
    private final RunLimits limits;
    private final CapGroups groups; // group k of the dispatcher is provider k
    private final int[] rateLimitStreak; // by provider: rate limits in a row
    private final boolean[] paused; // by provider
    private Usage[] running; // by task (plan tasks, then inserted ones): the running attempt's usage so far, if reporting
    private final BitSet reporting = new BitSet(); // the plan tasks whose running attempt reported usage
    private Usage spent = Usage.NONE; // by attempts that ended
    private Optional<String> reached = Optional.empty();

    Limiter(Plan plan, RunLimits limits) {
        this.limits = requireNonNull(limits, "limits is null");
        this.groups = CapGroups.of(plan, limits.caps(), limits.provider());
        running = new Usage[plan.size()];
        rateLimitStreak = new int[groups.providers().size()];
        paused = new boolean[groups.providers().size()];
    }

    /**
     * Tells the dispatcher the cap groups of every task ({@link CapGroups}, the rule the estimate follows too);
     * nothing when there are no providers and no caps.
     */
    void capGroups(Dispatcher dispatcher) {
        groups.applyTo(dispatcher);
    }

    /** The provider of plan task {@code task} (its dispatcher group), -1 when it is no agent's. */
    int providerOf(int task) {
        return groups.providerOf(task);
    }

    boolean isAgent(int task) {
        return groups.providerOf(task) >= 0;
    }

    String providerName(int provider) {
        return groups.providers().get(provider);
    }

    int provider(String name) {
        return groups.providers().indexOf(name);
    }

    boolean isPaused(int provider) {
        return provider >= 0 && paused[provider];
    }

    /**
     * An attempt of {@code provider} ended: a rate limit pauses it and returns how long (the backoff,
     * doubled for each rate limit in a row), unless it is paused already; any other ending resets the streak.
     */
    Optional<Duration> attemptEnded(int provider, boolean rateLimited) {
        if (provider < 0) {
            return Optional.empty();
        }
        if (!rateLimited) {
            rateLimitStreak[provider] = 0;
            return Optional.empty();
        }
        rateLimitStreak[provider]++;
        if (paused[provider]) {
            return Optional.empty();
        }
        paused[provider] = true;
        long base = limits.rateLimitBackoff().toMillis() << Math.min(rateLimitStreak[provider] - 1, 20);
        return Optional.of(Duration.ofMillis(Math.min(base, RunLimits.MAX_RATE_LIMIT_BACKOFF.toMillis())));
    }

    /** The pause of {@code provider} is over; false when it was not paused. */
    boolean resume(int provider) {
        if (provider < 0 || !paused[provider]) {
            return false;
        }
        paused[provider] = false;
        return true;
    }

    /** The attempt of task {@code index} ended having used {@code usage}; -1 for work no task owns (earlier sessions'). */
    void spend(int index, Usage usage) {
        if (index >= 0) {
            reporting.clear(index);
        }
        spent = spent.plus(usage);
    }

    /** The running attempt of task {@code index} has used {@code soFar}. */
    void report(int index, Usage soFar) {
        if (index >= running.length) { // a task the core inserted (a fix wave's step)
            running = Arrays.copyOf(running, Math.max(index + 1, running.length * 2));
        }
        running[index] = requireNonNull(soFar, "soFar is null");
        reporting.set(index);
    }

    /** What the run's agents used: the attempts that ended, and the running ones so far. */
    Usage spent() {
        Usage total = spent;
        for (int task = reporting.nextSetBit(0); task >= 0; task = reporting.nextSetBit(task + 1)) {
            total = total.plus(running[task]);
        }
        return total;
    }

    /** Why agent tasks stop starting, the first time the budget is reached; empty before and after. */
    Optional<String> newlyReached() {
        if (reached.isPresent() || !limits.hasBudget()) {
            return Optional.empty();
        }
        reached = limits.reached(spent());
        return reached;
    }

    /** Why agent tasks stopped starting, once the budget was reached. */
    Optional<String> reached() {
        return reached;
    }
}
