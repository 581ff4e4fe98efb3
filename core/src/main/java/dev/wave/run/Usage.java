package dev.wave.run;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.Optional;

/**
 * What model work cost: tokens in and out, and money when the agent reports it. Empty for shell and
 * built-in tasks. Sums add tokens; a sum's cost is known when any part's is (the others add nothing).
 *
 * @param inputTokens model input tokens, cache reads included
 * @param outputTokens model output tokens
 * @param costUsd money spent in US dollars, as the agent reported it; empty when it reports none (codex)
 */
public record Usage(long inputTokens, long outputTokens, Optional<Double> costUsd) {
    public static final Usage NONE = new Usage(0, 0, Optional.empty());

    public Usage {
        if (inputTokens < 0 || outputTokens < 0) {
            throw new IllegalArgumentException("tokens must not be negative, got " + inputTokens + " in and "
                    + outputTokens + " out");
        }
        requireNonNull(costUsd, "costUsd is null");
        if (costUsd.isPresent() && (costUsd.get() < 0 || costUsd.get().isNaN())) {
            throw new IllegalArgumentException("cost must not be negative, got " + costUsd.get());
        }
    }

    /** Usage with a cost in dollars. */
    public static Usage of(long inputTokens, long outputTokens, double costUsd) {
        return new Usage(inputTokens, outputTokens, Optional.of(costUsd));
    }

    /** Usage of an agent that reports tokens but no cost. */
    public static Usage tokens(long inputTokens, long outputTokens) {
        return new Usage(inputTokens, outputTokens, Optional.empty());
    }

    public long tokens() {
        return inputTokens + outputTokens;
    }

    /** The cost in dollars, 0 when unknown. */
    public double dollars() {
        return costUsd.orElse(0.0);
    }

    public boolean isEmpty() {
        return inputTokens == 0 && outputTokens == 0 && costUsd.isEmpty();
    }

    public Usage plus(Usage other) {
        requireNonNull(other, "other is null");
        if (other == NONE) {
            return this; // a shell task's end: nothing to add, nothing to allocate
        }
        Optional<Double> cost = costUsd.isEmpty() && other.costUsd.isEmpty() ? Optional.empty()
                : Optional.of(dollars() + other.dollars());
        return new Usage(inputTokens + other.inputTokens, outputTokens + other.outputTokens, cost);
    }

    /** {@code 12,345 tokens, $0.0420} or {@code 12,345 tokens}, for summaries. */
    public String describe() {
        String tokens = String.format(Locale.ROOT, "%,d tokens", tokens());
        return costUsd.map(cost -> tokens + ", " + dollars(cost)).orElse(tokens);
    }

    /** A dollar amount as the summaries show it: {@code $0.0420}. */
    public static String dollars(double amount) {
        return String.format(Locale.ROOT, "$%.4f", amount);
    }
}
