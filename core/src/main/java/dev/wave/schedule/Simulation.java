package dev.wave.schedule;

/**
 * The schedule the real dispatcher produces on a virtual clock when every task takes exactly its
 * estimate and the orchestrator costs nothing. Immutable.
 *
 * @param mode the mode simulated
 * @param agents the agent count simulated
 * @param makespanMillis when the last task ends
 * @param sequentialMillis the sum of all estimates: the time one agent would need
 * @param criticalPathMillis the longest estimated dependency chain
 * @param lowerBoundMillis no schedule can be shorter: max(critical path, sequential / agents, and under caps each
 *     capped group's work / its cap)
 * @param peakConcurrency the most tasks running at one moment
 */
public record Simulation(
        Mode mode,
        int agents,
        long makespanMillis,
        long sequentialMillis,
        long criticalPathMillis,
        long lowerBoundMillis,
        int peakConcurrency) {

    /** makespan / lower bound: 1.0 is optimal. */
    public double ratioToLowerBound() {
        return lowerBoundMillis == 0 ? 1.0 : (double) makespanMillis / lowerBoundMillis;
    }

    /** (sequential - parallel) / sequential: the share of time saved against one agent. */
    public double efficiency() {
        return sequentialMillis == 0 ? 0.0 : (double) (sequentialMillis - makespanMillis) / sequentialMillis;
    }

    /** The share of agent time spent on tasks: sequential / (agents x makespan). */
    public double utilisation() {
        return makespanMillis == 0 ? 1.0 : (double) sequentialMillis / ((double) agents * makespanMillis);
    }
}
