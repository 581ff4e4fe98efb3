package dev.wave.request;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The entry point of the {@code request} package: parses request text and resolves the options
 * that go with it. Stateless and thread-safe; {@link #settings} reads the repository's config file
 * and nothing else.
 *
 * <p>Every refusal is a {@link dev.wave.WaveException} of kind INVALID_INPUT whose one-line
 * message names where the bad value was written (the flag, {@code request text}, or the config
 * file), the key, the value and how to fix it.
 */
public final class Requests {
    private Requests() {}

    /**
     * Parses a request in any of the four forms of SPEC F1, with optional OPTIONS / PREFERENCES
     * blocks and an optional {@code TASK:} line.
     *
     * @throws dev.wave.WaveException when the request has no goal or asks for an impossible agent count
     */
    public static Request parse(String text) {
        requireNonNull(text, "text is null");
        return RequestParser.parse(text);
    }

    /**
     * Resolves every option: {@code flags} beat the request text (its option blocks, and the agent
     * count or instance budget of its form), which beats the repository's config file, which
     * beats the defaults.
     *
     * @param flags option values given on the command line, by F2 key ({@code max_waves}) or
     *     {@code agents}, as typed ({@code "10"}, {@code "speed"}, {@code "yes"}); absent keys were not given
     * @param request the parsed request
     * @param repository the repository whose {@code .wave/config.(yaml|json)} is read
     */
    public static Settings settings(Map<String, String> flags, Request request, Path repository) {
        return settings(flags, Map.of(), request, repository);
    }

    /**
     * As {@link #settings(Map, Request, Path)}, with the flags' names as typed, by key
     * ({@code progress_display} typed as {@code --progress} is {@code "progress"}), so messages and
     * origins echo what the person typed; keys left out are named after the key.
     */
    public static Settings settings(Map<String, String> flags, Map<String, String> flagNames, Request request,
            Path repository) {
        requireNonNull(request, "request is null");
        Map<String, Layer.Entry> entries = new LinkedHashMap<>();
        if (request.scaling() instanceof Scaling.Agents agents) {
            entries.put(Definition.AGENTS.key(), new Layer.Entry(agents.count(), "\"using " + agents.count()
                    + " parallel agents\""));
        }
        if (request.scaling() instanceof Scaling.Budget budget) {
            if (request.options().containsKey(Definition.MAX_INSTANCES.key())) {
                throw dev.wave.WaveException.invalidInput(
                        "request text asks for %s and sets max_instances: %s. Keep one of the two.",
                        budget.describe(), request.options().get(Definition.MAX_INSTANCES.key()));
            }
            entries.put(Definition.MAX_INSTANCES.key(), new Layer.Entry(budget.instances(), "\"with "
                    + budget.instances() + " parallel instances\""));
        }
        request.options().forEach((key, value) -> {
            if (key.equals(Definition.AGENTS.key()) && entries.containsKey(key)) {
                throw dev.wave.WaveException.invalidInput(
                        "request text asks for %s and sets agents: %s. Keep one of the two.",
                        request.scaling().describe(), value);
            }
            entries.put(key, new Layer.Entry(value, key));
        });
        return resolve(flags, flagNames, new Layer(Source.REQUEST, "request text", entries), repository);
    }

    /** Resolves every option for a run without request text (a plan file): flags, config file, defaults. */
    public static Settings settings(Map<String, String> flags, Path repository) {
        return settings(flags, Map.of(), repository);
    }

    /** As {@link #settings(Map, Path)}, with the flags' names as typed (see {@link #settings(Map, Map, Request, Path)}). */
    public static Settings settings(Map<String, String> flags, Map<String, String> flagNames, Path repository) {
        return resolve(flags, flagNames, Layer.empty(Source.REQUEST, "request text"), repository);
    }

    /**
     * As {@link #settings(Map, Map, Path)}, with the agent count a plan file asks for ({@code agents:}) between the
     * flags and the config file, named {@code plan file: agents}.
     */
    public static Settings settings(Map<String, String> flags, Map<String, String> flagNames, Optional<Integer> planAgents,
            Path repository) {
        requireNonNull(planAgents, "planAgents is null");
        Map<String, Layer.Entry> entries = new LinkedHashMap<>();
        planAgents.ifPresent(agents -> entries.put(Definition.AGENTS.key(), new Layer.Entry(agents, "agents")));
        return resolve(flags, flagNames, new Layer(Source.REQUEST, "plan file", entries), repository);
    }

    /**
     * The seeds' critical keywords, the built-in value of {@code critical_keywords}; keywords set by
     * a flag, the request text or the config file add to these and cannot remove them.
     */
    public static List<String> defaultCriticalKeywords() {
        return Definition.DEFAULT_CRITICAL_KEYWORDS;
    }

    /** The option keys of SPEC F2 in order, for building flags and help. */
    public static List<String> optionKeys() {
        return Definition.optionKeys();
    }

    private static Settings resolve(Map<String, String> flags, Map<String, String> flagNames, Layer request, Path repository) {
        requireNonNull(flags, "flags is null");
        requireNonNull(flagNames, "flagNames is null");
        requireNonNull(repository, "repository is null");
        Map<String, Layer.Entry> flagEntries = new LinkedHashMap<>();
        flags.forEach((key, value) -> flagEntries.put(key, new Layer.Entry(requireNonNull(value, "flag value is null"),
                flagNames.getOrDefault(key, key))));
        List<Layer> layers = new ArrayList<>();
        layers.add(new Layer(Source.FLAG, "flags", flagEntries));
        layers.add(request);
        ConfigFile.find(repository).ifPresent(layers::add);
        return Resolver.resolve(layers);
    }
}
