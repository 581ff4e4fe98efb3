package dev.wave.engine;

import dev.wave.run.RunResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A step around the tasks, such as a test baseline: {@link #beforeTasks} runs after Wave 0 and before
 * the first task; {@link #afterTasks} after the last task and before the final commit or rollback.
 * {@link #stageStarting} and {@link #stageEnded} mark the boundaries of the run's own stages, for
 * observers (and for tests, which cancel or crash a run there). Called on the orchestrator's thread.
 * A step must not change the repository. An exception thrown by a step ends the session where it
 * is, as a crash of the process would: the journal keeps the run resumable.
 */
public interface RunStep {
    /** The run's own stages, in the order they run; a run that succeeded commits, one that failed may roll back. */
    enum Stage {
        /** The backup, and the check's baseline. */
        WAVE_ZERO,
        /** The tasks, each integrated after it succeeds. */
        TASKS,
        /** The final commit of a run that succeeded. */
        FINAL_COMMIT,
        /** What a run that did not succeed does with its changes: the rollback, when {@code on_failure} says so. */
        ROLLBACK
    }

    /** After Wave 0. A problem returned here stops the run before any task starts (it ends failed). */
    default Optional<String> beforeTasks(PreparedRun run, Path runDirectory, PrintWriter out) {
        return Optional.empty();
    }

    /** After the tasks, when they succeeded. A problem returned here fails the run (no commit; on_failure applies). */
    default Optional<String> afterTasks(PreparedRun run, RunResult result, Path runDirectory, PrintWriter out) {
        return Optional.empty();
    }

    /** A stage of run {@code runId} is about to start. */
    default void stageStarting(Stage stage, String runId) {
    }

    /**
     * A stage of run {@code runId} has done its work, before the journal records that it has (so an
     * exception thrown here leaves the run as a crash between the two would).
     */
    default void stageEnded(Stage stage, String runId) {
    }
}
