package dev.wave.report;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wave.journal.Json;
import dev.wave.run.InsertedTask;
import dev.wave.run.RunResult;
import dev.wave.run.TaskRecord;
import dev.wave.run.Usage;
import dev.wave.schedule.TaskState;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a run's agents spent and what the run did about it: the usage of the whole run, the budget
 * that stopped agent tasks from starting, and the fix waves it inserted, as the console summary
 * prints them and as {@code execution_summary.json} records them (where {@link PastRun} reads them
 * back through {@link RunFiles}). Immutable.
 *
 * @param usage what every agent of the run used
 * @param budgetReached why agent tasks stopped starting, if the budget was spent
 * @param notStarted how many agent tasks the budget kept from starting (not the tasks skipped because they depend on one)
 * @param fixWaves the inserted fix waves, in the order inserted
 */
record Spending(Usage usage, Optional<String> budgetReached, long notStarted, List<FixWaveLine> fixWaves) {
    Spending {
        requireNonNull(usage, "usage is null");
        requireNonNull(budgetReached, "budgetReached is null");
        fixWaves = List.copyOf(fixWaves);
    }

    /** One inserted wave: its number, the task it fixed and how it ended ({@code fixed}, {@code not fixed}). */
    record FixWaveLine(String wave, String task, String outcome) {}

    static Spending of(RunResult result) {
        long notStarted = result.budgetReached().map(reason -> result.tasks().stream()
                .filter(task -> task.state() == TaskState.SKIPPED && (task.summary().startsWith("not started: " + reason)
                        || task.summary().startsWith("not retried: " + reason)))
                .count()).orElse(0L);
        Map<String, List<InsertedTask>> byWave = new LinkedHashMap<>();
        for (InsertedTask task : result.inserted()) {
            byWave.computeIfAbsent(task.wave(), wave -> new ArrayList<>()).add(task);
        }
        List<FixWaveLine> waves = new ArrayList<>();
        byWave.forEach((wave, tasks) -> waves.add(new FixWaveLine(wave, tasks.get(0).parent(), outcome(tasks))));
        return new Spending(result.usage(), result.budgetReached(), notStarted, waves);
    }

    /** A fix wave fixed its task when its last step succeeded and was the re-check, or a fix with no check to run. */
    private static String outcome(List<InsertedTask> tasks) {
        InsertedTask last = tasks.get(tasks.size() - 1);
        TaskState state = last.record().state();
        if (state == TaskState.SUCCEEDED && !last.step().equals("analyse")) {
            return "fixed";
        }
        return state == TaskState.CANCELLED ? "cancelled" : "not fixed (" + last.step() + " " + state.label() + ")";
    }

    /** The lines of the console summary; none for a run without agents, budget or fix waves. */
    void print(PrintWriter out) {
        if (!usage.isEmpty() || budgetReached.isPresent()) {
            out.printf("  Spent:       %s by the run's agents%n", usage.describe());
        }
        budgetReached.ifPresent(reason -> out.printf("  Budget:      %s: %s not started%n", reason,
                Words.count(notStarted, "agent task")));
        for (FixWaveLine wave : fixWaves) {
            out.printf("  Fix wave:    %s for %s: %s%n", wave.wave(), wave.task(), wave.outcome());
        }
    }

    /** Adds {@code usage}, {@code budget_reached} and {@code fix_waves} to the summary, and each task's usage. */
    static void addTo(ObjectNode root, RunResult result) {
        Spending spending = of(result);
        putUsage(root.putObject("usage"), spending.usage());
        root.put("budget_reached", spending.budgetReached().orElse(null));
        root.put("budget_not_started", spending.notStarted());
        ArrayNode waves = root.putArray("fix_waves");
        for (FixWaveLine line : spending.fixWaves()) {
            ObjectNode wave = waves.addObject();
            wave.put("wave", line.wave());
            wave.put("task", line.task());
            wave.put("outcome", line.outcome());
            ArrayNode steps = wave.putArray("steps");
            for (InsertedTask task : result.inserted()) {
                if (task.wave().equals(line.wave())) {
                    ObjectNode step = steps.addObject();
                    step.put("id", task.record().id());
                    step.put("step", task.step());
                    Json.putOutcome(step, task.record());
                    step.put("summary", task.record().summary());
                    if (!task.record().usage().isEmpty()) {
                        putUsage(step.putObject("usage"), task.record().usage());
                    }
                }
            }
        }
    }

    /** Adds the task's usage to its summary entry, when it has any. */
    static void addTo(ObjectNode task, TaskRecord record) {
        if (!record.usage().isEmpty()) {
            putUsage(task.putObject("usage"), record.usage());
        }
    }

    /** The usage as input_tokens, output_tokens and cost_usd (null when the agents reported no cost). */
    static void putUsage(ObjectNode node, Usage usage) {
        node.put("input_tokens", usage.inputTokens());
        node.put("output_tokens", usage.outputTokens());
        if (usage.costUsd().isPresent()) {
            node.put("cost_usd", Json.round(usage.costUsd().get(), 6));
        } else {
            node.putNull("cost_usd");
        }
    }

    /** The spending of a past run, read back from its summary; files from before budgets read as spending nothing. */
    static Spending of(RunFiles.Summary summary) {
        Usage usage = summary.usage() == null ? Usage.NONE : summary.usage().toUsage();
        List<FixWaveLine> waves = new ArrayList<>();
        if (summary.fixWaves() != null) {
            for (RunFiles.FixWave wave : summary.fixWaves()) {
                // A fix wave after a check of the whole run fixes no one task.
                waves.add(new FixWaveLine(PastRun.text(wave.wave()), wave.task() == null ? "the run's check" : wave.task(),
                        wave.outcome() == null ? "no outcome recorded" : wave.outcome()));
            }
        }
        return new Spending(usage, Optional.ofNullable(summary.budgetReached()),
                summary.budgetNotStarted() == null ? 0 : summary.budgetNotStarted(), waves);
    }
}
