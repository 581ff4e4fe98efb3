package dev.wave.check;

import static java.util.Objects.requireNonNull;

import dev.wave.WaveException;
import dev.wave.plan.Task;
import dev.wave.run.ExecutionResult;
import dev.wave.run.FailureDecision;
import dev.wave.run.RunResult;
import dev.wave.run.RunStatus;
import dev.wave.run.TaskExecutor;
import dev.wave.schedule.TaskState;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The check around a run, in two calls: {@link #baseline()} in Wave 0, after the backup and before
 * any task, and {@link #after(RunResult)} after the tasks, before the final commit. In between,
 * {@link #verifier()} verifies critical tasks against the same baseline.
 *
 * <p>Failure handling: a check that cannot run at all in Wave 0 stops the run before any task (it
 * is reported, not blamed on the run); after the tasks, only failures the run introduced turn a
 * succeeded run into a failed one, which {@code on_failure} then handles (by default, a rollback).
 *
 * <p>Called from the run's thread, one call at a time. The calls block while the command runs; a
 * JVM shutdown (Ctrl-C) during a call interrupts it, which kills the command's processes.
 */
public final class RunCheck {
    /** The name the check goes by in failure decisions and reports. */
    public static final String CHECK_ID = "wave check";

    private final Optional<TestCheck> check;
    private final PrintWriter out;
    private final Consumer<String> journal;
    private final Optional<Baseline> earlier;
    private Optional<Baseline> baseline = Optional.empty();
    private volatile Optional<CheckOutcome> inRun = Optional.empty(); // the last check after the tasks run as a step

    RunCheck(Optional<TestCheck> check, PrintWriter out, Consumer<String> journal) {
        this(check, out, journal, Optional.empty());
    }

    /** A check whose baseline an earlier session of the run took, before any task ran: {@link #baseline()} reads it. */
    RunCheck(Optional<TestCheck> check, PrintWriter out, Consumer<String> journal, Optional<Baseline> earlier) {
        this.check = requireNonNull(check, "check is null");
        this.out = requireNonNull(out, "out is null");
        this.journal = requireNonNull(journal, "journal is null");
        this.earlier = requireNonNull(earlier, "earlier is null");
    }

    /** The baseline taken, once {@link #baseline()} has run with a command. */
    public Optional<Baseline> taken() {
        return baseline;
    }

    /**
     * Wave 0: runs the check before any change and keeps what already fails.
     *
     * @throws WaveException of kind UNSAFE_STATE when the check cannot run at all (a missing tool, a timeout,
     *     a failure with no test results to compare): no task has run then
     * @throws InterruptedException when the JVM shuts down meanwhile; the command's processes are gone
     */
    public void baseline() throws InterruptedException {
        if (check.isEmpty()) {
            journal.accept("check   none");
            return;
        }
        TestCheck testCheck = check.get();
        String command = testCheck.command().command();
        if (earlier.isPresent()) {
            baseline = earlier;
            journal.accept("check   baseline \"" + command + "\" of the run's first session, read back: "
                    + earlier.get().run().describe());
            out.printf("Wave 0: check baseline (%s) from before the run's first task, read back: %s; only new failures "
                    + "count.%n", command, earlier.get().describe());
            out.flush();
            return;
        }
        Baseline taken = interruptible(testCheck::baseline);
        Optional<String> unusable = taken.unusable();
        journal.accept("check   baseline \"" + command + "\": " + taken.run().describe() + " log=" + taken.run().log());
        taken.run().notes().forEach(note -> journal.accept("check   unreadable report " + note));
        CheckRecord.write(testCheck.record(), testCheck.command(), taken, Optional.empty());
        if (unusable.isPresent()) {
            throw WaveException.unsafeState("the check \"%s\" cannot run here: %s. No task ran. Install what it needs or "
                    + "fix it, choose another with --verify CMD, or run without a check with --verify none (log: %s).",
                    command, unusable.get(), taken.run().log());
        }
        baseline = Optional.of(taken);
        out.printf("Wave 0: check baseline (%s): %s; %s.%n", command, taken.describe(), taken.run().collectionError()
                .isPresent() ? "unless the tests can be collected after the tasks, the run's changes are not verified"
                        : "only new failures count");
        out.flush();
    }

    /**
     * Verifies critical tasks without a {@code verify:} of their own: the check command again, compared with
     * the baseline, so only new failures fail the task. Empty before the baseline or without a command.
     */
    public Optional<TaskExecutor> verifier() {
        if (check.isEmpty() || baseline.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Verifier(check.get(), baseline.get()));
    }

    /**
     * The check after the tasks as a step of the run, which the run core takes when it inserts fix waves for
     * it (SPEC F17): each call runs the command, compares it with the baseline, and fails, with the outcome and
     * the end of the command's output as the failed check, when the run introduced failures. Once it ran,
     * {@link #after} does not run the command again: it records and prints the last outcome. Empty before
     * the baseline or without a command. Called from one worker at a time.
     */
    public Optional<TaskExecutor> afterTasksStep() {
        if (check.isEmpty() || baseline.isEmpty()) {
            return Optional.empty();
        }
        TestCheck testCheck = check.get();
        Baseline taken = baseline.get();
        return Optional.of((task, workDirectory, log) -> {
            CheckOutcome outcome = testCheck.compare(taken, "after-" + task.id());
            inRun = Optional.of(outcome);
            journal.accept("check   after (" + task.id() + "): " + outcome.describe());
            return Verifier.result(outcome, log);
        });
    }

    /**
     * After the tasks: runs the check again when the run succeeded and compares it with the baseline.
     *
     * @return {@code result} as it is, or, when the run introduced failures, the same result failed, with a
     *     failure decision for {@link #CHECK_ID} that names them
     * @throws InterruptedException when the JVM shuts down meanwhile; the command's processes are gone
     */
    public RunResult after(RunResult result) throws InterruptedException {
        requireNonNull(result, "result is null");
        if (check.isEmpty() || baseline.isEmpty()) {
            return result;
        }
        if (result.status() != RunStatus.SUCCEEDED) {
            if (inRun.isPresent()) { // the run failed on it, after its fix waves: the core decided
                CheckRecord.write(check.get().record(), check.get().command(), baseline.get(), inRun);
                out.printf("Check after the tasks (%s): %s%n", check.get().command().command(), inRun.get().describe());
                out.flush();
            } else {
                journal.accept("check   after: not run, the run " + result.status().label());
            }
            return result;
        }
        TestCheck testCheck = check.get();
        Optional<CheckOutcome> ran = inRun;
        CheckOutcome outcome = ran.isPresent() ? ran.get() : interruptible(() -> testCheck.compare(baseline.get(), "after"));
        journal.accept("check   after: " + outcome.describe() + (ran.isPresent() ? " (run as a step of the run)" : ""));
        CheckRecord.write(testCheck.record(), testCheck.command(), baseline.get(), Optional.of(outcome));
        out.printf("Check after the tasks (%s): %s%n", testCheck.command().command(), outcome.describe());
        out.flush();
        if (!outcome.blamesRun()) {
            return result;
        }
        List<FailureDecision> decisions = new ArrayList<>(result.decisions());
        int failed = (int) result.count(TaskState.FAILED);
        decisions.add(new FailureDecision(CHECK_ID, 1, FailureDecision.Action.ABORT, failed, result.tasks().size(),
                result.agents(), result.agents(), outcome.describe(),
                outcome instanceof CheckOutcome.CouldNotRun ? "the check could not run after the tasks, though it ran before them"
                        : "the check after the tasks found failures the run introduced"));
        return result.withStatus(RunStatus.FAILED, decisions);
    }

    /** Something that runs the check command. */
    private interface Call<T> {
        T call() throws InterruptedException;
    }

    /**
     * Runs {@code call} on this thread; a JVM shutdown meanwhile (Ctrl-C) interrupts it and waits, at most
     * 10 seconds, until it has stopped the command's processes.
     */
    private static <T> T interruptible(Call<T> call) throws InterruptedException {
        Thread caller = Thread.currentThread();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            caller.interrupt();
            try {
                stopped.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "wave-check-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return call.call();
        } finally {
            stopped.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // Shutting down: the hook is running.
            }
        }
    }

    /** Runs the check after a critical task; succeeds unless the run introduced failures. */
    private static final class Verifier implements TaskExecutor {
        private static final int MAX_OUTPUT = 4000;
        private final TestCheck check;
        private final Baseline baseline;

        Verifier(TestCheck check, Baseline baseline) {
            this.check = check;
            this.baseline = baseline;
        }

        @Override
        public ExecutionResult execute(Task task, Path workDirectory, Path log) throws InterruptedException {
            return result(check.compare(baseline, "verify-" + task.id()), log);
        }

        /**
         * The outcome as an attempt's result, its line appended to {@code log}: failed when it blames the run, with
         * the outcome and the end of the command's output as the failed check (what a fix wave is given).
         */
        static ExecutionResult result(CheckOutcome outcome, Path log) {
            String line = outcome.describe();
            append(log, "--- wave: check: " + line + "\n");
            boolean couldNotRun = outcome instanceof CheckOutcome.CouldNotRun;
            Optional<Integer> exit = couldNotRun ? Optional.empty() : runOf(outcome).exitCode();
            ExecutionResult result = new ExecutionResult(exit, !outcome.blamesRun(), line, List.of());
            return outcome.blamesRun() ? result.withFailedCheck(line + (couldNotRun ? "" : "\n" + tail(runOf(outcome).log())))
                    : result;
        }

        /** The last characters of the check's output, where runners report their failures. */
        private static String tail(Path output) {
            String text = String.join("\n", TestCheck.tail(output)).strip();
            return text.length() <= MAX_OUTPUT ? text : "..." + text.substring(text.length() - MAX_OUTPUT);
        }

        private static TestRun runOf(CheckOutcome outcome) {
            if (outcome instanceof CheckOutcome.Passed passed) {
                return passed.run();
            }
            if (outcome instanceof CheckOutcome.NoNewFailures none) {
                return none.run();
            }
            if (outcome instanceof CheckOutcome.NewFailures fresh) {
                return fresh.run();
            }
            if (outcome instanceof CheckOutcome.NotVerified unverified) {
                return unverified.run();
            }
            throw new AssertionError(outcome);
        }

        private static void append(Path log, String text) {
            try {
                Files.writeString(log, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                // The log is a convenience; the outcome is returned either way.
            }
        }
    }
}
