package dev.wave.schedule;

import static java.util.Objects.requireNonNull;

/**
 * The priority order {@link OrderSearch} chose and what it gains. Immutable.
 *
 * @param order the order to run: the shortest simulated schedule found
 * @param simulation its simulated schedule
 * @param baseline the schedule of plain longest-path-first, which the search always tries
 * @param candidates how many orders were simulated
 */
public record ScheduleChoice(PriorityOrder order, Simulation simulation, Simulation baseline, int candidates) {
    public ScheduleChoice {
        requireNonNull(order, "order is null");
        requireNonNull(simulation, "simulation is null");
        requireNonNull(baseline, "baseline is null");
        if (simulation.makespanMillis() > baseline.makespanMillis()) {
            throw new IllegalArgumentException("the chosen order (" + simulation.makespanMillis()
                    + " ms) is worse than longest path first (" + baseline.makespanMillis() + " ms)");
        }
    }

    /** The rule that made the chosen order, marked when agents may wait (a strict order). */
    public String rule() {
        return order.rule() + (order.isStrict() ? " (agents may wait)" : "");
    }

    /** How much shorter the chosen schedule is than longest-path-first's: 0.0 when it is that one. */
    public double gainOverBaseline() {
        long base = baseline.makespanMillis();
        return base == 0 ? 0.0 : (double) (base - simulation.makespanMillis()) / base;
    }

    /** Whether an order other than plain longest-path-first won. */
    public boolean improved() {
        return simulation.makespanMillis() < baseline.makespanMillis();
    }
}
