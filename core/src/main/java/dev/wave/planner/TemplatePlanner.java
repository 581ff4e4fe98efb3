package dev.wave.planner;

import java.time.Duration;
import java.util.Set;

/**
 * Plans the patterns that need judgement as agent tasks from the seeds' templates: bug fix,
 * full-stack feature, database migration, testing suite, refactoring, code generation, and the
 * honest one-task plan for a goal no pattern matched. Each template sizes itself from the goal
 * (layers it names, items it lists, "all components" it wants changed) and the repository (files
 * named like the goal's words, the test command, the migration tool). Estimates are the seeds'
 * minutes; they are estimates and shown as such.
 */
final class TemplatePlanner {
    /** Estimated agent time per file when a step fans out over many files (an estimate). */
    static final Duration AGENT_TIME_PER_FILE = Duration.ofMinutes(5);

    private TemplatePlanner() {}

    static GeneratedPlan plan(Goal goal, PatternMatcher.Match match) {
        return plan(goal, match, Set.of());
    }

    /** The template's plan without the tasks of the concerns in {@code leftOut}, which other parts of a compound goal plan. */
    static GeneratedPlan plan(Goal goal, PatternMatcher.Match match, Set<CompoundPlanner.Concern> leftOut) {
        TemplateContext context = new TemplateContext(goal, match, leftOut);
        switch (match.pattern()) {
            case BUG_FIX -> FixTemplates.bugFix(context);
            case FULL_STACK_FEATURE -> BuildTemplates.feature(context);
            case DATABASE_MIGRATION -> BuildTemplates.migration(context);
            case TESTING_SUITE -> FixTemplates.testing(context);
            case REFACTORING -> FixTemplates.refactoring(context);
            case CODE_GENERATION -> BuildTemplates.codeGeneration(context);
            case CODE_ADDITION -> BuildTemplates.addition(context);
            case UNRECOGNISED -> FixTemplates.unrecognised(context);
            case CLEANUP, FIND_AND_REPLACE, IMPORT_UPDATE, FILE_RENAME, TEST_RUN, COMPOUND -> throw new IllegalArgumentException(
                    "not a judgement pattern: " + match.pattern());
        }
        return context.result(match.pattern());
    }
}
