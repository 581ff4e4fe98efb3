package dev.wave.run;

import static java.util.Objects.requireNonNull;

import dev.wave.schedule.PriorityOrder;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * What a {@link Runner} plugs in around its deterministic core: the retry timer, the jitter's
 * random source, the durable event log, the integration step, and the tasks an earlier session of
 * the run already finished (for resume), and the priority order the analysis chose (longest path
 * first when absent), and the run's check against its baseline, which the core runs after the tasks
 * and in fix waves (SPEC F17) when the run has agent tasks and fix waves.
 */
public record RunHooks(RunTimer timer, RandomGenerator random, EventLog eventLog, TaskIntegrator integrator,
        List<TaskRecord> finished, Optional<PriorityOrder> order, Optional<TaskExecutor> runCheck) {
    public RunHooks {
        requireNonNull(timer, "timer is null");
        requireNonNull(random, "random is null");
        requireNonNull(eventLog, "eventLog is null");
        requireNonNull(integrator, "integrator is null");
        finished = List.copyOf(finished);
        requireNonNull(order, "order is null");
        requireNonNull(runCheck, "runCheck is null");
    }

    public RunHooks(RunTimer timer, RandomGenerator random, EventLog eventLog, TaskIntegrator integrator,
            List<TaskRecord> finished, Optional<PriorityOrder> order) {
        this(timer, random, eventLog, integrator, finished, order, Optional.empty());
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
        return new RunHooks(timer, random, eventLog, integrator, finished, order, runCheck);
    }

    public RunHooks withRandom(RandomGenerator random) {
        return new RunHooks(timer, random, eventLog, integrator, finished, order, runCheck);
    }

    public RunHooks withEventLog(EventLog eventLog) {
        return new RunHooks(timer, random, eventLog, integrator, finished, order, runCheck);
    }

    public RunHooks withIntegrator(TaskIntegrator integrator) {
        return new RunHooks(timer, random, eventLog, integrator, finished, order, runCheck);
    }

    /** Tasks that ended in an earlier session: they never run again. */
    public RunHooks withFinished(List<TaskRecord> finished) {
        return new RunHooks(timer, random, eventLog, integrator, finished, order, runCheck);
    }

    /** Starts ready tasks in {@code order}, the order the analysis chose and showed, instead of longest path first. */
    public RunHooks withOrder(PriorityOrder order) {
        return new RunHooks(timer, random, eventLog, integrator, finished, Optional.of(order), runCheck);
    }

    /**
     * The run's check against its baseline: with it, a run with agent tasks and fix waves runs the check after
     * its tasks as a step of its own, and a failure there gets fix waves (SPEC F17) before the run fails.
     */
    public RunHooks withRunCheck(TaskExecutor check) {
        return new RunHooks(timer, random, eventLog, integrator, finished, order, Optional.of(check));
    }
}
