package dev.wave.plan;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.wave.WaveException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads plan files, YAML or JSON (one model, described by {@code schema/plan.schema.json}), and
 * returns a validated {@link Plan}. The entry point of the {@code plan} package.
 *
 * <p>Every refusal is a {@link WaveException} of kind INVALID_INPUT whose one-line message names the
 * file, the task and the fix. Stateless and thread-safe; reads the file and nothing else.
 */
public final class PlanLoader {
    static final Set<String> PLAN_KEYS = Set.of("name", "description", "tasks");
    static final Set<String> TASK_KEYS = Set.of("id", "title", "description", "run", "action", "prompt",
            "depends_on", "estimate", "role", "critical", "timeout", "retries", "env", "verify", "network");
    private static final java.util.regex.Pattern VALID_ID = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");
    private static final List<String> KINDS = List.of("run", "action", "prompt");

    private static final ObjectMapper YAML = YAMLMapper.builder(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

    private PlanLoader() {}

    /** Loads the plan file at {@code path}; {@code .json} files are read as JSON, anything else as YAML. */
    public static Plan load(Path path) {
        requireNonNull(path, "path is null");
        String text;
        try {
            text = Files.readString(path);
        } catch (NoSuchFileException e) {
            throw WaveException.invalidInput("%s: no such plan file. Check the path given to --plan.", path);
        } catch (IOException e) {
            throw WaveException.invalidInput("%s: cannot read the plan file (%s). Check the path and its permissions.",
                    path, e.getMessage());
        }
        boolean json = path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
        return parse(path.toString(), text, json);
    }

    /** Parses plan text; {@code source} names it in messages. */
    public static Plan parse(String source, String text, boolean json) {
        JsonNode root;
        try {
            root = (json ? JSON : YAML).readTree(text);
        } catch (JsonParseException e) {
            throw WaveException.invalidInput("%s: not valid %s: %s. Fix the syntax at that line.", source,
                    json ? "JSON" : "YAML", oneLine(e));
        } catch (JsonProcessingException e) {
            throw WaveException.invalidInput("%s: not valid %s: %s. Fix the syntax at that line.", source,
                    json ? "JSON" : "YAML", oneLine(e));
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw WaveException.invalidInput("%s: the plan has no tasks. Add at least one task under \"tasks:\".", source);
        }
        if (!root.isObject()) {
            throw WaveException.invalidInput("%s: a plan is a mapping with a \"tasks:\" list, found %s. See README.md, \"Plan files\".",
                    source, describe(root));
        }
        unknownKeys(source, "the plan", root, PLAN_KEYS);
        JsonNode tasksNode = root.get("tasks");
        if (tasksNode == null || tasksNode.isNull() || (tasksNode.isArray() && tasksNode.isEmpty())) {
            throw WaveException.invalidInput("%s: the plan has no tasks. Add at least one task under \"tasks:\".", source);
        }
        if (!tasksNode.isArray()) {
            throw WaveException.invalidInput("%s: \"tasks\" must be a list of tasks, found %s. Write each task as a list item.",
                    source, describe(tasksNode));
        }
        List<Task> tasks = new ArrayList<>(tasksNode.size());
        int position = 0;
        for (JsonNode node : tasksNode) {
            tasks.add(task(source, ++position, node));
        }
        Optional<String> goal = optionalText(source, "the plan", root, "name")
                .or(() -> optionalText(source, "the plan", root, "description"));
        return Plan.of(source, goal, tasks);
    }

    private static Task task(String source, int position, JsonNode node) {
        if (!node.isObject()) {
            throw WaveException.invalidInput("%s: task %d must be a mapping with at least \"id\" and \"run\", found %s.",
                    source, position, describe(node));
        }
        JsonNode idNode = node.get("id");
        if (idNode == null || !idNode.isValueNode() || idNode.asText().isBlank()) {
            throw WaveException.invalidInput("%s: task %d has no id. Add \"id: <name>\" to it.", source, position);
        }
        String id = idNode.asText();
        String name = "task \"" + id + "\"";
        if (!VALID_ID.matcher(id).matches()) {
            throw WaveException.invalidInput("%s: %s has an id wave cannot use as a file name. Use letters, digits, '.', '_' and '-', starting with a letter or digit.",
                    source, name);
        }
        unknownKeys(source, name, node, TASK_KEYS);

        List<String> kinds = new ArrayList<>();
        for (String kind : KINDS) {
            if (node.hasNonNull(kind)) {
                kinds.add(kind);
            }
        }
        if (kinds.size() != 1) {
            throw WaveException.invalidInput("%s: %s %s. Give it exactly one of run (a shell command), action (a built-in) or prompt (an agent).",
                    source, name, kinds.isEmpty() ? "has nothing to do" : "has both " + String.join(" and ", kinds));
        }
        Action action = switch (kinds.get(0)) {
            case "run" -> new Action.Shell(text(source, name, node, "run"));
            case "prompt" -> new Action.Agent(text(source, name, node, "prompt"));
            default -> new Action.Builtin(FileActionParser.parse(source, name, node.get("action")));
        };
        return new Task(id,
                optionalText(source, name, node, "title").orElse(id),
                action,
                dependencies(source, name, node.get("depends_on")),
                duration(source, name, node, "estimate"),
                optionalText(source, name, node, "role"),
                bool(source, name, node, "critical"),
                duration(source, name, node, "timeout"),
                retries(source, name, node.get("retries")),
                env(source, name, node.get("env")),
                optionalText(source, name, node, "verify"),
                bool(source, name, node, "network"));
    }

    static void unknownKeys(String source, String where, JsonNode node, Set<String> known) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String key = names.next();
            if (!known.contains(key)) {
                throw WaveException.invalidInput("%s: %s has unknown key \"%s\" (known: %s). Remove it or fix its spelling.",
                        source, where, key, String.join(", ", new java.util.TreeSet<>(known)));
            }
        }
    }

    private static String text(String source, String name, JsonNode node, String key) {
        JsonNode value = node.get(key);
        if (!value.isValueNode() || value.asText().isBlank()) {
            throw WaveException.invalidInput("%s: %s has %s %s; it must be non-empty text.", source, name, key, describe(value));
        }
        return value.asText();
    }

    private static Optional<String> optionalText(String source, String name, JsonNode node, String key) {
        return node.hasNonNull(key) ? Optional.of(text(source, name, node, key)) : Optional.empty();
    }

    private static List<String> dependencies(String source, String name, JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (node.isValueNode()) {
            return List.of(node.asText());
        }
        if (!node.isArray()) {
            throw WaveException.invalidInput("%s: %s has depends_on %s. Write a list of task ids, for example [build, lint].",
                    source, name, describe(node));
        }
        List<String> ids = new ArrayList<>(node.size());
        for (JsonNode dependency : node) {
            if (!dependency.isValueNode() || dependency.isNull()) {
                throw WaveException.invalidInput("%s: %s has depends_on entry %s. Write task ids only.", source, name,
                        describe(dependency));
            }
            ids.add(dependency.asText());
        }
        return ids;
    }

    private static Optional<Duration> duration(String source, String name, JsonNode node, String key) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        try {
            if (!value.isValueNode() || value.isBoolean()) {
                throw new IllegalArgumentException();
            }
            Duration duration = value.isNumber() ? Durations.ofSeconds(value.asDouble()) : Durations.parse(value.asText());
            if (key.equals("timeout") && duration.isZero()) {
                throw new IllegalArgumentException();
            }
            return Optional.of(duration);
        } catch (IllegalArgumentException e) {
            throw WaveException.invalidInput("%s: %s has %s \"%s\", which is not a duration. Use a number with a unit, like 90s, 5m or 1h30m.",
                    source, name, key, value.asText());
        }
    }

    private static boolean bool(String source, String name, JsonNode node, String key) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw WaveException.invalidInput("%s: %s has %s %s. Write true or false.", source, name, key, describe(value));
        }
        return value.asBoolean();
    }

    private static int retries(String source, String name, JsonNode node) {
        if (node == null || node.isNull()) {
            return 0;
        }
        if (!node.isIntegralNumber() || node.asInt() < 0 || node.asInt() > 100) {
            throw WaveException.invalidInput("%s: %s has retries %s. Write a whole number from 0 to 100.", source, name,
                    describe(node));
        }
        return node.asInt();
    }

    private static Map<String, String> env(String source, String name, JsonNode node) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw WaveException.invalidInput("%s: %s has env %s. Write a mapping of NAME: value.", source, name, describe(node));
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (!field.getKey().matches("[A-Za-z_][A-Za-z0-9_]*") || !field.getValue().isValueNode()) {
                throw WaveException.invalidInput("%s: %s has env entry \"%s\". Names are letters, digits and _, values are text.",
                        source, name, field.getKey());
            }
            env.put(field.getKey(), field.getValue().asText());
        }
        return env;
    }

    static String describe(JsonNode node) {
        if (node.isArray()) {
            return "a list";
        }
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isTextual()) {
            return "\"" + node.asText() + "\"";
        }
        return node.toString();
    }

    private static String oneLine(JsonProcessingException e) {
        String message = e.getOriginalMessage().replaceAll("\\s+", " ").trim();
        if (e.getLocation() != null) {
            message += " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
        }
        return message;
    }
}
