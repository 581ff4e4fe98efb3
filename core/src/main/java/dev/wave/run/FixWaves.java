package dev.wave.run;

import static java.util.Objects.requireNonNull;

import dev.wave.plan.Action;
import dev.wave.plan.Task;
import dev.wave.schedule.TaskState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The fix waves a {@link RunCore} inserted, beside its immutable plan: each step a task whose index
 * follows the plan's ({@code plan.size() + k}), in the order inserted. A fix wave runs on the agent
 * slot of the task it fixes, one step after the other, so the dispatcher never sees its steps: the
 * failed task stays running there, and its dependents wait, until the wave fixed it or gave up. The
 * run's check after the tasks is such a step too ({@link FixWave.Step#CHECK}, parent {@link #RUN}),
 * and so are the waves that fix it. Not thread-safe: the core's caller serialises calls.
 */
final class FixWaves {
    /** The parent of the run's check after the tasks and of its fix waves: no plan task. */
    static final int RUN = -1;

    /** One inserted step and how it is going. */
    static final class Step {
        final int index;
        final int parent;
        final String parentId;
        final String wave;
        final int round;
        final FixWave.Step kind;
        final FixWave.Cause cause;
        final Task task;
        final Optional<String> check;
        final String output; // what the failed check said, which this wave fixes
        long startedAt;
        int attempts;
        Usage usage = Usage.NONE;
        Optional<ExecutionResult> result = Optional.empty();
        Optional<InsertedTask> ended = Optional.empty();

        Step(int index, int parent, String parentId, String wave, int round, FixWave.Step kind, FixWave.Cause cause,
                Task task, Optional<String> check, String output) {
            this.index = index;
            this.parent = parent;
            this.parentId = parentId;
            this.wave = wave;
            this.round = round;
            this.kind = kind;
            this.cause = cause;
            this.task = task;
            this.check = check;
            this.output = output;
        }

        /** Whether it runs the run's check against its baseline rather than its task's action. */
        boolean runsCheck() {
            return kind == FixWave.Step.CHECK || kind == FixWave.Step.RECHECK && cause == FixWave.Cause.CHECK_AFTER_TASKS;
        }
    }

    private final int planSize;
    private final int fixAttempts;
    private final Optional<String> recheck;
    private final List<Step> steps = new ArrayList<>();
    private final int[] rounds; // by plan task: the fix waves it had
    private int runRounds; // the fix waves of the run's check after the tasks
    private final Map<Integer, Integer> inserted = new HashMap<>(); // by wave: the fix waves inserted after it

    FixWaves(int planSize, int fixAttempts, Optional<String> recheck) {
        this.planSize = planSize;
        this.fixAttempts = fixAttempts;
        this.recheck = requireNonNull(recheck, "recheck is null");
        this.rounds = new int[planSize];
    }

    boolean owns(int index) {
        return index >= planSize;
    }

    Step step(int index) {
        return steps.get(index - planSize);
    }

    /** Whether a failed attempt of {@code task} gets a fix wave: an agent task whose check failed, with waves left. */
    boolean canFix(int index, Task task, ExecutionResult result) {
        return result.failedCheck().isPresent() && canFix(index, task);
    }

    /** Whether {@code task} (a plan task, or {@link #RUN}) gets a fix wave: an agent task's or the run's, with waves left. */
    boolean canFix(int index, Task task) {
        return (index == RUN || task.action() instanceof Action.Agent) && hasRoundsLeft(index);
    }

    /** The run's check after the tasks, as a step whose parent is {@link #RUN}; empty when the run has no check. */
    Optional<Step> checkAfterTasks(String id) {
        return recheck.map(command -> add(RUN, FixWave.CHECK_AFTER_TASKS, "", 0, FixWave.Step.CHECK,
                FixWave.Cause.CHECK_AFTER_TASKS, FixWave.checkAfterTasks(id, command), Optional.of(command), ""));
    }

    /** Inserts the next fix wave of {@code parent} after its wave: returns its first step, the analysis. */
    Step begin(int parent, Task task, int wave, String output) {
        return begin(parent, task.id(), task, wave, output, FixWave.Cause.TASK_CHECK);
    }

    /**
     * Inserts the next fix wave of {@code parent} ({@link #RUN} for the run's check after the tasks) after
     * {@code wave}: returns its first step, the analysis.
     */
    Step begin(int parent, String parentId, Task task, int wave, String output, FixWave.Cause cause) {
        int round = parent == RUN ? ++runRounds : ++rounds[parent];
        int number = inserted.merge(wave, 1, Integer::sum);
        String label = wave + "." + number;
        Optional<String> check = cause == FixWave.Cause.TASK_CHECK ? task.verify().or(() -> recheck)
                : recheck.map(command -> command + " (only failures that were not there before the run count)");
        return add(parent, parentId, label, round, FixWave.Step.ANALYSE, cause,
                FixWave.analyse(task, round, check, output, cause), check, output);
    }

    /** The fix after the analysis {@code analysed} ended, with what it said. */
    Step fix(Step analysed, Task parentTask, String analysis) {
        return add(analysed.parent, analysed.parentId, analysed.wave, analysed.round, FixWave.Step.FIX, analysed.cause,
                FixWave.fix(parentTask, analysed.wave, analysed.round, analysed.check, analysed.output, analysis,
                        analysed.cause),
                analysed.check, analysed.output);
    }

    /**
     * The check again after the fix {@code fixed} was integrated; empty when there is no check to run, and
     * after a check between merges, which ran again when the fix was merged.
     */
    Optional<Step> recheck(Step fixed, Task parentTask) {
        if (fixed.cause == FixWave.Cause.CHECK_AFTER_MERGE) {
            return Optional.empty();
        }
        Optional<String> command = fixed.cause == FixWave.Cause.TASK_CHECK ? fixed.check : recheck;
        return command.map(line -> add(fixed.parent, fixed.parentId, fixed.wave, fixed.round, FixWave.Step.RECHECK,
                fixed.cause, FixWave.recheck(parentTask, fixed.round, line), fixed.check, fixed.output));
    }

    boolean hasRoundsLeft(int parent) {
        return (parent == RUN ? runRounds : rounds[parent]) < fixAttempts;
    }

    int rounds(int parent) {
        return parent == RUN ? runRounds : rounds[parent];
    }

    /** Ends a step for good and returns its record. */
    InsertedTask end(Step step, TaskState state, ExecutionResult result, int wave, String instance, long now) {
        TaskRecord record = new TaskRecord(step.index, step.task.id(), wave, Optional.of(instance), state,
                Optional.of(Instant.ofEpochMilli(step.startedAt)), Optional.of(Instant.ofEpochMilli(now)),
                Math.max(0, now - step.startedAt), result.exitCode(), step.attempts, result.summary(),
                result.filesChanged(), step.usage);
        InsertedTask ended = new InsertedTask(step.wave, step.parentId, step.kind.label(), record);
        step.ended = Optional.of(ended);
        return ended;
    }

    /** The index of the inserted task with {@code id}, or -1. */
    int indexOf(String id) {
        for (Step step : steps) {
            if (step.task.id().equals(id)) {
                return step.index;
            }
        }
        return -1;
    }

    /** Every fix wave step that ended, in the order inserted (the run's check after the tasks is not one). */
    List<InsertedTask> records() {
        List<InsertedTask> records = new ArrayList<>();
        for (Step step : steps) {
            if (step.kind != FixWave.Step.CHECK) {
                step.ended.ifPresent(records::add);
            }
        }
        return records;
    }

    private Step add(int parent, String parentId, String wave, int round, FixWave.Step kind, FixWave.Cause cause,
            Task task, Optional<String> check, String output) {
        Step step = new Step(planSize + steps.size(), parent, parentId, wave, round, kind, cause, task, check, output);
        steps.add(step);
        return step;
    }
}
