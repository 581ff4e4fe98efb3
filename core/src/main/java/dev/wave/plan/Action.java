package dev.wave.plan;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * What a task does: exactly one of a shell command, a built-in file action or an agent prompt.
 */
public sealed interface Action permits Action.Shell, Action.Builtin, Action.Agent {
    /** The plan-file key that introduces this kind of action. */
    String kind();

    /** A short human description, for progress lines and reports. */
    String describe();

    /** A shell command run with {@code sh -c} in the repository. */
    record Shell(String command) implements Action {
        public Shell {
            requireNonNull(command, "command is null");
        }

        @Override
        public String kind() {
            return "run";
        }

        @Override
        public String describe() {
            return command;
        }
    }

    /** A built-in file action (find, delete, replace, rename, move, remove-empty-dirs), run in-process. */
    record Builtin(FileAction fileAction) implements Action {
        public Builtin {
            requireNonNull(fileAction, "fileAction is null");
        }

        @Override
        public String kind() {
            return "action";
        }

        @Override
        public String describe() {
            return fileAction.describe();
        }
    }

    /**
     * A prompt for a headless coding agent.
     *
     * @param prompt what the agent is asked to do
     * @param agent the agent CLI for this task (a plan file's {@code agent:}: claude, codex, aider or a
     *     command template); the run's agent when empty
     * @param change the change the task is expected to make (a plan file's {@code type:}): one
     *     ({@code change}), none ({@code analysis}: it only analyses), or one if needed
     *     ({@code change-if-needed})
     */
    record Agent(String prompt, Optional<String> agent, AgentChange change) implements Action {
        public Agent {
            requireNonNull(prompt, "prompt is null");
            requireNonNull(agent, "agent is null");
            requireNonNull(change, "change is null");
        }

        /** A prompt that must change files ({@code analysisOnly} false) or changes none ({@code analysisOnly} true). */
        public Agent(String prompt, Optional<String> agent, boolean analysisOnly) {
            this(prompt, agent, analysisOnly ? AgentChange.NONE : AgentChange.REQUIRED);
        }

        /** A prompt that changes files, run by the run's agent. */
        public Agent(String prompt) {
            this(prompt, Optional.empty(), AgentChange.REQUIRED);
        }

        /** Whether the task only analyses ({@code type: analysis}): it succeeds without changing a file. */
        public boolean analysisOnly() {
            return change == AgentChange.NONE;
        }

        @Override
        public String kind() {
            return "prompt";
        }

        @Override
        public String describe() {
            return prompt.length() <= 60 ? prompt : prompt.substring(0, 57) + "...";
        }
    }
}
