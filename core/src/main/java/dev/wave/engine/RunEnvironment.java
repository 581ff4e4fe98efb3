package dev.wave.engine;

import static java.util.Objects.requireNonNull;

import dev.wave.request.ProgressDisplay;
import dev.wave.run.FailureHandler;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Where a run reports and whom it asks: the caller's side of {@link Orchestrator#execute}.
 *
 * @param out progress, the Wave 0 line and the summary
 * @param approver approves the plan and its critical tasks
 * @param progress how progress is shown ({@code live} needs a terminal to redraw on)
 * @param pausePrompt asks retry / skip / abort for {@code on_failure: pause}; empty without a terminal
 * @param mayRedraw whether the live dashboard may redraw now (false while a question is on screen)
 * @param base the directory paths are printed relative to
 * @param control cancels the run from another thread
 */
public record RunEnvironment(PrintWriter out, Approver approver, Optional<ProgressDisplay> progress,
        Optional<FailureHandler> pausePrompt, BooleanSupplier mayRedraw, Path base, RunControl control) {
    public RunEnvironment {
        requireNonNull(out, "out is null");
        requireNonNull(approver, "approver is null");
        requireNonNull(progress, "progress is null");
        requireNonNull(pausePrompt, "pausePrompt is null");
        requireNonNull(mayRedraw, "mayRedraw is null");
        requireNonNull(base, "base is null");
        requireNonNull(control, "control is null");
    }

    /**
     * Prints to {@code out}, approves with {@code approver}, shows progress as the run's settings say
     * (live falls back to plain lines: no terminal), no pause prompt, paths relative to the current directory.
     */
    public static RunEnvironment of(PrintWriter out, Approver approver) {
        return new RunEnvironment(out, approver, Optional.empty(), Optional.empty(), () -> true, Path.of(""),
                new RunControl());
    }

    /** Shows progress as {@code progress}, whatever the run's settings say. */
    public RunEnvironment withProgress(ProgressDisplay progress) {
        return new RunEnvironment(out, approver, Optional.of(progress), pausePrompt, mayRedraw, base, control);
    }

    public RunEnvironment withPausePrompt(FailureHandler prompt, BooleanSupplier mayRedraw) {
        return new RunEnvironment(out, approver, progress, Optional.of(prompt), mayRedraw, base, control);
    }

    public RunEnvironment withControl(RunControl control) {
        return new RunEnvironment(out, approver, progress, pausePrompt, mayRedraw, base, control);
    }
}
