package dev.wave.cli;

import dev.wave.engine.RunRequest;
import picocli.CommandLine.Option;

/**
 * What {@code wave run} may spend and how much of each kind runs at once: the budget shared by every
 * agent of the run, caps by task kind or agent, and the fix waves after a failed check. Each flag
 * stands for its config key ({@code --budget-usd} is {@code budget_usd}) and beats it.
 */
final class LimitOptions {
    @Option(names = "--budget-usd", paramLabel = "DOLLARS",
            description = "Stop starting agent tasks once the run's agents have spent DOLLARS (as the agents report "
                    + "it; claude does, codex does not). Running agents finish; the tasks not started end skipped, "
                    + "the summary says so, and the run ends failed (budget_usd; default: none).")
    String budgetUsd;

    @Option(names = "--budget-tokens", paramLabel = "N",
            description = "Stop starting agent tasks once the run's agents have used N tokens, in and out (500k and 2M "
                    + "work too) (budget_tokens; default: none).")
    String budgetTokens;

    @Option(names = "--caps", paramLabel = "GROUP=N,...",
            description = "At most N tasks of a group at once: a kind (run, action, prompt) or an agent (claude, codex, "
                    + "aider, template), e.g. prompt=2,claude=1 (caps; default: none). An agent whose attempt hits a "
                    + "rate limit starts no new task for 10s, doubling while it keeps hitting it.")
    String caps;

    @Option(names = "--fix-attempts", paramLabel = "N",
            description = "When a check fails after an agent's work (its verify:, the run's check after its merge, or "
                    + "the run's check after the tasks), insert up to N fix waves (analyse, fix, re-check; shown as "
                    + "waves 5.1, 5.2, ...) before the task or the run fails (fix_attempts, 0 to 5; default 1).")
    String fixAttempts;

    /** The request with these flags added, by config key; flags not given are left out. */
    RunRequest addTo(RunRequest request) {
        RunRequest with = Flags.with(request, "budget_usd", budgetUsd);
        with = Flags.with(with, "budget_tokens", budgetTokens);
        with = Flags.with(with, "caps", caps);
        return Flags.with(with, "fix_attempts", fixAttempts);
    }
}
