package dev.wave.run;

import static java.util.Objects.requireNonNull;

import dev.wave.plan.Action;
import dev.wave.plan.Task;
import java.util.Optional;

/**
 * The tasks of one fix wave (SPEC F17): after an agent task's check failed, an agent analyses the
 * failure, another fixes it in the task's scope with the analysis and the check's output, and the
 * check runs again. Each is a task of its own, numbered as an inserted wave ({@code 5.1}). Stateless.
 */
public final class FixWave {
    /** The role of the analysing agent; an agent task in this role succeeds without changing files. */
    public static final String ANALYST_ROLE = "Fix Analyst";
    /** The most characters of a check's output a fix prompt quotes (its end: where failures are reported). */
    static final int MAX_OUTPUT = 4000;

    /** The steps of a fix wave, in order. */
    enum Step {
        ANALYSE,
        FIX,
        RECHECK;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private FixWave() {}

    static Task analyse(Task failed, int round, Optional<String> check, String output) {
        String prompt = "The work of task \"" + failed.id() + "\" is done, but its check fails. Analyse why.\n\n"
                + context(failed, check, output)
                + "\nRead the code and the output, find the cause, and say in your final message what must change, "
                + "where and why. Do not change any file: another agent makes the fix from your analysis.";
        return step(failed, round, Step.ANALYSE, new Action.Agent(prompt, agentOf(failed), true), Optional.of(ANALYST_ROLE),
                Optional.empty());
    }

    static Task fix(Task failed, String wave, int round, Optional<String> check, String output, String analysis) {
        String prompt = "Fix the failing check of task \"" + failed.id() + "\" (fix wave " + wave + ").\n\n"
                + context(failed, check, output)
                + "\nAn analysis of the failure:\n" + quote(analysis)
                + "\nThe task's work, as the check saw it, is in your working directory (when it was kept): fix it, or make "
                + "the change the task asks for, so that the check passes; change only what that needs.";
        return step(failed, round, Step.FIX, new Action.Agent(prompt, agentOf(failed), false), failed.role(), check);
    }

    static Task recheck(Task failed, int round, String check) {
        return step(failed, round, Step.RECHECK, new Action.Shell(requireNonNull(check, "check is null")), failed.role(),
                Optional.empty());
    }

    /** The agent the failed task named, so that its fix wave runs on the same agent. */
    private static Optional<String> agentOf(Task failed) {
        return failed.action() instanceof Action.Agent agent ? agent.agent() : Optional.empty();
    }

    private static String context(Task failed, Optional<String> check, String output) {
        String instructions = failed.action() instanceof Action.Agent agent ? agent.prompt().strip()
                : failed.action().describe();
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
