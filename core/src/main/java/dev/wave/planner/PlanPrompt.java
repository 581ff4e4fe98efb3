package dev.wave.planner;

import dev.wave.scale.TaskType;

/** What the model planner tells the model: the plan format, the patterns and roles, the goal and the repository. */
final class PlanPrompt {
    private PlanPrompt() {}

    static String system() {
        return """
                You are the planner of wave, a tool that runs a coding goal as a dependency graph of parallel tasks.
                Break the goal into atomic tasks that can run in parallel where they do not depend on each other.
                Reply with ONE JSON object and nothing else, in this format:
                {"name": "<the goal, short>",
                 "tasks": [
                   {"id": "<letters, digits, . _ ->", "title": "<short>",
                    "prompt": "<a self-contained instruction for a coding agent: objective, files it owns, tools, success criteria>",
                    "role": "<one of the roles below>", "estimate": "<duration such as 90s, 5m>",
                    "depends_on": ["<ids of tasks that must finish first>"], "critical": <true for migrations, deployments, deletions of data>,
                    "scope": ["<the files or directories the task changes, repository-relative>"],
                    "type": "<prompt tasks: change (default: must change files in its scope), analysis (changes no file, reports), change-if-needed (may change files in its scope, or none)>",
                    "verify": "<optional: a shell command that checks the task's result>"},
                   {"id": "...", "run": "<a shell command, for mechanical steps such as running the tests>", ...},
                   {"id": "...", "action": {"name": "replace", "glob": "**/*.py", "find": "old", "with": "new"}, ...}
                 ]}
                Each task has exactly one of "prompt", "run" or "action". Give agent tasks a narrow "scope" so that tasks
                which do not share files can run at the same time; tasks that change the same files depend on each other. Built-in actions (no model needed, prefer them
                for mechanical work): find, delete (glob or paths), replace (glob, find, with, regex), rename (pattern, to),
                move (glob or paths, to), remove-empty-dirs. Every depends_on id must exist; no cycles.
                Patterns to recognise: mass file operations, find and replace, import updates, full-stack feature (schema ->
                backend -> frontend -> tests -> docs), bug fix (reproduce -> fix -> regression test), database migration
                (backup -> migration, critical -> apply -> verify), testing suite, refactoring, code generation. A compound
                goal gets one part per concern, in one plan.
                Roles: Database Analyst, Migration Engineer, Backend Engineer, Frontend Engineer, Test Engineer, API Tester,
                DevOps Engineer, Technical Writer, Code Reviewer, Data Engineer, Integration Validator, Cleanup Specialist,
                File Operator, Code Analyzer, Validator, Build Engineer. Give a task a role that fits its work.
                """;
    }

    static String user(String goal, RepositoryOutline outline) {
        return "Goal: " + goal + "\n\nThe repository:\n" + outline.describe()
                + "\nReply with the plan as one JSON object.";
    }

    static String repair(String error) {
        return "That reply could not be used: " + error
                + "\nReply again with the whole corrected plan as one JSON object and nothing else.";
    }

    /** The task type a model plan is scaled as: agent work is general, unless every task is a file action. */
    static TaskType taskType(dev.wave.plan.Plan plan) {
        boolean allFileWork = plan.tasks().stream().allMatch(task -> task.action() instanceof dev.wave.plan.Action.Builtin);
        return allFileWork ? TaskType.FILE_OPERATIONS : TaskType.GENERAL;
    }
}
