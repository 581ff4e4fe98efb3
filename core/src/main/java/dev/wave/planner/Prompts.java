package dev.wave.planner;

import java.util.List;
import java.util.Optional;

/**
 * Specialised agent prompts (SPEC F8): one atomic objective, the files the task owns, the tools to
 * use, success criteria, and where to write the checkpoint. Each prompt stands alone: an agent
 * reading only its prompt knows what to do and when it is done.
 */
final class Prompts {
    /** Where an agent writes its own report; {@code latest} points at the running run's directory. */
    static final String CHECKPOINT_DIRECTORY = ".wave/runs/latest/checkpoints";
    private static final int MAX_LISTED_FILES = 40;

    private Prompts() {}

    /** What an agent may do. */
    enum Access {
        /** Reads and reports; edits nothing. */
        READ_ONLY,
        /** Edits the files it owns. */
        EDIT,
        /** Edits the files it owns where they need it, and may find that none does ("review and fix if needed"). */
        EDIT_IF_NEEDED;

        boolean edits() {
            return this != READ_ONLY;
        }
    }

    static String agent(String id, String goal, String objective, String role, List<String> owned, Access access,
            Optional<TestCommand> tests, List<String> criteria, List<String> inputs) {
        StringBuilder prompt = new StringBuilder();
        prompt.append("Objective: ").append(objective).append('\n');
        prompt.append("Context: this is task \"").append(id).append("\" of a plan wave made for the goal: ").append(goal)
                .append(goal.endsWith(".") ? "" : ".").append(" Other agents work on other tasks of the plan at the same time.\n");
        if (!inputs.isEmpty()) {
            prompt.append("Inputs: read first what the tasks before you found, in ");
            for (int i = 0; i < inputs.size(); i++) {
                prompt.append(i == 0 ? "" : ", ").append(CHECKPOINT_DIRECTORY).append('/').append(inputs.get(i)).append(".agent.json");
            }
            prompt.append(".\n");
        }
        prompt.append("Role: ").append(role).append('\n');
        if (owned.isEmpty()) {
            prompt.append(access.edits()
                    ? "Files you own: none assigned. Find the files this objective needs with Grep and Glob, change only those, and list them in your checkpoint.\n"
                    : "Files you own: none; read whatever the objective needs.\n");
        } else {
            prompt.append(access.edits() ? "Files you own (change only these):\n" : "Files to read first:\n");
            int listed = Math.min(owned.size(), MAX_LISTED_FILES);
            for (String file : owned.subList(0, listed)) {
                prompt.append("  - ").append(file).append('\n');
            }
            if (owned.size() > listed) {
                prompt.append("  - ... and ").append(owned.size() - listed).append(" more in ")
                        .append(Partition.describeDirectories(owned.subList(listed, owned.size()))).append('\n');
            }
        }
        prompt.append("Tools: ").append(access.edits() ? "Read, Grep, Glob, Edit, Write" : "Read, Grep, Glob")
                .append(", Bash (").append(tests.map(test -> test.command() + ", ").orElse(""))
                .append(access.edits() ? "git diff" : "git log, git blame, git diff").append(")\n");
        prompt.append("Rules: ").append(access.edits() ? "do not change files outside your scope; " : "do not change any file of the project (your checkpoint excepted); ")
                .append(access == Access.EDIT_IF_NEEDED ? "if nothing needs changing, change nothing and say so in your checkpoint; " : "")
                .append("do not commit, push or switch branches (wave backs up and commits); do not start servers that keep running.\n");
        prompt.append("Success criteria:\n");
        for (String criterion : criteria) {
            prompt.append("  - ").append(criterion).append('\n');
        }
        prompt.append("Checkpoint: when done, write a JSON object {\"task_id\": \"").append(id)
                .append(access.edits() ? "\", \"status\": \"success\" or \"failure\", \"files_created\": [...], \"files_modified\": [...], "
                        + "\"summary\": \"one paragraph\"} to "
                        : "\", \"status\": \"success\" or \"failure\", \"findings\": [...], \"summary\": \"one paragraph\"} to ")
                .append(CHECKPOINT_DIRECTORY).append('/').append(id).append(".agent.json in the repository root.\n");
        return prompt.toString();
    }
}
