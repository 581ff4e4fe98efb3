package dev.wave.check;

import static java.util.Objects.requireNonNull;

import dev.wave.planner.TestCommand;
import dev.wave.request.Setting;
import dev.wave.request.Source;
import dev.wave.request.Verify;
import dev.wave.run.TaskExecutor;
import dev.wave.sandbox.Sandbox;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The entry point of the {@code check} package: chooses the check command from the {@code verify}
 * setting and the repository, and makes the checks that run it. Stateless and thread-safe.
 */
public final class Checks {
    /** How long one run of the check command may take before its processes are killed. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);

    private Checks() {}

    /**
     * The check command: the one {@code verify} names, the project's detected test command for {@code auto},
     * none for {@code none} or when no test command is detected. Reads build files; changes nothing.
     */
    public static Optional<CheckCommand> command(Setting<Verify> verify, Path repository) {
        requireNonNull(verify, "verify is null");
        requireNonNull(repository, "repository is null");
        Verify value = verify.value();
        if (value instanceof Verify.Command given) {
            return Optional.of(new CheckCommand(given.command(), verify.origin()));
        }
        if (value instanceof Verify.Off) {
            return Optional.empty();
        }
        return TestCommand.detect(repository).map(test -> new CheckCommand(test.command(), "detected: " + test.tool()
                + test.why().map(why -> ", " + why).orElse("")));
    }

    /** One line for the analysis: the command and where it came from, or why there is none. */
    public static String describe(Setting<Verify> verify, Optional<CheckCommand> command) {
        if (command.isPresent()) {
            return command.get().command() + " (" + command.get().origin() + "), before any change and after the tasks; "
                    + "only failures the run introduces fail it";
        }
        if (verify.value() instanceof Verify.Off) {
            return "none (verify none from " + (verify.source() == Source.DEFAULT ? "default" : verify.origin())
                    + "): the run's changes are not tested";
        }
        return "none: no test command detected (Maven, Gradle, npm, pytest, go, cargo, make, Python test files); give one "
                + "with --verify CMD";
    }

    /** A check that runs {@code command} in {@code repository}, with its logs and reports in {@code directory}. */
    public static TestCheck check(CheckCommand command, Path repository, Path directory) {
        return check(command, repository, directory, Sandbox.defaults());
    }

    /** The same, in {@code sandbox}: the run's, as its settings say. */
    public static TestCheck check(CheckCommand command, Path repository, Path directory, Sandbox sandbox) {
        // The check writes its reports into the run directory, which the sandbox otherwise keeps read-only.
        return new TestCheck(command, repository, directory,
                TaskExecutor.shell(sandbox.withWritable(List.of(directory))), DEFAULT_TIMEOUT);
    }

    /**
     * The check of a resumed run: the baseline its first session took before any task ran, read back from
     * {@code check/check.json}, with the command it was taken with; when that session took none and no task has
     * started yet, a baseline taken now; otherwise no check, as there is nothing from before the run's changes to
     * compare with ({@code out} and {@code journal} say so).
     *
     * @param tasksStarted whether a task of the run has started in an earlier session
     */
    public static RunCheck forResumedRun(Optional<CheckCommand> command, Path repository, Path runDirectory,
            PrintWriter out, Consumer<String> journal, Sandbox sandbox, boolean tasksStarted) {
        requireNonNull(command, "command is null");
        Path directory = runDirectory.resolve("check");
        Optional<CheckRecord.Recorded> recorded = CheckRecord.read(directory.resolve("check.json"));
        if (recorded.isPresent()) {
            return new RunCheck(Optional.of(check(recorded.get().command(), repository, directory, sandbox)), out, journal,
                    Optional.of(recorded.get().baseline()));
        }
        if (command.isPresent() && tasksStarted) {
            journal.accept("check   not run: the run's first session took no baseline before its tasks");
            out.printf("Check: not run (%s): the run's first session took no baseline before its tasks started, so "
                    + "there is nothing to compare with.%n", command.get().command());
            return forRun(Optional.empty(), repository, runDirectory, out, journal, sandbox);
        }
        return forRun(command, repository, runDirectory, out, journal, sandbox);
    }

    /**
     * The run's check, or a check that does nothing when there is no command.
     *
     * @param runDirectory the run's directory; the check's logs and reports go to its {@code check/}
     * @param out where the baseline and the outcome are printed for people
     * @param journal where one line per check goes ({@code orchestrator.log})
     * @param sandbox the run's sandbox, in which the check runs as the tasks do
     */
    public static RunCheck forRun(Optional<CheckCommand> command, Path repository, Path runDirectory, PrintWriter out,
            Consumer<String> journal, Sandbox sandbox) {
        requireNonNull(command, "command is null");
        requireNonNull(runDirectory, "runDirectory is null");
        requireNonNull(sandbox, "sandbox is null");
        return new RunCheck(command.map(chosen -> check(chosen, repository, runDirectory.resolve("check"), sandbox)), out,
                journal);
    }
}
