/**
 * Running a plan: {@link dev.wave.run.RunCore}, the deterministic state machine of a run (events in,
 * commands out; no clock, thread or I/O of its own), and {@link dev.wave.run.Runner}, its local driver
 * on worker threads with a retry timer, a durable {@link dev.wave.run.EventLog} and an integration
 * step; the task executors (shell, by kind) and the failure policy.
 */
package dev.wave.run;
