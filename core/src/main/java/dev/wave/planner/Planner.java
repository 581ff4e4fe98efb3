package dev.wave.planner;

/**
 * Turns a goal into a plan. The entry point of the {@code planner} package.
 *
 * <p>The heuristic planner is stateless and thread-safe, works offline, and reads the repository
 * (never writes it); it blocks while it scans. A goal it cannot recognise gives a small plan that
 * says so in its notes, not an error.
 */
public interface Planner {
    /**
     * Plans {@code goal}.
     *
     * @throws dev.wave.WaveException of kind INVALID_INPUT when the repository cannot be read
     */
    GeneratedPlan plan(Goal goal);

    /** The offline planner: pattern recognition from trigger words and a repository scan. */
    static Planner heuristic() {
        return HeuristicPlanner.INSTANCE;
    }

    /**
     * A planner that asks a model through {@code client} and asks again, with the error, when a reply
     * is not a valid plan, at most {@code attempts} times in all.
     *
     * @throws dev.wave.WaveException from {@link #plan} of kind INVALID_INPUT when the model cannot be
     *     reached or gives no valid plan in time
     */
    static Planner model(dev.wave.planner.model.ModelClient client, int attempts) {
        return new ModelPlanner(client, attempts);
    }
}
