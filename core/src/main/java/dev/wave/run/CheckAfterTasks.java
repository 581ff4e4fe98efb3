package dev.wave.run;

import dev.wave.plan.Action;
import dev.wave.plan.Plan;
import dev.wave.plan.Task;
import java.util.Optional;

/**
 * Whether the {@link RunCore} runs the run's check after its tasks itself, as a step on an agent slot
 * (SPEC F17): only in a run with agent tasks, fix waves and a check, so that new failures there get
 * fix waves before the run fails. Otherwise the driver's caller runs that check once the run ended.
 * A state machine: off, armed (until every plan task succeeded), running (the check and its fix
 * waves), ended. Not thread-safe: the core's caller serialises calls.
 */
final class CheckAfterTasks {
    private enum State { OFF, ARMED, RUNNING, ENDED }

    private State state = State.OFF;
    private Optional<Task> task = Optional.empty();

    /** Arms the check when the plan has an agent task, the run has fix waves and a check command. */
    void arm(Plan plan, int fixAttempts, Optional<String> command) {
        if (state != State.OFF) {
            throw new IllegalStateException("the check after the tasks is armed once, before the run starts");
        }
        boolean agents = plan.tasks().stream().anyMatch(task -> task.action() instanceof Action.Agent);
        if (agents && fixAttempts > 0 && command.isPresent()) {
            state = State.ARMED;
        }
    }

    /** The check's task id: {@code wave-check}, or with a suffix when the plan has a task of that id. */
    static String id(Plan plan) {
        String id = FixWave.CHECK_AFTER_TASKS_ID;
        for (int n = 2; plan.graph().indexOf(id) >= 0; n++) {
            id = FixWave.CHECK_AFTER_TASKS_ID + "-" + n;
        }
        return id;
    }

    boolean isArmed() {
        return state == State.ARMED;
    }

    /** It started, as {@code check}. */
    void started(Task check) {
        state = State.RUNNING;
        task = Optional.of(check);
    }

    /** The check or one of its fix waves is under way: the run has not finished. */
    boolean isRunning() {
        return state == State.RUNNING;
    }

    /** It passed, failed for good or was cancelled; or it will not run (the run failed or stopped first). */
    void ended() {
        state = State.ENDED;
    }

    /**
     * The decision that fails the run when the check after the tasks still finds new failures: after
     * {@code rounds} fix waves, or none when the {@code budget} was spent.
     *
     * @param why what the last check said
     */
    static FailureDecision failed(int rounds, String why, Optional<String> budget, int failedTasks, int tasks, int agents) {
        String reason = "the check after the tasks found failures the run introduced"
                + (rounds == 0 ? "" : ", and " + rounds + (rounds == 1 ? " fix wave" : " fix waves") + " did not fix them")
                + budget.map(reached -> "; no further fix wave: " + reached).orElse("");
        return new FailureDecision(FixWave.CHECK_AFTER_TASKS, rounds + 1, FailureDecision.Action.ABORT, failedTasks, tasks,
                agents, agents, FixWaveSteps.firstLine(why), reason);
    }

    /** The check as a task, the parent of its fix waves, once started. */
    Task task() {
        return task.orElseThrow(() -> new IllegalStateException("the check after the tasks has not started"));
    }
}
