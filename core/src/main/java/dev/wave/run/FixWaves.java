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
 * failed task stays running there, and its dependents wait, until the wave fixed it or gave up.
 * Not thread-safe: the core's caller serialises calls.
 */
final class FixWaves {
    /** One inserted step and how it is going. */
    static final class Step {
        final int index;
        final int parent;
        final String parentId;
        final String wave;
        final int round;
        final FixWave.Step kind;
        final Task task;
        final Optional<String> check;
        final String output; // what the failed check said, which this wave fixes
        long startedAt;
        int attempts;
        Usage usage = Usage.NONE;
        Optional<ExecutionResult> result = Optional.empty();
        Optional<InsertedTask> ended = Optional.empty();

        Step(int index, int parent, String parentId, String wave, int round, FixWave.Step kind, Task task,
                Optional<String> check, String output) {
            this.index = index;
            this.parent = parent;
            this.parentId = parentId;
            this.wave = wave;
            this.round = round;
            this.kind = kind;
            this.task = task;
            this.check = check;
            this.output = output;
        }
    }

    private final int planSize;
    private final int fixAttempts;
    private final Optional<String> recheck;
    private final List<Step> steps = new ArrayList<>();
    private final int[] rounds; // by plan task: the fix waves it had
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
        return fixAttempts > 0 && task.action() instanceof Action.Agent && result.failedCheck().isPresent()
                && rounds[index] < fixAttempts;
    }

    /** Inserts the next fix wave of {@code parent} after its wave: returns its first step, the analysis. */
    Step begin(int parent, Task task, int wave, String output) {
        rounds[parent]++;
        int number = inserted.merge(wave, 1, Integer::sum);
        String label = wave + "." + number;
        Optional<String> check = task.verify().or(() -> recheck);
        return add(parent, label, rounds[parent], FixWave.Step.ANALYSE,
                FixWave.analyse(task, rounds[parent], check, output), check, output);
    }

    /** The fix after the analysis {@code analysed} ended, with what it said. */
    Step fix(Step analysed, Task parentTask, String analysis) {
        return add(analysed.parent, analysed.wave, analysed.round, FixWave.Step.FIX,
                FixWave.fix(parentTask, analysed.wave, analysed.round, analysed.check, analysed.output, analysis),
                analysed.check, analysed.output);
    }

    /** The check again after the fix {@code fixed} was integrated; empty when there is no check to run. */
    Optional<Step> recheck(Step fixed, Task parentTask) {
        return fixed.check.map(command -> add(fixed.parent, fixed.wave, fixed.round, FixWave.Step.RECHECK,
                FixWave.recheck(parentTask, fixed.round, command), fixed.check, fixed.output));
    }

    boolean hasRoundsLeft(int parent) {
        return rounds[parent] < fixAttempts;
    }

    int rounds(int parent) {
        return rounds[parent];
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

    /** Every inserted step that ended, in the order inserted. */
    List<InsertedTask> records() {
        List<InsertedTask> records = new ArrayList<>();
        for (Step step : steps) {
            step.ended.ifPresent(records::add);
        }
        return records;
    }

    /** What the inserted steps that ended used, for the task they fixed. */
    Usage usageOf(int parent) {
        Usage total = Usage.NONE;
        for (Step step : steps) {
            if (step.parent == parent) {
                total = total.plus(step.usage);
            }
        }
        return total;
    }

    private Step add(int parent, String wave, int round, FixWave.Step kind, Task task, Optional<String> check,
            String output) {
        String parentId = task.id().substring(0, task.id().length() - (".fix" + round + "." + kind.label()).length());
        Step step = new Step(planSize + steps.size(), parent, parentId, wave, round, kind, task, check, output);
        steps.add(step);
        return step;
    }
}
