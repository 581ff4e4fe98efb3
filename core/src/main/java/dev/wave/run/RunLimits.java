package dev.wave.run;

import static java.util.Objects.requireNonNull;

import dev.wave.plan.Action;
import dev.wave.plan.Task;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a run may spend and how much of each kind of work runs at once: the budget shared by every
 * agent of the run, concurrency caps by task kind or agent provider (SPEC F13), the pause after a
 * provider's rate limit, and the fix waves inserted after a failed check (SPEC F17). Immutable.
 *
 * @param budgetUsd no new agent task starts once the run's agents have spent this many dollars
 * @param budgetTokens no new agent task starts once the run's agents have used this many tokens
 * @param caps at most this many tasks of a group run at once; a group is a task kind ({@code run},
 *     {@code action}, {@code prompt}) or an agent provider ({@code claude}, {@code codex}, ...)
 * @param rateLimitBackoff how long a provider whose attempt hit a rate limit starts no new task; doubles
 *     while its attempts keep hitting it, up to {@link #MAX_RATE_LIMIT_BACKOFF}
 * @param fixAttempts how many fix waves (analyse, fix, re-check) a check that failed after an agent's work gets
 *     (the task's {@code verify:}, the run's check after its merge or after the tasks); 0: none
 * @param recheck the project's check command, re-run by a fix wave when the task has no {@code verify:}; with it
 *     (and {@link RunHooks#runCheck}), the core runs the check after the tasks of a run with agent tasks
 * @param provider the agent provider of a task ({@code claude}, ...), empty for tasks that are not agents'
 */
public record RunLimits(Optional<Double> budgetUsd, Optional<Long> budgetTokens, Map<String, Integer> caps,
        Duration rateLimitBackoff, int fixAttempts, Optional<String> recheck, Function<Task, Optional<String>> provider) {
    public static final Duration DEFAULT_RATE_LIMIT_BACKOFF = Duration.ofSeconds(10);
    public static final Duration MAX_RATE_LIMIT_BACKOFF = Duration.ofMinutes(5);
    public static final int DEFAULT_FIX_ATTEMPTS = 1;
    public static final int MAX_FIX_ATTEMPTS = 5;

    public RunLimits {
        requireNonNull(budgetUsd, "budgetUsd is null");
        requireNonNull(budgetTokens, "budgetTokens is null");
        if (budgetUsd.isPresent() && !(budgetUsd.get() > 0)) {
            throw new IllegalArgumentException("budgetUsd must be positive, got " + budgetUsd.get());
        }
        if (budgetTokens.isPresent() && budgetTokens.get() < 1) {
            throw new IllegalArgumentException("budgetTokens must be positive, got " + budgetTokens.get());
        }
        caps = Map.copyOf(caps);
        caps.forEach((group, cap) -> {
            if (cap < 1) {
                throw new IllegalArgumentException("the cap of " + group + " must be at least 1, got " + cap);
            }
        });
        requireNonNull(rateLimitBackoff, "rateLimitBackoff is null");
        if (fixAttempts < 0 || fixAttempts > MAX_FIX_ATTEMPTS) {
            throw new IllegalArgumentException("fixAttempts must be between 0 and " + MAX_FIX_ATTEMPTS + ", got "
                    + fixAttempts);
        }
        requireNonNull(recheck, "recheck is null");
        requireNonNull(provider, "provider is null");
    }

    /**
     * No budget, no caps, fix waves off, a 10s pause after a rate limit; every agent task's provider is
     * {@code agent}.
     */
    public static RunLimits none() {
        return new RunLimits(Optional.empty(), Optional.empty(), Map.of(), DEFAULT_RATE_LIMIT_BACKOFF, 0,
                Optional.empty(), RunLimits::anyAgent);
    }

    public RunLimits withBudgetUsd(double dollars) {
        return new RunLimits(Optional.of(dollars), budgetTokens, caps, rateLimitBackoff, fixAttempts, recheck, provider);
    }

    public RunLimits withBudgetTokens(long tokens) {
        return new RunLimits(budgetUsd, Optional.of(tokens), caps, rateLimitBackoff, fixAttempts, recheck, provider);
    }

    public RunLimits withCap(String group, int cap) {
        Map<String, Integer> copy = new LinkedHashMap<>(caps);
        copy.put(requireNonNull(group, "group is null"), cap);
        return new RunLimits(budgetUsd, budgetTokens, copy, rateLimitBackoff, fixAttempts, recheck, provider);
    }

    public RunLimits withCaps(Map<String, Integer> caps) {
        return new RunLimits(budgetUsd, budgetTokens, caps, rateLimitBackoff, fixAttempts, recheck, provider);
    }

    public RunLimits withRateLimitBackoff(Duration backoff) {
        return new RunLimits(budgetUsd, budgetTokens, caps, backoff, fixAttempts, recheck, provider);
    }

    public RunLimits withFixAttempts(int attempts) {
        return new RunLimits(budgetUsd, budgetTokens, caps, rateLimitBackoff, attempts, recheck, provider);
    }

    public RunLimits withRecheck(String command) {
        return new RunLimits(budgetUsd, budgetTokens, caps, rateLimitBackoff, fixAttempts, Optional.of(command), provider);
    }

    /** Names the agent provider of each task ({@code claude}, {@code codex}, ...): the key of its cap and its pause. */
    public RunLimits withProvider(Function<Task, Optional<String>> provider) {
        return new RunLimits(budgetUsd, budgetTokens, caps, rateLimitBackoff, fixAttempts, recheck, provider);
    }

    /** Whether a budget is set. */
    public boolean hasBudget() {
        return budgetUsd.isPresent() || budgetTokens.isPresent();
    }

    /** Why {@code spent} reached the budget ({@code budget reached: $1.0200 of $1.0000}), empty while it has not. */
    public Optional<String> reached(Usage spent) {
        requireNonNull(spent, "spent is null");
        if (budgetUsd.isPresent() && spent.dollars() >= budgetUsd.get()) {
            return Optional.of("budget reached: " + Usage.dollars(spent.dollars()) + " of " + Usage.dollars(budgetUsd.get()));
        }
        if (budgetTokens.isPresent() && spent.tokens() >= budgetTokens.get()) {
            return Optional.of(String.format(java.util.Locale.ROOT, "budget reached: %,d of %,d tokens", spent.tokens(),
                    budgetTokens.get()));
        }
        return Optional.empty();
    }

    private static Optional<String> anyAgent(Task task) {
        return task.action() instanceof Action.Agent ? Optional.of("agent") : Optional.empty();
    }
}
