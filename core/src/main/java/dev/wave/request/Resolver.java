package dev.wave.request;

import dev.wave.WaveException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/** Resolves each setting from the strongest layer that sets it, checking every value of every layer. */
final class Resolver {
    private final List<Layer> layers; // strongest first
    private final List<String> warnings = new ArrayList<>();

    private Resolver(List<Layer> layers) {
        this.layers = List.copyOf(layers);
    }

    /**
     * @param layers strongest first: flags, request text, config file
     * @throws WaveException of kind INVALID_INPUT on an unknown key or a bad value, naming where
     */
    static Settings resolve(List<Layer> layers) {
        Resolver resolver = new Resolver(layers);
        resolver.refuseUnknownKeys();
        return new Settings(
                resolver.get(Definition.AGENTS),
                resolver.get(Definition.DRY_RUN),
                resolver.safetySwitch(Definition.REQUIRE_APPROVAL, "the approval of critical tasks"),
                resolver.get(Definition.PRIORITY),
                resolver.get(Definition.MAX_WAVES),
                resolver.get(Definition.MAX_INSTANCES),
                resolver.get(Definition.CHECKPOINT_RETENTION),
                resolver.get(Definition.FAVOR_PARALLELIZATION),
                resolver.get(Definition.CHECKPOINT_VERBOSITY),
                resolver.get(Definition.PROGRESS_DISPLAY),
                resolver.get(Definition.ON_FAILURE),
                resolver.safetySwitch(Definition.ALWAYS_BACKUP, "the Wave 0 backup"),
                resolver.get(Definition.AUTO_ROLLBACK),
                resolver.get(Definition.CREATE_ROLLBACK_SCRIPTS),
                resolver.criticalKeywords(),
                resolver.get(Definition.VERIFY),
                resolver.get(Definition.BACKUP_IGNORED_MAX),
                resolver.guarded(Definition.SANDBOX, SandboxMode.OFF, "turn the sandbox off", ""),
                resolver.guarded(Definition.NETWORK, true, "give tasks the network", ""),
                resolver.get(Definition.AGENT),
                resolver.get(Definition.PLANNER),
                resolver.get(Definition.PLANNER_MODEL),
                resolver.plannerBaseUrl(),
                resolver.get(Definition.BUDGET_USD),
                resolver.get(Definition.BUDGET_TOKENS),
                resolver.get(Definition.FIX_ATTEMPTS),
                resolver.get(Definition.CAPS),
                resolver.get(Definition.ON_CONFLICT),
                resolver.get(Definition.WORKTREE_COPY),
                resolver.get(Definition.WORKTREE_LINK),
                resolver.get(Definition.WORKTREE_SETUP),
                resolver.get(Definition.CHECK_BETWEEN_MERGES),
                resolver.warnings);
    }

    private void refuseUnknownKeys() {
        for (Layer layer : layers) {
            for (Map.Entry<String, Layer.Entry> entry : layer.entries().entrySet()) {
                String key = entry.getKey();
                boolean agentsAllowed = layer.source() != Source.CONFIG;
                if (!Definition.isOptionKey(key) && !(agentsAllowed && key.equals(Definition.AGENTS.key()))) {
                    if (layer.source() == Source.FLAG) {
                        throw new IllegalArgumentException("unknown option key from the command line: " + key);
                    }
                    throw WaveException.invalidInput("%s: unknown option \"%s\" (known: %s). Remove it or fix its spelling.",
                            layer.origin(), entry.getValue().writtenAs(), String.join(", ", Definition.optionKeys()));
                }
            }
        }
    }

    private <T> Setting<T> get(Definition<T> definition) {
        return resolve(definition, value -> false, "");
    }

    /**
     * A safety switch (the Wave 0 backup, approval of critical tasks): the request text may turn it
     * on, never off; that takes a flag or the config file.
     *
     * @param what what the switch guards, for the warning ("the Wave 0 backup")
     */
    private Setting<Boolean> safetySwitch(Definition<Boolean> definition, String what) {
        return guarded(definition, false, "turn " + what + " off", " to turn it off");
    }

    /**
     * A setting whose {@code unsafe} value weakens safety (the sandbox off, the network on): the request
     * text may not choose it; that takes a flag or the config file.
     *
     * @param what what that value would do ("turn the sandbox off")
     * @param purpose ends the advice ("Use a flag or the config file" + purpose + ".")
     */
    private <T> Setting<T> guarded(Definition<T> definition, T unsafe, String what, String purpose) {
        return resolve(definition, unsafe::equals, "cannot " + what + ". Use a flag or the config file" + purpose + ".");
    }

    /**
     * planner_base_url receives the API key from the environment, so the request text may not set it;
     * a flag or the config file may.
     */
    private Setting<Optional<String>> plannerBaseUrl() {
        return resolve(Definition.PLANNER_BASE_URL, value -> true,
                "cannot choose where the API key is sent. Use --planner-base-url or the config file.");
    }

    /**
     * The value of the strongest layer that sets {@code definition}, else its default. Every layer's value
     * is parsed (a bad one is an error even when a stronger layer wins); a request-text value that
     * {@code refusedInRequest} accepts is skipped with a warning ending in {@code refusal}.
     */
    private <T> Setting<T> resolve(Definition<T> definition, Predicate<T> refusedInRequest, String refusal) {
        Setting<T> chosen = null;
        for (Layer layer : layers) {
            Layer.Entry entry = layer.entries().get(definition.key());
            if (entry == null) {
                continue;
            }
            T value = parse(definition, layer, entry);
            if (layer.source() == Source.REQUEST && refusedInRequest.test(value)) {
                warnings.add(layer.where(definition.key()) + " \"" + entry.value() + "\" is ignored: the request text "
                        + refusal);
                continue;
            }
            if (chosen == null) {
                chosen = new Setting<>(definition.key(), value, layer.source(), layer.originOf(definition.key()));
            }
        }
        return chosen != null ? chosen
                : new Setting<>(definition.key(), definition.defaultValue(), Source.DEFAULT, "default");
    }

    /** critical_keywords adds to the built-in list; it cannot remove a built-in keyword. */
    private Setting<List<String>> criticalKeywords() {
        Setting<List<String>> chosen = get(Definition.CRITICAL_KEYWORDS);
        if (chosen.source() == Source.DEFAULT) {
            return chosen;
        }
        LinkedHashSet<String> keywords = new LinkedHashSet<>(Definition.DEFAULT_CRITICAL_KEYWORDS);
        keywords.addAll(chosen.value());
        return new Setting<>(chosen.key(), List.copyOf(keywords), chosen.source(), chosen.origin());
    }

    private static <T> T parse(Definition<T> definition, Layer layer, Layer.Entry entry) {
        try {
            return definition.parser().parse(entry.value());
        } catch (IllegalArgumentException e) {
            String fix = switch (layer.source()) {
                case FLAG -> "Omit it for the default (" + definition.defaultText() + ").";
                case REQUEST -> "Fix it in the request, or leave it out for the default (" + definition.defaultText() + ").";
                case CONFIG -> "Fix it in the file, or remove it for the default (" + definition.defaultText() + ").";
                case DEFAULT -> "";
            };
            throw WaveException.invalidInput("%s must be %s, got \"%s\". %s", layer.where(definition.key()),
                    definition.expected(), Setting.display(entry.value()), fix);
        }
    }
}
