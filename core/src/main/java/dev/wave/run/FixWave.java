package dev.wave.run;

import static java.util.Objects.requireNonNull;

import dev.wave.plan.Action;
import dev.wave.plan.Task;
import java.util.Optional;

/**
 * The tasks of one fix wave (SPEC F17): after a check failed behind an agent task's work, an agent
 * analyses the failure, another fixes it with the analysis and the check's output, and the check runs
 * again. Each is a task of its own, numbered as an inserted wave ({@code 5.1}). Which check failed is
 * the wave's {@link Cause}. Stateless.
 */
public final class FixWave {
    /** The role of the analysing agent; an agent task in this role succeeds without changing files. */
    public static final String ANALYST_ROLE = "Fix Analyst";
    /** The most characters of a check's output a fix prompt quotes (its end: where failures are reported). */
    static final int MAX_OUTPUT = 4000;

    /** The run's check after the tasks as the parent of the fix waves that fix it, as failure decisions name it. */
    public static final String CHECK_AFTER_TASKS = "wave check";
    /** The id of the run's check after the tasks as a task, and the prefix of its fix waves' ids (a branch name part). */
    static final String CHECK_AFTER_TASKS_ID = "wave-check";

    /** Which check failed, so that a fix wave follows. */
    enum Cause {
        /** The agent task's own check ({@code verify:}), in its worktree before its merge. */
        TASK_CHECK,
        /** The run's check against its baseline, after the task's merge ({@code check_between_merges}). */
        CHECK_AFTER_MERGE,
        /** The run's check against its baseline, after every task ended. */
        CHECK_AFTER_TASKS
    }

    /** The steps of a fix wave, in order; {@code CHECK} is the run's check after the tasks, before any wave. */
    enum Step {
        ANALYSE,
        FIX,
        RECHECK,
        CHECK;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private FixWave() {}

    static Task analyse(Task failed, int round, Optional<String> check, String output, Cause cause) {
        String prompt = opening(failed, cause) + " Analyse why.\n\n"
                + context(failed, check, output)
                + "\nRead the code and the output, find the cause, and say in your final message what must change, "
                + "where and why. Do not change any file: another agent makes the fix from your analysis.";
        return step(failed, round, Step.ANALYSE, new Action.Agent(prompt, agentOf(failed), true), Optional.of(ANALYST_ROLE),
                Optional.empty());
    }

    /**
     * @param check the check that failed, as the prompt names it; the fix's worktree runs it before the merge for
     *     {@link Cause#TASK_CHECK}; the run's check runs in the repository after the merge, so for the other causes
     *     the worktree runs the task's own {@code verify:}, if it has one
     */
    static Task fix(Task failed, String wave, int round, Optional<String> check, String output, String analysis,
            Cause cause) {
        String subject = cause == Cause.CHECK_AFTER_TASKS ? "the run's check after its tasks"
                : "the failing check of task \"" + failed.id() + "\"";
        String prompt = "Fix " + subject + " (fix wave " + wave + ").\n\n"
                + context(failed, check, output)
                + "\nAn analysis of the failure:\n" + quote(analysis)
                + (cause == Cause.TASK_CHECK
                        ? "\nThe task's work, as the check saw it, is in your working directory (when it was kept): fix it, or "
                                + "make the change the task asks for, so that the check passes; change only what that needs."
                        : "\nThe run's work so far, merged, is in your working directory: fix it so that the check passes "
                                + "again, keeping what the tasks did; change only what that needs.");
        Optional<String> verify = cause == Cause.TASK_CHECK ? check : failed.verify();
        return step(failed, round, Step.FIX, new Action.Agent(prompt, agentOf(failed), false), failed.role(), verify);
    }

    /** The first sentence of an analysis prompt: what failed, and when. */
    private static String opening(Task failed, Cause cause) {
        return switch (cause) {
            case TASK_CHECK -> "The work of task \"" + failed.id() + "\" is done, but its check fails.";
            case CHECK_AFTER_MERGE -> "The work of task \"" + failed.id() + "\" was merged into the run, and then the "
                    + "run's check found failures that were not there before the run.";
            case CHECK_AFTER_TASKS -> "Every task of the run is done, but the run's check after them finds failures "
                    + "that were not there before the run.";
        };
    }

    static Task recheck(Task failed, int round, String check) {
        return step(failed, round, Step.RECHECK, new Action.Shell(requireNonNull(check, "check is null")), failed.role(),
                Optional.empty());
    }

    /**
     * The run's check after the tasks, as a task of its own: the parent of the fix waves that fix it.
     *
     * @param id its id, distinct from the plan's
     * @param command the check's command, for people: the step runs the check against its baseline
     */
    static Task checkAfterTasks(String id, String command) {
        return new Task(id, "the run's check after the tasks", new Action.Shell(command), java.util.List.of(),
                Optional.empty(), Optional.empty(), false, Optional.empty(), 0, java.util.Map.of());
    }

    /** The agent the failed task named, so that its fix wave runs on the same agent. */
    private static Optional<String> agentOf(Task failed) {
        return failed.action() instanceof Action.Agent agent ? agent.agent() : Optional.empty();
    }

    private static String context(Task failed, Optional<String> check, String output) {
        if (!(failed.action() instanceof Action.Agent agent)) { // the run's check after the tasks: no instructions
            return "The check: " + check.orElse("the project's check") + "\n" + "What the check said:\n" + quote(tail(output));
        }
        String instructions = agent.prompt().strip();
        return "The task's instructions:\n" + quote(instructions)
                + (failed.scope().isEmpty() ? "" : "Its scope: " + String.join(", ", failed.scope()) + "\n")
                + "The check: " + check.orElse("the project's check") + "\n"
                + "What the check said:\n" + quote(tail(output));
    }

    private static String quote(String text) {
        return "```\n" + text.strip() + "\n```\n";
    }

    private static String tail(String output) {
        return output.length() <= MAX_OUTPUT ? output : "..." + output.substring(output.length() - MAX_OUTPUT);
    }

    /** A step's task: the failed task's scope, environment and timeout, no retries, no dependencies. */
    private static Task step(Task failed, int round, Step step, Action action, Optional<String> role,
            Optional<String> verify) {
        String id = failed.id() + ".fix" + round + "." + step.label();
        return new Task(id, id, action, java.util.List.of(), Optional.empty(), role, false, failed.timeout(), 0,
                failed.env(), verify, failed.scope(), failed.network());
    }
}
