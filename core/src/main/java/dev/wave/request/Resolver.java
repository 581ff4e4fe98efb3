package dev.wave.request;

import dev.wave.WaveException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
        List<Setting<?>> settings = new ArrayList<>();
        for (Definition<?> definition : Definition.ALL) {
            settings.add(resolver.resolve(definition));
        }
        return new Settings(settings, resolver.warnings);
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

    /**
     * The value of the strongest layer that sets {@code definition}, else its default. Every layer's value
     * is parsed (a bad one is an error even when a stronger layer wins); a request-text value that the
     * definition's {@link Definition.RequestRule} refuses is skipped with a warning.
     */
    private <T> Setting<T> resolve(Definition<T> definition) {
        Definition.RequestRule<T> rule = definition.requestRule();
        Setting<T> chosen = null;
        for (Layer layer : layers) {
            Layer.Entry entry = layer.entries().get(definition.key());
            if (entry == null) {
                continue;
            }
            T value = parse(definition, layer, entry);
            if (layer.source() == Source.REQUEST && rule.refused().test(value)) {
                warnings.add(layer.where(definition.key()) + " \"" + entry.value() + "\" is ignored: the request text "
                        + rule.refusal());
                continue;
            }
            if (chosen == null) {
                chosen = new Setting<>(definition.key(), value, layer.source(), layer.originOf(definition.key()));
            }
        }
        return chosen != null ? chosen
                : new Setting<>(definition.key(), definition.defaultValue(), Source.DEFAULT, "default");
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
