package dev.wave.engine;

import dev.wave.run.RunResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A step around the tasks, such as a test baseline: {@link #beforeTasks} runs after Wave 0 and before
 * the first task; {@link #afterTasks} after the last task and before the final commit or rollback.
 * Called on the orchestrator's thread. A step must not change the repository.
 */
public interface RunStep {
    /** After Wave 0. A problem returned here stops the run before any task starts (it ends failed). */
    default Optional<String> beforeTasks(PreparedRun run, Path runDirectory, PrintWriter out) {
        return Optional.empty();
    }

    /** After the tasks, when they succeeded. A problem returned here fails the run (no commit; on_failure applies). */
    default Optional<String> afterTasks(PreparedRun run, RunResult result, Path runDirectory, PrintWriter out) {
        return Optional.empty();
    }
}
