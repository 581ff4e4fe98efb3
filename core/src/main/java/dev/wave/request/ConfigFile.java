package dev.wave.request;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.wave.WaveException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The repository's option file: {@code .wave/config.yaml}, {@code .wave/config.yml} or
 * {@code .wave/config.json} with the F2 keys at the top level, or the seeds'
 * {@code wave_config.json} shape ({@code execution}, {@code safety}, {@code display} sections and
 * {@code critical_keywords}) in any of those files, in {@code .wave/wave_config.json} or in
 * {@code .claude/wave_config.json}. At most one {@code .wave/} file may exist. Stateless.
 */
final class ConfigFile {
    static final List<String> WAVE_FILES = List.of(".wave/config.yaml", ".wave/config.yml", ".wave/config.json",
            ".wave/wave_config.json");
    static final String SEEDS_FILE = ".claude/wave_config.json";

    /** The seeds' section keys and the F2 key each stands for. Section keys equal to an F2 key map to themselves. */
    private static final Map<String, Map<String, String>> SECTIONS = Map.of(
            "execution", Map.of("max_instances", "max_instances", "default_priority", "priority",
                    "dry_run_first", "dry_run", "require_approval_critical", "require_approval"),
            "safety", Map.of("always_backup", "always_backup", "auto_rollback", "auto_rollback",
                    "create_rollback_scripts", "create_rollback_scripts", "backup_ignored_max", "backup_ignored_max"),
            "display", Map.of("show_progress", "progress_display", "verbosity", "checkpoint_verbosity",
                    "checkpoint_retention", "checkpoint_retention"),
            "worktrees", Map.of("copy", "worktree_copy", "link", "worktree_link", "setup", "worktree_setup",
                    "on_conflict", "on_conflict"));

    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

    private ConfigFile() {}

    /** The config layer of {@code repository}, empty when it has no config file. */
    static Optional<Layer> find(Path repository) {
        List<String> present = new ArrayList<>();
        for (String name : WAVE_FILES) {
            if (Files.isRegularFile(repository.resolve(name))) {
                present.add(name);
            }
        }
        if (present.size() > 1) {
            throw WaveException.invalidInput("%s: found %d config files (%s). Keep one of them.", repository,
                    present.size(), String.join(", ", present));
        }
        if (present.isEmpty() && Files.isRegularFile(repository.resolve(SEEDS_FILE))) {
            present.add(SEEDS_FILE);
        }
        if (present.isEmpty()) {
            return Optional.empty();
        }
        String name = present.get(0);
        try {
            return Optional.of(parse(name, Files.readString(repository.resolve(name))));
        } catch (IOException e) {
            throw WaveException.invalidInput("%s: cannot read the config file (%s). Check its permissions.", name,
                    e.getMessage());
        }
    }

    /** Parses config text; {@code name} decides JSON (ending in .json) or YAML and names the file in messages. */
    static Layer parse(String name, String text) {
        boolean json = name.toLowerCase(Locale.ROOT).endsWith(".json");
        JsonNode root;
        try {
            root = (json ? JSON : YAML).readTree(text);
        } catch (JsonProcessingException e) {
            throw WaveException.invalidInput("%s. Fix the syntax there.", dev.wave.SyntaxErrors.describe(name,
                    json ? "JSON" : "YAML", e));
        }
        Map<String, Layer.Entry> entries = new LinkedHashMap<>();
        if (root == null || root.isMissingNode() || root.isNull()) {
            return new Layer(Source.CONFIG, name, entries);
        }
        if (!root.isObject()) {
            throw WaveException.invalidInput("%s: a config file is a mapping of option keys, found %s. Write key: value lines.",
                    name, root.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            String key = field.getKey();
            if (SECTIONS.containsKey(key) && field.getValue().isObject()) {
                Map<String, String> section = SECTIONS.get(key);
                for (Map.Entry<String, JsonNode> inner : field.getValue().properties()) {
                    String innerKey = inner.getKey();
                    String target = section.getOrDefault(innerKey, Definition.isOptionKey(innerKey) ? innerKey : null);
                    if (target == null) {
                        throw WaveException.invalidInput(
                                "%s: unknown option \"%s.%s\" (known in %s: %s, or any of %s). Remove it or fix its spelling.",
                                name, key, innerKey, key, String.join(", ", new java.util.TreeSet<>(section.keySet())),
                                String.join(", ", Definition.optionKeys()));
                    }
                    put(name, entries, target, key + "." + innerKey, inner.getValue(), innerKey.equals("show_progress"));
                }
            } else {
                put(name, entries, key, key, field.getValue(), false);
            }
        }
        return new Layer(Source.CONFIG, name, entries);
    }

    private static void put(String name, Map<String, Layer.Entry> entries, String key, String writtenAs, JsonNode node,
            boolean showProgress) {
        if (node.isNull()) {
            return;
        }
        Object value = raw(name, writtenAs, node);
        if (showProgress) {
            try {
                value = Definition.bool(value) ? ProgressDisplay.LIVE.label() : ProgressDisplay.QUIET.label();
            } catch (IllegalArgumentException e) {
                throw WaveException.invalidInput("%s: %s must be true or false, got %s. Fix it in the file.", name,
                        writtenAs, node);
            }
        }
        Layer.Entry previous = entries.putIfAbsent(key, new Layer.Entry(value, writtenAs));
        if (previous != null) {
            throw WaveException.invalidInput("%s: sets %s twice (as %s and as %s). Keep one.", name, key,
                    previous.writtenAs(), writtenAs);
        }
    }

    private static Object raw(String name, String writtenAs, JsonNode node) {
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber() && node.canConvertToInt()) {
            return node.intValue();
        }
        if (node.isValueNode()) {
            return node.asText();
        }
        if (node.isArray()) {
            List<Object> items = new ArrayList<>();
            for (JsonNode item : node) {
                items.add(item.isValueNode() ? item.asText() : item.toString());
            }
            return items;
        }
        if (node.isObject() && writtenAs.equals(Definition.CAPS.key())) { // caps: {prompt: 2, claude: 1}
            List<Object> entries = new ArrayList<>();
            node.properties().forEach(entry -> entries.add(entry.getKey() + "=" + entry.getValue().asText()));
            return entries;
        }
        throw WaveException.invalidInput("%s: %s is a mapping; it must be a single value or a list. Fix it in the file.",
                name, writtenAs);
    }
}
