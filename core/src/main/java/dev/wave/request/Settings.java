package dev.wave.request;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every option of SPEC F2, resolved (flags, then request text, then the config file, then
 * defaults), each with where its value came from. Also the agent count asked for by
 * {@code --agents} or the request form. Immutable.
 *
 * <p>Each accessor is one setting; {@link Definition} declares each key, its default and what it accepts.
 */
public final class Settings {
    private final Map<String, Setting<?>> byKey; // in the order of Definition.ALL
    private final List<String> warnings;

    /**
     * @param settings one for each of {@link Definition#ALL}, in that order
     * @param warnings settings that were set but not applied, one line each
     */
    Settings(List<Setting<?>> settings, List<String> warnings) {
        Map<String, Setting<?>> byKey = new LinkedHashMap<>();
        for (Setting<?> setting : settings) {
            byKey.put(setting.key(), setting);
        }
        for (Definition<?> definition : Definition.ALL) {
            requireNonNull(byKey.get(definition.key()), () -> definition.key() + " is null");
        }
        this.byKey = Collections.unmodifiableMap(byKey);
        this.warnings = List.copyOf(warnings);
    }

    public Setting<Optional<Integer>> agents() {
        return get(Definition.AGENTS);
    }

    public Setting<Boolean> dryRun() {
        return get(Definition.DRY_RUN);
    }

    public Setting<Boolean> requireApproval() {
        return get(Definition.REQUIRE_APPROVAL);
    }

    public Setting<Priority> priority() {
        return get(Definition.PRIORITY);
    }

    public Setting<Optional<Integer>> maxWaves() {
        return get(Definition.MAX_WAVES);
    }

    public Setting<Integer> maxInstances() {
        return get(Definition.MAX_INSTANCES);
    }

    public Setting<CheckpointRetention> checkpointRetention() {
        return get(Definition.CHECKPOINT_RETENTION);
    }

    public Setting<Boolean> favorParallelization() {
        return get(Definition.FAVOR_PARALLELIZATION);
    }

    public Setting<CheckpointVerbosity> checkpointVerbosity() {
        return get(Definition.CHECKPOINT_VERBOSITY);
    }

    public Setting<ProgressDisplay> progressDisplay() {
        return get(Definition.PROGRESS_DISPLAY);
    }

    public Setting<OnFailure> onFailure() {
        return get(Definition.ON_FAILURE);
    }

    public Setting<Boolean> alwaysBackup() {
        return get(Definition.ALWAYS_BACKUP);
    }

    public Setting<Boolean> autoRollback() {
        return get(Definition.AUTO_ROLLBACK);
    }

    public Setting<Boolean> createRollbackScripts() {
        return get(Definition.CREATE_ROLLBACK_SCRIPTS);
    }

    public Setting<List<String>> criticalKeywords() {
        return get(Definition.CRITICAL_KEYWORDS);
    }

    /** The check run before and after the tasks: the detected test command, none, or a command. */
    public Setting<Verify> verify() {
        return get(Definition.VERIFY);
    }

    public Setting<Long> backupIgnoredMax() {
        return get(Definition.BACKUP_IGNORED_MAX);
    }

    public Setting<SandboxMode> sandbox() {
        return get(Definition.SANDBOX);
    }

    public Setting<Boolean> network() {
        return get(Definition.NETWORK);
    }

    /** The coding agent CLI that runs prompt tasks naming none: claude, codex, aider or a command template. */
    public Setting<String> agent() {
        return get(Definition.AGENT);
    }

    public Setting<PlannerKind> planner() {
        return get(Definition.PLANNER);
    }

    public Setting<Optional<String>> plannerModel() {
        return get(Definition.PLANNER_MODEL);
    }

    public Setting<Optional<String>> plannerBaseUrl() {
        return get(Definition.PLANNER_BASE_URL);
    }

    /** No new agent task starts once the run's agents spent this many dollars. */
    public Setting<Optional<Double>> budgetUsd() {
        return get(Definition.BUDGET_USD);
    }

    /** No new agent task starts once the run's agents used this many tokens. */
    public Setting<Optional<Long>> budgetTokens() {
        return get(Definition.BUDGET_TOKENS);
    }

    /** How many fix waves an agent task whose check failed gets (SPEC F17). */
    public Setting<Integer> fixAttempts() {
        return get(Definition.FIX_ATTEMPTS);
    }

    /** At most this many tasks of a kind ({@code prompt}) or an agent provider ({@code claude}) at once. */
    public Setting<Map<String, Integer>> caps() {
        return get(Definition.CAPS);
    }

    /** What an agent task's conflicting change becomes: a failure that keeps its branch, or a resolution attempt. */
    public Setting<OnConflict> onConflict() {
        return get(Definition.ON_CONFLICT);
    }

    /** Repository paths copied into each agent's worktree ({@code .env}). */
    public Setting<List<String>> worktreeCopy() {
        return get(Definition.WORKTREE_COPY);
    }

    /** Repository paths linked into each agent's worktree ({@code node_modules}, {@code .venv}). */
    public Setting<List<String>> worktreeLink() {
        return get(Definition.WORKTREE_LINK);
    }

    /** The command run in each new agent worktree before the agent, sandboxed as shell tasks are. */
    public Setting<Optional<String>> worktreeSetup() {
        return get(Definition.WORKTREE_SETUP);
    }

    /** Whether the run's check runs after each agent task's merge, failing the task that introduced new failures. */
    public Setting<Boolean> checkBetweenMerges() {
        return get(Definition.CHECK_BETWEEN_MERGES);
    }

    /** Settings that were set but not applied, one line each. */
    public List<String> warnings() {
        return warnings;
    }

    /** Every setting in SPEC F2 order, with {@code agents} first. */
    public List<Setting<?>> all() {
        return List.copyOf(byKey.values());
    }

    @SuppressWarnings("unchecked") // the resolver made each setting from its definition
    private <T> Setting<T> get(Definition<T> definition) {
        return (Setting<T>) byKey.get(definition.key());
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
            } else if (value instanceof Map<?, ?> map) {
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

    @Override
    public boolean equals(Object other) {
        return other instanceof Settings settings && byKey.equals(settings.byKey) && warnings.equals(settings.warnings);
    }

    @Override
    public int hashCode() {
        return byKey.hashCode() * 31 + warnings.hashCode();
    }

    @Override
    public String toString() {
        return "Settings" + all() + (warnings.isEmpty() ? "" : " warnings " + warnings);
    }
}
