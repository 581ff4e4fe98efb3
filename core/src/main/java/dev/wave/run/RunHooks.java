package dev.wave.run;

import static java.util.Objects.requireNonNull;

import dev.wave.schedule.PriorityOrder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * What a {@link Runner} plugs in around its deterministic core: the retry timer, the jitter's
 * random source, the durable event log, the integration step, the tasks an earlier session of
 * the run already finished (for resume), the priority order the analysis chose (longest path
 * first when absent), and the run's check against its baseline, which the core runs after the tasks
 * and in fix waves (SPEC F17) when the run has agent tasks and fix waves.
 *
 * @param spentBefore what earlier sessions' agents spent on work no finished record covers (for resume): by
 *     plan task id for a task that runs again (its record and the budget count it), under any other key (a fix
 *     wave's step) for the budget only
 */
public record RunHooks(RunTimer timer, RandomGenerator random, EventLog eventLog, TaskIntegrator integrator,
        List<TaskRecord> finished, Optional<PriorityOrder> order, Optional<TaskExecutor> runCheck,
        Map<String, Usage> spentBefore) {
    public RunHooks {
        requireNonNull(timer, "timer is null");
        requireNonNull(random, "random is null");
        requireNonNull(eventLog, "eventLog is null");
        requireNonNull(integrator, "integrator is null");
        finished = List.copyOf(finished);
        requireNonNull(order, "order is null");
        requireNonNull(runCheck, "runCheck is null");
        spentBefore = Map.copyOf(spentBefore);
    }

    public RunHooks(RunTimer timer, RandomGenerator random, EventLog eventLog, TaskIntegrator integrator,
            List<TaskRecord> finished, Optional<PriorityOrder> order) {
        this(timer, random, eventLog, integrator, finished, order, Optional.empty(), Map.of());
    }

    /**
     * The shared daemon timer, a fresh random source, no event log, in-place integration, nothing
     * finished, longest-path-first order.
     */
    public static RunHooks defaults() {
        return new RunHooks(RunTimer.daemon(), new java.util.SplittableRandom(), EventLog.none(),
                TaskIntegrator.inPlace(), List.of(), Optional.empty());
    }

    public RunHooks withTimer(RunTimer timer) {
        return new RunHooks(timer, random, eventLog, integrator, finished, order, runCheck, spentBefore);
    }

    public RunHooks withRandom(RandomGenerator random) {
        return new RunHooks(timer, random, eventLog, integrator, finished, order, runCheck, spentBefore);
    }

    public RunHooks withEventLog(EventLog eventLog) {
        return new RunHooks(timer, random, eventLog, integrator, finished, order, runCheck, spentBefore);
    }

    public RunHooks withIntegrator(TaskIntegrator integrator) {
        return new RunHooks(timer, random, eventLog, integrator, finished, order, runCheck, spentBefore);
    }

    /** Tasks that ended in an earlier session: they never run again. */
    public RunHooks withFinished(List<TaskRecord> finished) {
        return new RunHooks(timer, random, eventLog, integrator, finished, order, runCheck, spentBefore);
    }

    /** Starts ready tasks in {@code order}, the order the analysis chose and showed, instead of longest path first. */
    public RunHooks withOrder(PriorityOrder order) {
        return new RunHooks(timer, random, eventLog, integrator, finished, Optional.of(order), runCheck, spentBefore);
    }

    /**
     * The run's check against its baseline: with it, a run with agent tasks and fix waves runs the check after
     * its tasks as a step of its own, and a failure there gets fix waves (SPEC F17) before the run fails.
     */
    public RunHooks withRunCheck(TaskExecutor check) {
        return new RunHooks(timer, random, eventLog, integrator, finished, order, Optional.of(check), spentBefore);
    }

    /** What earlier sessions' agents spent beyond the finished tasks' records: see {@link #spentBefore()}. */
    public RunHooks withSpentBefore(Map<String, Usage> spentBefore) {
        return new RunHooks(timer, random, eventLog, integrator, finished, order, runCheck, spentBefore);
    }
}
