package dev.wave.cli;

import static java.util.Objects.requireNonNull;

import dev.wave.engine.Approver;
import dev.wave.engine.PreparedRun;
import dev.wave.safety.CriticalTask;
import dev.wave.safety.CriticalTasks;
import java.io.PrintWriter;

/**
 * The terminal's answers to the orchestrator: {@code Ready to execute? (yes/no)} unless {@code --yes};
 * the critical tasks' own question unless {@code --approve-critical}. Says how to approve when it declines.
 */
final class Approval implements Approver {
    private final Answers answers;
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean yes;
    private final boolean approveCritical;

    Approval(Answers answers, PrintWriter out, PrintWriter err, boolean yes, boolean approveCritical) {
        this.answers = requireNonNull(answers, "answers is null");
        this.out = requireNonNull(out, "out is null");
        this.err = requireNonNull(err, "err is null");
        this.yes = yes;
        this.approveCritical = approveCritical;
    }

    @Override
    public boolean approvePlan(PreparedRun run) {
        if (yes || answers.confirm(out, "Ready to execute? (yes/no) ")) {
            return true;
        }
        err.println("wave: not approved, nothing was changed. Answer yes, or pass --yes to approve without asking.");
        err.flush();
        return false;
    }

    @Override
    public boolean approveCritical(PreparedRun run) {
        CriticalTasks critical = run.critical();
        if (approveCritical) {
            return true;
        }
        String ids = String.join(", ", critical.tasks().stream().map(CriticalTask::id).toList());
        String plural = critical.size() == 1 ? "" : "s";
        if (yes) {
            err.printf("wave: --yes approves the plan but not its %d critical task%s (%s); nothing was changed. Pass "
                    + "--approve-critical as well, or run without --yes and answer the question.%n", critical.size(), plural,
                    ids);
            err.flush();
            return false;
        }
        if (answers.confirm(out, "Run the " + critical.size() + " critical task" + plural + " above (" + ids + ")? (yes/no) ")) {
            return true;
        }
        err.printf("wave: the critical tasks (%s) were not approved; nothing was changed. Answer yes, or pass "
                + "--approve-critical.%n", ids);
        err.flush();
        return false;
    }
}
