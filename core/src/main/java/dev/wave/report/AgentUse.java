package dev.wave.report;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wave.run.Usage;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a past run's agents used, read back from its summary: tokens and dollars per task, per wave and for the
 * run (as the agent CLIs reported them: wave counts them, it does not measure or estimate them), the budget
 * (its limit from {@code execution_plan.json}, what was spent, whether it stopped agent tasks from starting), and
 * the inserted fix waves with their steps. The HTML report's "Agents" and "Fix waves" sections and the lines
 * {@code wave report} prints after the spending lines. Immutable.
 *
 * @param total what every agent of the run used, fix waves included
 * @param tasks each task that reported usage, plan tasks first, then fix-wave steps
 * @param waves the usage of each wave that had any, fix waves counted in their task's wave
 * @param budget the run's budget
 * @param fixWaves the fix waves as the summary records them
 */
record AgentUse(Usage total, List<TaskUse> tasks, List<WaveUse> waves, Budget budget, List<RunFiles.FixWave> fixWaves) {
    static final int MAX_COSTLIEST = 50;
    static final int MAX_FIX_WAVES = 200;

    AgentUse {
        requireNonNull(total, "total is null");
        requireNonNull(budget, "budget is null");
        tasks = List.copyOf(tasks);
        waves = List.copyOf(waves);
        fixWaves = List.copyOf(fixWaves);
    }

    /** A task's usage; {@code fixWave} is the fix wave's label for a fix-wave step, else empty. */
    record TaskUse(String id, int wave, String fixWave, String status, Usage usage) {}

    record WaveUse(int wave, Usage usage) {}

    /**
     * The run's budget: the limits set (with where each came from), why agent tasks stopped starting if they did,
     * and how many did not start.
     */
    record Budget(Optional<Double> usd, String usdSource, Optional<Long> tokens, String tokensSource,
            Optional<String> reached, long notStarted) {}

    static AgentUse of(PastRun run) {
        RunFiles.Summary summary = run.summary();
        List<TaskUse> tasks = new ArrayList<>();
        for (RunFiles.TaskOutcome task : run.tasks()) {
            if (task.usage() != null) {
                tasks.add(new TaskUse(task.id(), task.wave(), "", PastRun.text(task.status()), task.usage().toUsage()));
            }
        }
        for (RunFiles.FixWave wave : run.fixWaves()) {
            for (RunFiles.FixStep step : steps(wave)) {
                if (step.usage() != null) {
                    tasks.add(new TaskUse(PastRun.text(step.id()), step.parentWave(), PastRun.text(wave.wave()),
                            PastRun.text(step.status()), step.usage().toUsage()));
                }
            }
        }
        List<WaveUse> waves = new ArrayList<>();
        if (summary.waveUtilisation() != null) {
            for (RunFiles.WaveUse use : summary.waveUtilisation()) {
                if (use.usage() != null) {
                    waves.add(new WaveUse(use.wave(), use.usage().toUsage()));
                }
            }
        }
        Usage total = summary.usage() == null ? Usage.NONE : summary.usage().toUsage();
        RunFiles.PlanSettings settings = run.plan().settings();
        Optional<RunFiles.Setting<Double>> usd = Optional.ofNullable(settings).map(RunFiles.PlanSettings::budgetUsd);
        Optional<RunFiles.Setting<Long>> tokens = Optional.ofNullable(settings).map(RunFiles.PlanSettings::budgetTokens);
        Budget budget = new Budget(usd.map(RunFiles.Setting::value), usd.map(s -> PastRun.text(s.source())).orElse(""),
                tokens.map(RunFiles.Setting::value), tokens.map(s -> PastRun.text(s.source())).orElse(""),
                Optional.ofNullable(summary.budgetReached()),
                summary.budgetNotStarted() == null ? 0 : summary.budgetNotStarted());
        return new AgentUse(total, tasks, waves, budget, run.fixWaves());
    }

    static List<RunFiles.FixStep> steps(RunFiles.FixWave wave) {
        return wave.steps() == null ? List.of() : wave.steps().stream().filter(java.util.Objects::nonNull).toList();
    }

    /** The tasks that used most, dearest first (by dollars, then tokens). */
    List<TaskUse> costliest(int limit) {
        return tasks.stream().filter(task -> !task.usage().isEmpty())
                .sorted(Comparator.comparingDouble((TaskUse task) -> task.usage().dollars()).reversed()
                        .thenComparing(Comparator.comparingLong((TaskUse task) -> task.usage().tokens()).reversed()))
                .limit(limit).toList();
    }

    /** How many tasks reported tokens but no dollars: the run's dollar figure leaves them out. */
    long withoutCost() {
        return tasks.stream().filter(task -> task.usage().tokens() > 0 && task.usage().costUsd().isEmpty()).count();
    }

    // ---- the HTML report's data --------------------------------------------------------------------------------

    /** Adds {@code agent_use} (usage, budget, per wave, costliest tasks) and {@code fix_waves} to the page's data. */
    void addTo(ObjectNode root, long runStartMillis) {
        ObjectNode agents = root.putObject("agent_use");
        Spending.putUsage(agents.putObject("usage"), total);
        agents.put("tasks", tasks.size());
        agents.put("without_cost", withoutCost());
        ObjectNode limits = agents.putObject("budget");
        budget.usd().ifPresent(value -> limits.put("usd", value).put("usd_source", budget.usdSource()));
        budget.tokens().ifPresent(value -> limits.put("tokens", value).put("tokens_source", budget.tokensSource()));
        budget.reached().ifPresent(reason -> limits.put("reached", reason));
        limits.put("not_started", budget.notStarted());
        java.util.Map<Integer, Integer> tasksByWave = new java.util.HashMap<>();
        tasks.forEach(task -> tasksByWave.merge(task.wave(), 1, Integer::sum));
        ArrayNode byWave = agents.putArray("waves");
        for (WaveUse wave : waves) {
            ObjectNode node = byWave.addObject().put("wave", wave.wave());
            node.put("tasks", tasksByWave.getOrDefault(wave.wave(), 0));
            Spending.putUsage(node, wave.usage());
        }
        ArrayNode costliest = agents.putArray("costliest");
        for (TaskUse task : costliest(MAX_COSTLIEST)) {
            ObjectNode node = costliest.addObject().put("id", task.id()).put("wave", task.wave())
                    .put("fix_wave", task.fixWave()).put("status", task.status());
            Spending.putUsage(node, task.usage());
        }
        ArrayNode fixes = root.putArray("fix_waves");
        for (RunFiles.FixWave wave : fixWaves.subList(0, Math.min(fixWaves.size(), MAX_FIX_WAVES))) {
            ObjectNode node = fixes.addObject();
            node.put("wave", PastRun.text(wave.wave()));
            node.put("task", PastRun.text(wave.task()));
            node.put("trigger", PastRun.text(wave.trigger()));
            node.put("outcome", PastRun.text(wave.outcome()));
            ObjectNode other = node.putObject("other");
            wave.other().forEach((key, value) -> {
                if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
                    other.put(key, String.valueOf(value));
                }
            });
            ArrayNode steps = node.putArray("steps");
            for (RunFiles.FixStep step : steps(wave)) {
                ObjectNode item = steps.addObject();
                item.put("id", PastRun.text(step.id()));
                item.put("step", PastRun.text(step.step()));
                item.put("status", PastRun.text(step.status()));
                item.put("instance", PastRun.text(step.instance()));
                item.put("start", step.startedAt() == null ? -1 : Instant.parse(step.startedAt()).toEpochMilli() - runStartMillis);
                item.put("duration_ms", Math.round(step.durationSeconds() * 1000));
                item.put("attempts", step.attempts());
                item.put("summary", PastRun.text(step.summary()));
                if (step.usage() != null) {
                    Spending.putUsage(item.putObject("usage"), step.usage().toUsage());
                }
            }
        }
        root.put("fix_waves_more", Math.max(0, fixWaves.size() - MAX_FIX_WAVES));
    }

    // ---- the console lines --------------------------------------------------------------------------------------

    /**
     * The lines {@code wave report} prints after the spending lines: the budget's limit when it was not reached,
     * the usage per wave, the costliest tasks, and each fix wave's trigger and steps.
     */
    void print(PrintWriter out) {
        if (budget.reached().isEmpty() && (budget.usd().isPresent() || budget.tokens().isPresent())) {
            out.printf("  Budget:      %s: not reached, no agent task was held back%n", limits());
        }
        if (!waves.isEmpty()) {
            List<String> parts = new ArrayList<>();
            waves.stream().limit(8).forEach(wave -> parts.add("wave " + wave.wave() + ": " + wave.usage().describe()));
            String more = waves.size() > 8 ? "; " + (waves.size() - 8) + " more waves" : "";
            out.printf("  Per wave:    %s%s (as the agents reported it)%n", String.join("; ", parts), more);
        }
        List<TaskUse> dearest = costliest(3);
        if (!dearest.isEmpty()) {
            List<String> parts = new ArrayList<>();
            dearest.forEach(task -> parts.add(task.id() + " " + task.usage().describe()));
            long withoutCost = withoutCost();
            out.printf("  Costliest:   %s (of %s%s)%n", String.join("; ", parts), Words.count(tasks.size(), "agent task"),
                    withoutCost == 0 ? "" : "; " + withoutCost + " reported no cost");
        }
        for (RunFiles.FixWave wave : fixWaves) {
            List<String> steps = new ArrayList<>();
            for (RunFiles.FixStep step : steps(wave)) {
                steps.add(PastRun.text(step.step()).isEmpty() ? PastRun.text(step.id()) + " " + PastRun.text(step.status())
                        : step.step() + " " + PastRun.text(step.status()));
            }
            String trigger = wave.trigger() == null ? "" : " (" + wave.trigger() + ")";
            out.printf("  Fix steps:   %s%s: %s%n", PastRun.text(wave.wave()), trigger,
                    steps.isEmpty() ? "none ran" : String.join(", ", steps));
        }
    }

    /** The limits set: {@code $5.0000 (flag), 200,000 tokens (config)}. */
    String limits() {
        List<String> parts = new ArrayList<>();
        budget.usd().ifPresent(value -> parts.add(Usage.dollars(value) + " (" + budget.usdSource() + "), "
                + share(total.dollars(), value) + " spent"));
        budget.tokens().ifPresent(value -> parts.add(String.format(Locale.ROOT, "%,d tokens (%s), %s spent", value,
                budget.tokensSource(), share(total.tokens(), value))));
        return String.join("; ", parts);
    }

    private static String share(double spent, double limit) {
        return limit <= 0 ? "-" : RunReport.percent(spent / limit);
    }
}
