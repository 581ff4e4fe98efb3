package dev.wave.engine;

import static java.util.Objects.requireNonNull;

import dev.wave.plan.Plan;
import dev.wave.run.FailurePolicy;
import dev.wave.run.RunHooks;
import dev.wave.run.RunListener;
import dev.wave.run.RunOptions;
import dev.wave.run.TaskExecutor;
import dev.wave.schedule.Waves;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.concurrent.Executor;

/**
 * The tasks of one run, as the submitting side hands them to an {@link Engine}: what the local
 * {@link dev.wave.run.Runner} takes, plus where the run is and where to print.
 *
 * @param runId the run
 * @param prepared the analysed run: plan, waves, priority order, settings, critical tasks
 * @param runDirectory {@code .wave/runs/<run-id>}
 * @param options agents, mode, fail-fast, the repository and the log directory, the retry backoff
 * @param executor the local executors (sandboxed, guarded); engines that run tasks elsewhere bring their own
 * @param listener hears the run's events in order (progress display, checkpoints)
 * @param failurePolicy the failure-rate thresholds and the failure handler
 * @param hooks the event log (the journal), the tasks an earlier session finished, the order, timer and random
 * @param clock the submitting side's clock
 * @param workers the threads the local engine runs tasks on
 * @param out where an engine says what it does (the workflow it submitted, say)
 */
public record TaskRun(String runId, PreparedRun prepared, Path runDirectory, RunOptions options, TaskExecutor executor,
        RunListener listener, FailurePolicy failurePolicy, RunHooks hooks, InstantSource clock, Executor workers,
        PrintWriter out) {
    public TaskRun {
        requireNonNull(runId, "runId is null");
        requireNonNull(prepared, "prepared is null");
        requireNonNull(runDirectory, "runDirectory is null");
        requireNonNull(options, "options is null");
        requireNonNull(executor, "executor is null");
        requireNonNull(listener, "listener is null");
        requireNonNull(failurePolicy, "failurePolicy is null");
        requireNonNull(hooks, "hooks is null");
        requireNonNull(clock, "clock is null");
        requireNonNull(workers, "workers is null");
        requireNonNull(out, "out is null");
    }

    public Plan plan() {
        return prepared.plan();
    }

    public Waves waves() {
        return prepared.analysis().waves();
    }
}
