package dev.wave.engine;

import dev.wave.run.RunResult;
import dev.wave.run.Usage;
import java.time.Instant;
import java.util.Optional;

/**
 * Where the tasks of a run execute, once the submitting side has locked and backed up the
 * repository: {@link #local()} runs them on threads of this process (the default); an optional
 * module adds others through an {@link EngineProvider} (the Temporal engine, {@code --engine temporal}).
 * Whatever the engine, the scheduling decisions come from the same deterministic
 * {@link dev.wave.run.RunCore}, and the run's events reach the journal and the listener of
 * {@link TaskRun} in the order they happened, so checkpoints, status and the summary are the same.
 *
 * <p>Implementations are thread-safe and hold no run state: {@link #driver} makes one driver per run.
 */
public interface Engine {
    /** The name of the local engine, the default. */
    String LOCAL = "local";

    /** The name given to {@code --engine}. */
    String name();

    /**
     * Whether this engine runs prompt (agent) tasks; a plan that has any is refused before anything changes when it
     * does not. The local engine does, and the Temporal engine.
     */
    default boolean runsAgentTasks() {
        return false;
    }

    /**
     * Whether the agent CLIs of a plan's prompt tasks must be installed on this machine, as the local engine's are; an
     * engine whose workers run them elsewhere says no (each worker checks its own, and fails an attempt it cannot run).
     */
    default boolean runsAgentsHere() {
        return true;
    }

    /** A driver for the tasks of {@code run}; it starts nothing until {@link Driver#runFrom}. */
    Driver driver(TaskRun run);

    /** The engine that runs tasks on threads of this process: {@link dev.wave.run.Runner}. */
    static Engine local() {
        return LocalEngine.INSTANCE;
    }

    /** Runs the tasks of one run. {@link #cancel} may be called from any thread. */
    interface Driver {
        /**
         * Runs every task and blocks until each has ended. Call once.
         *
         * @param startedAt when the run began (earlier than now for a resumed run)
         * @throws InterruptedException if the calling thread is interrupted; the run is cancelled first
         */
        RunResult runFrom(Instant startedAt) throws InterruptedException;

        /** Nothing new starts, running tasks are stopped, the run ends {@code interrupted}. Returns at once. */
        void cancel();

        /** Why the journal stopped the run, if it did. */
        Optional<String> journalFailure();

        /** What a running agent task has used so far, for the run's budget; a driver that keeps none ignores it. */
        default void usageReported(String taskId, Usage soFar) {}
    }
}
