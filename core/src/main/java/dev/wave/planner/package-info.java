/**
 * Planning: from a goal in plain English to a {@link dev.wave.plan.Plan}. The heuristic planner,
 * offline and the embedded default, recognises the seeds' task patterns from trigger words,
 * scans the repository to size the work, turns mechanical work into built-in file actions and
 * work that needs judgement into agent tasks with specialised prompts; a goal of several concerns
 * becomes one plan with a part per concern. The model planner asks a model instead
 * ({@link dev.wave.planner.model}). The entry point is {@link dev.wave.planner.Planner};
 * {@link dev.wave.planner.PlannerSelection} chooses one from {@code planner} and the environment.
 */
package dev.wave.planner;
