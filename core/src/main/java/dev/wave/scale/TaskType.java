package dev.wave.scale;

import java.util.Locale;
import java.util.Optional;

/** What kind of work a plan mostly does (SPEC F6); each kind limits parallelism differently. */
public enum TaskType {
    FILE_OPERATIONS,
    API_CALLS,
    COMPUTATION,
    NETWORK_OPERATIONS,
    DATABASE_OPERATIONS,
    CODE_ANALYSIS,
    GENERAL;

    /** Disk I/O: about this many operations in flight at once. */
    static final int FILE_OPERATIONS_CAP = 10_000;
    /** Open connections a machine sustains. */
    static final int NETWORK_OPERATIONS_CAP = 5_000;
    /** Connections a database serves at once (assumed; a typical pool size). */
    static final int DATABASE_CONNECTIONS = 10;
    /** CPU-bound work: more than this many per core only queues. */
    static final int TASKS_PER_CORE = 4;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind of work of a plan file, which names none: file operations when every task is a built-in action, else general. */
    public static TaskType of(dev.wave.plan.Plan plan) {
        for (dev.wave.plan.Task task : plan.tasks()) {
            if (!(task.action() instanceof dev.wave.plan.Action.Builtin)) {
                return GENERAL;
            }
        }
        return FILE_OPERATIONS;
    }

    /**
     * The most agents this kind of work can use on {@code machine}, and why; empty when the kind
     * has no cap of its own.
     */
    Optional<Cap> cap(Machine machine, long averageMillis) {
        return switch (this) {
            case FILE_OPERATIONS -> Optional.of(new Cap(FILE_OPERATIONS_CAP, label() + " (disk I/O)"));
            case NETWORK_OPERATIONS -> Optional.of(new Cap(NETWORK_OPERATIONS_CAP, label() + " (open connections)"));
            case COMPUTATION, CODE_ANALYSIS -> Optional.of(new Cap(TASKS_PER_CORE * machine.cores(), label() + " ("
                    + TASKS_PER_CORE + " x " + machine.cores() + (machine.cores() == 1 ? " core)" : " cores)")));
            case DATABASE_OPERATIONS -> Optional.of(new Cap(DATABASE_CONNECTIONS, label()
                    + " (database connections, assumed)"));
            case API_CALLS -> machine.apiRequestsPerMinute().map(perMinute -> {
                int cap = (int) Math.max(1, Math.min(Integer.MAX_VALUE, perMinute * averageMillis / 60_000L));
                return new Cap(cap, label() + " (rate limit " + perMinute + " requests/min over "
                        + dev.wave.plan.Durations.formatMillis(averageMillis) + " per task)");
            });
            case GENERAL -> Optional.empty();
        };
    }
}
