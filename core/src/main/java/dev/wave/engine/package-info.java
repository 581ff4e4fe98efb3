/**
 * wave as a library: runs a goal or a plan end to end with no command line. The entry point is
 * {@link dev.wave.engine.Orchestrator}: {@code prepare} turns a {@link dev.wave.engine.RunRequest}
 * into a {@link dev.wave.engine.PreparedRun} (the analysis; nothing changes), {@code execute} asks
 * the {@link dev.wave.engine.Approver}, locks the repository, backs it up, runs the tasks, commits or
 * rolls back and returns a {@link dev.wave.engine.RunOutcome}; {@code resume} continues a run whose
 * process died. {@link dev.wave.engine.Runs} reads and manages the runs of a repository.
 *
 * <pre>{@code
 * Orchestrator wave = Orchestrator.create();
 * RunRequest request = RunRequest.planFile(Path.of("my-repo"), Path.of("plan.yaml"))
 *         .withFlag("on_failure", "continue");
 * PreparedRun prepared = wave.prepare(request);
 * prepared.print(log);                               // the analysis box, if you want it
 * RunControl control = new RunControl();             // control.cancel() from any thread stops the run
 * RunEnvironment environment = RunEnvironment.of(log, Approver.all()).withControl(control);
 * RunOutcome outcome = wave.execute(prepared, environment);
 * if (outcome.verdict() != RunOutcome.Verdict.SUCCEEDED) {
 *     outcome.report().ifPresent(report -> report.print(log, Path.of("")));
 * }
 * }</pre>
 */
package dev.wave.engine;
