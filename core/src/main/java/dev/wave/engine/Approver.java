package dev.wave.engine;

/**
 * Approves a prepared run before anything changes: the CLI asks on the terminal (or takes
 * {@code --yes}), a program answers in code. Called on the thread that called
 * {@link Orchestrator#execute}, before the repository is locked.
 */
public interface Approver {
    /** Whether the plan may run. */
    boolean approvePlan(PreparedRun run);

    /**
     * Whether the plan's critical tasks may run; asked only when there are some and
     * {@code require_approval} is on. A no stops the run before anything changes.
     */
    boolean approveCritical(PreparedRun run);

    /** Approves everything, critical tasks included. */
    static Approver all() {
        return Fixed.ALL;
    }

    /** Approves the plan but not its critical tasks. */
    static Approver planOnly() {
        return Fixed.PLAN_ONLY;
    }

    /** Fixed answers. */
    enum Fixed implements Approver {
        ALL(true),
        PLAN_ONLY(false);

        private final boolean critical;

        Fixed(boolean critical) {
            this.critical = critical;
        }

        @Override
        public boolean approvePlan(PreparedRun run) {
            return true;
        }

        @Override
        public boolean approveCritical(PreparedRun run) {
            return critical;
        }
    }
}
