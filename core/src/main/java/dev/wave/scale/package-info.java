/**
 * Scaling: how many agents a plan is worth, from an explained calculation over the plan's graph
 * (maximum parallelism, coordination overhead, task-type and machine caps, micro-task batching,
 * dependencies, ROI), or the count a person asked for with a warning when the machine cannot
 * sustain it. The entry point is {@link dev.wave.scale.Scaler}.
 */
package dev.wave.scale;
