/**
 * Planning: from a goal in plain English to a {@link dev.wave.plan.Plan}. The heuristic planner,
 * offline and the embedded default, recognises the seeds' task patterns from trigger words,
 * scans the repository to size the work, turns mechanical work into built-in file actions and
 * work that needs judgement into agent tasks with specialised prompts. The entry point is
 * {@link dev.wave.planner.Planner}.
 */
package dev.wave.planner;
