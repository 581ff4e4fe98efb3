package dev.wave.request;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * Every option of SPEC F2, resolved (flags, then request text, then the config file, then
 * defaults), each with where its value came from. Also the agent count asked for by
 * {@code --agents} or the request form. Immutable.
 *
 * @param verify the check run before and after the tasks: the detected test command, none, or a command
 * @param agent the coding agent CLI that runs prompt tasks naming none: claude, codex, aider or a command template
 * @param budgetUsd no new agent task starts once the run's agents spent this many dollars
 * @param budgetTokens no new agent task starts once the run's agents used this many tokens
 * @param fixAttempts how many fix waves an agent task whose check failed gets (SPEC F17)
 * @param caps at most this many tasks of a kind ({@code prompt}) or an agent provider ({@code claude}) at once
 * @param onConflict what an agent task's conflicting change becomes: a failure that keeps its branch, or a resolution attempt
 * @param worktreeCopy repository paths copied into each agent's worktree ({@code .env})
 * @param worktreeLink repository paths linked into each agent's worktree ({@code node_modules}, {@code .venv})
 * @param worktreeSetup the command run in each new agent worktree before the agent, sandboxed as shell tasks are
 * @param checkBetweenMerges whether the run's check runs after each agent task's merge, failing the task that
 *     introduced new failures
 * @param warnings settings that were set but not applied, one line each, for example an attempt
 *     to turn {@code always_backup} off in the request text
 */
public record Settings(
        Setting<Optional<Integer>> agents,
        Setting<Boolean> dryRun,
        Setting<Boolean> requireApproval,
        Setting<Priority> priority,
        Setting<Optional<Integer>> maxWaves,
        Setting<Integer> maxInstances,
        Setting<CheckpointRetention> checkpointRetention,
        Setting<Boolean> favorParallelization,
        Setting<CheckpointVerbosity> checkpointVerbosity,
        Setting<ProgressDisplay> progressDisplay,
        Setting<OnFailure> onFailure,
        Setting<Boolean> alwaysBackup,
        Setting<Boolean> autoRollback,
        Setting<Boolean> createRollbackScripts,
        Setting<List<String>> criticalKeywords,
        Setting<Verify> verify,
        Setting<Long> backupIgnoredMax,
        Setting<SandboxMode> sandbox,
        Setting<Boolean> network,
        Setting<String> agent,
        Setting<PlannerKind> planner,
        Setting<Optional<String>> plannerModel,
        Setting<Optional<String>> plannerBaseUrl,
        Setting<Optional<Double>> budgetUsd,
        Setting<Optional<Long>> budgetTokens,
        Setting<Integer> fixAttempts,
        Setting<java.util.Map<String, Integer>> caps,
        Setting<OnConflict> onConflict,
        Setting<List<String>> worktreeCopy,
        Setting<List<String>> worktreeLink,
        Setting<Optional<String>> worktreeSetup,
        Setting<Boolean> checkBetweenMerges,
        List<String> warnings) {

    public Settings {
        requireNonNull(agents, "agents is null");
        requireNonNull(dryRun, "dryRun is null");
        requireNonNull(requireApproval, "requireApproval is null");
        requireNonNull(priority, "priority is null");
        requireNonNull(maxWaves, "maxWaves is null");
        requireNonNull(maxInstances, "maxInstances is null");
        requireNonNull(checkpointRetention, "checkpointRetention is null");
        requireNonNull(favorParallelization, "favorParallelization is null");
        requireNonNull(checkpointVerbosity, "checkpointVerbosity is null");
        requireNonNull(progressDisplay, "progressDisplay is null");
        requireNonNull(onFailure, "onFailure is null");
        requireNonNull(alwaysBackup, "alwaysBackup is null");
        requireNonNull(autoRollback, "autoRollback is null");
        requireNonNull(createRollbackScripts, "createRollbackScripts is null");
        requireNonNull(criticalKeywords, "criticalKeywords is null");
        requireNonNull(verify, "verify is null");
        requireNonNull(backupIgnoredMax, "backupIgnoredMax is null");
        requireNonNull(sandbox, "sandbox is null");
        requireNonNull(network, "network is null");
        requireNonNull(agent, "agent is null");
        requireNonNull(planner, "planner is null");
        requireNonNull(plannerModel, "plannerModel is null");
        requireNonNull(plannerBaseUrl, "plannerBaseUrl is null");
        requireNonNull(budgetUsd, "budgetUsd is null");
        requireNonNull(budgetTokens, "budgetTokens is null");
        requireNonNull(fixAttempts, "fixAttempts is null");
        requireNonNull(caps, "caps is null");
        requireNonNull(onConflict, "onConflict is null");
        requireNonNull(worktreeCopy, "worktreeCopy is null");
        requireNonNull(worktreeLink, "worktreeLink is null");
        requireNonNull(worktreeSetup, "worktreeSetup is null");
        requireNonNull(checkBetweenMerges, "checkBetweenMerges is null");
        warnings = List.copyOf(warnings);
    }

    /** Every setting in SPEC F2 order, with {@code agents} first. */
    public List<Setting<?>> all() {
        return List.of(agents, dryRun, requireApproval, priority, maxWaves, maxInstances, checkpointRetention,
                favorParallelization, checkpointVerbosity, progressDisplay, onFailure, alwaysBackup, autoRollback,
                createRollbackScripts, criticalKeywords, verify, backupIgnoredMax, sandbox, network, agent, planner, plannerModel,
                plannerBaseUrl, budgetUsd, budgetTokens, fixAttempts, caps, onConflict,
                worktreeCopy, worktreeLink, worktreeSetup, checkBetweenMerges);
    }

    /**
     * The settings as JSON for {@code wave plan --json}: each key maps to
     * {@code {"value": ..., "source": "flag|request|config|default", "origin": "..."}}; absent
     * optional values are null.
     */
    public ObjectNode json() {
        JsonNodeFactory factory = JsonNodeFactory.instance;
        ObjectNode root = factory.objectNode();
        for (Setting<?> setting : all()) {
            ObjectNode node = root.putObject(setting.key());
            Object value = setting.value() instanceof Optional<?> optional ? optional.orElse(null) : setting.value();
            if (value == null) {
                node.putNull("value");
            } else if (value instanceof Boolean bool) {
                node.put("value", bool);
            } else if (value instanceof Integer number) {
                node.put("value", number);
            } else if (value instanceof Long number) {
                node.put("value", number);
            } else if (value instanceof Double number) {
                node.put("value", number);
            } else if (value instanceof java.util.Map<?, ?> map) {
                ObjectNode caps = node.putObject("value");
                map.forEach((key, cap) -> caps.put(String.valueOf(key), (Integer) cap));
            } else if (value instanceof List<?> list) {
                ArrayNode items = node.putArray("value");
                list.forEach(item -> items.add(String.valueOf(item)));
            } else if (value instanceof Choice choice) {
                node.put("value", choice.label());
            } else {
                node.put("value", String.valueOf(value));
            }
            node.put("source", setting.source().label());
            node.put("origin", setting.origin());
        }
        if (!warnings.isEmpty()) {
            warnings.forEach(warning -> root.withArray("warnings").add(warning));
        }
        return root;
    }
}
