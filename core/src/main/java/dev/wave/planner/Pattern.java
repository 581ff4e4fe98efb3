package dev.wave.planner;

import dev.wave.scale.TaskType;

/** The task patterns of the seeds the heuristic planner recognises, each with the kind of work it mostly is. */
public enum Pattern {
    CLEANUP("Mass file operations (cleanup)", TaskType.FILE_OPERATIONS, true),
    FIND_AND_REPLACE("Find and replace across files", TaskType.FILE_OPERATIONS, true),
    IMPORT_UPDATE("Import / module path update", TaskType.FILE_OPERATIONS, true),
    FILE_RENAME("Mass file operations (rename)", TaskType.FILE_OPERATIONS, true),
    TEST_RUN("Test run (parallel shards)", TaskType.COMPUTATION, true),
    FULL_STACK_FEATURE("Full-stack feature", TaskType.GENERAL, false),
    BUG_FIX("Bug fix", TaskType.CODE_ANALYSIS, false),
    DATABASE_MIGRATION("Database migration", TaskType.DATABASE_OPERATIONS, false),
    TESTING_SUITE("Testing suite", TaskType.GENERAL, false),
    REFACTORING("Refactoring", TaskType.CODE_ANALYSIS, false),
    CODE_GENERATION("Code generation", TaskType.GENERAL, false),
    /** One unit of code added where the goal says (a helper, a function, a method): written, then tested. */
    CODE_ADDITION("Code addition (a helper, a function, type hints)", TaskType.GENERAL, false),
    /** Several concerns in one goal: a part per concern, each planned by its own pattern. */
    COMPOUND("Compound goal (a part per concern)", TaskType.GENERAL, false),
    /** No pattern matched: one agent task for the whole goal. */
    UNRECOGNISED("Unrecognised (one agent task for the whole goal)", TaskType.GENERAL, false);

    private final String label;
    private final TaskType taskType;
    private final boolean mechanical;

    Pattern(String label, TaskType taskType, boolean mechanical) {
        this.label = label;
        this.taskType = taskType;
        this.mechanical = mechanical;
    }

    /** The name shown in the analysis box. */
    public String label() {
        return label;
    }

    public TaskType taskType() {
        return taskType;
    }

    /** Whether the pattern's main work is mechanical (built-in actions) rather than judgement (agents). */
    public boolean mechanical() {
        return mechanical;
    }
}
