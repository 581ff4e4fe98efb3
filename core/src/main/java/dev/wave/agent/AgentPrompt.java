package dev.wave.agent;

import dev.wave.plan.Action;
import dev.wave.plan.AgentChange;
import dev.wave.plan.Task;

/**
 * The prompt an agent task's CLI gets (SPEC F8): the plan's prompt (the planners already write it
 * self-contained: objective, files owned, tools, success criteria, checkpoint), followed by what
 * wave itself enforces, so that even a hand-written one-line {@code prompt:} stands alone.
 */
final class AgentPrompt {
    private AgentPrompt() {}

    static String of(Task task, Action.Agent agent) {
        StringBuilder prompt = new StringBuilder(agent.prompt().strip()).append("\n\n");
        prompt.append("Task: ").append(task.id());
        if (!task.title().equals(task.id())) {
            prompt.append(" (").append(task.title()).append(')');
        }
        prompt.append('\n');
        task.role().ifPresent(role -> prompt.append("Role: ").append(role).append('\n'));
        if (agent.change() == AgentChange.NONE) {
            // an analysis: nothing in this part may read as a request to change files
            prompt.append(task.scope().isEmpty() ? "Scope: read whatever the objective needs; change no file.\n"
                    : "Scope (read these first; change no file): " + String.join(", ", task.scope()) + '\n');
            prompt.append("Work in the current directory, a git worktree of your own; change no file of the project and "
                    + "do not commit, push or switch branches: this task only analyses, and your findings are its result.\n");
            prompt.append("Success: no file of the project changed (a checkpoint file under .wave/ is not part of the "
                    + "project), your findings in your final result message, no refused tool, ");
        } else {
            prompt.append(task.scope().isEmpty() ? "Scope: the whole repository; change only what the objective needs.\n"
                    : "Scope (change only these; your worktree holds only them): " + String.join(", ", task.scope()) + '\n');
            prompt.append("Work in the current directory, a git worktree of your own; do not commit, push or switch branches "
                    + "(wave commits and merges your change).\n");
            prompt.append(agent.change() == AgentChange.IF_NEEDED
                    ? "Success: a change inside the scope where one is needed, or no change when none is (say which in your "
                            + "final result message), no refused tool, "
                    : "Success: a non-empty change inside the scope, no refused tool, ");
        }
        prompt.append(task.verify().map(command -> "and `" + command + "` passing").orElse("and a final result message"))
                .append(".\n");
        return prompt.toString();
    }
}
