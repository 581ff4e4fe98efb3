/**
 * The Temporal engine (SPEC F22), an optional module: {@code wave run --engine temporal} and
 * {@code wave worker --engine temporal}. The entry point is {@link dev.wave.temporal.TemporalEngineProvider},
 * found by {@link java.util.ServiceLoader}. {@link dev.wave.temporal.RunWorkflowImpl} hosts the deterministic
 * {@link dev.wave.run.RunCore} as a workflow; {@link dev.wave.temporal.WorkerTasks} runs task attempts on
 * workers in worktrees of their clones; {@link dev.wave.temporal.Submitter} is the submitting side's part
 * (journal, progress, patches, the failure handler); {@link dev.wave.temporal.TemporalEngine} submits a run and
 * follows it. Everything else is package-private.
 */
package dev.wave.temporal;
