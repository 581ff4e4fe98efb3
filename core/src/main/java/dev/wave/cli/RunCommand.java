package dev.wave.cli;

import dev.wave.WaveException;
import dev.wave.engine.Orchestrator;
import dev.wave.engine.PreparedRun;
import dev.wave.engine.RunRequest;
import dev.wave.plan.Durations;
import dev.wave.request.ProgressDisplay;
import dev.wave.request.Settings;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Runs a goal in plain English, or a plan file, safely, with a measured report.",
            "%nAt most N tasks run at once, each critical task alone, in a safety net.",
            "%nShows the analysis (as 'wave plan' does) and asks 'Ready to execute? (yes/no)': a yes line on standard "
                    + "input approves, typed or piped; anything else, or the end of input, declines with exit 3 and "
                    + "changes nothing. --yes approves without asking; --dry-run only shows. Critical tasks also need "
                    + "--approve-critical or a yes to their own question.",
            "%nSteps: lock the repository (one run at a time); Wave 0: back it up under "
                    + "refs/wave/backups/<run-id> and run the check (--verify) for its baseline; run the tasks; run the "
                    + "check again (only failures the run introduced fail it); then commit the run's changes, or on "
                    + "failure restore the backup exactly and verify it.",
            "%nShell tasks run in a sandbox (--sandbox auto): under bubblewrap the repository is writable except "
                    + ".wave and refs/wave, the rest of the file system read-only, /tmp private, the network off "
                    + "unless --network or the task's network: true allows it, and every process a task starts dies "
                    + "with it (on timeout, cancel, or wave being killed). Without bubblewrap: process groups, and the "
                    + "analysis says why.",
            "%nPrompt (agent) tasks run a coding agent CLI (--agent, default claude), each in a git worktree of its "
                    + "own under .wave/worktrees/<run-id>/ on branch wave/<run-id>/<task>; a task succeeds only on "
                    + "evidence (the agent's success, no permission denied, a change inside its scope, its verify "
                    + "passing) and is merged back before its dependents start. Worktrees of failed tasks are kept "
                    + "and listed in the summary.",
            "%nWrites <repo>/.wave/runs/<run-id>/ (execution_plan.json, plan.json, orchestrator.log, logs/, "
                    + "checkpoints/ (checkpoints.jsonl for more than 1,000 tasks), rollback.sh, rollback/, "
                    + "execution_summary.json, report.html); .wave/runs/latest "
                    + "links to the newest run. 'wave report' shows it again. Every event also goes to the journal "
                    + "(journal.db, beside runs/), so a run whose process dies can be continued with 'wave resume'; 'wave "
                    + "status' shows it live from another terminal.",
            "%nExamples:%n  wave run \"Clean up the repository\" --repo wave-demo%n  wave run --plan plan.yaml --yes",
        })
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    WaveCommand parent;

    @Mixin
    RequestOptions options;

    @Mixin
    EngineOptions engine;

    @Mixin
    AgentOption agentOption;

    @Mixin
    PlannerOptions planner;

    @Mixin
    LimitOptions limits;

    @Option(names = "--yes", description = "Approve the plan without asking.")
    boolean yes;

    @Option(names = "--approve-critical",
            description = "Approve the plan's critical tasks too (--yes alone approves the plan but not them).")
    boolean approveCritical;

    @Option(names = "--fail-fast", description = "Cancel everything else at the first failed task.")
    boolean failFast;

    @Option(names = "--no-commit", description = "Leave the run's changes uncommitted.")
    boolean noCommit;

    @Option(names = "--branch", paramLabel = "NAME",
            description = "Make the final commit on a new branch NAME (HEAD moves to it) instead of the current branch.")
    String branch;

    @Option(names = "--retry-backoff", paramLabel = "DURATION", defaultValue = "1s", hidden = true,
            description = "The wait before a task's first retry; doubles on each retry.")
    String retryBackoff;

    @Override
    public Integer call() throws Exception {
        Orchestrator.preload(); // the journal's library loads while the plan is read and analysed
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Duration backoff = parseBackoff();
        Orchestrator orchestrator = engine.apply(Orchestrator.create(parent::machine));
        RunRequest request = limits.addTo(planner.apply(agentOption.applyTo(options.request("run")))).withFailFast(failFast)
                .withCommit(!noCommit)
                .withBranch(Optional.ofNullable(branch)).withRetryBackoff(backoff);
        PreparedRun prepared = orchestrator.prepare(request, warning -> err.println("wave: warning: " + warning),
                parent.environment());
        err.flush();
        Settings settings = prepared.settings();
        boolean quiet = yes && !settings.dryRun().value() && settings.progressDisplay().value() == ProgressDisplay.QUIET;
        if (!quiet) { // quiet: only the final summary
            prepared.print(out, orchestrator.engine());
        }
        if (settings.dryRun().value()) {
            prepared.agentProblem().ifPresent(reason -> out.println("A real run would stop: " + reason));
            out.printf("Dry run (dry_run from %s): nothing was run or changed.%n", settings.dryRun().origin());
            out.flush();
            return ExitCodes.OK;
        }
        Answers answers = new Answers(parent.in());
        Approval approval = new Approval(answers, out, err, yes, approveCritical);
        return Interrupts.run(out, err, control -> orchestrator.execute(prepared,
                Interrupts.environment(out, approval, answers, settings, control)));
    }

    private Duration parseBackoff() {
        try {
            return Durations.parse(retryBackoff);
        } catch (IllegalArgumentException e) {
            throw WaveException.invalidInput("--retry-backoff must be a duration like 1s or 500ms, got \"%s\".", retryBackoff);
        }
    }
}
