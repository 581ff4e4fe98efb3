package dev.wave.plan;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
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
    static final Set<String> PLAN_KEYS = Set.of("name", "description", "tasks", "critical_in_prompts",
            "overlapping_scopes", "agents");
    static final Set<String> TASK_KEYS = Set.of("id", "title", "description", "run", "action", "prompt",
            "depends_on", "estimate", "role", "critical", "timeout", "retries", "env", "verify", "scope", "network",
            "agent", "type");
    private static final java.util.regex.Pattern VALID_ID = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");
    /** The longest estimate or timeout a plan may give; longer ones are typos and overflow the arithmetic. */
    static final Duration MAX_DURATION = Duration.ofDays(365);
    private static final List<String> KINDS = List.of("run", "action", "prompt");

    private PlanLoader() {}

    /** Loads the plan file at {@code path}; {@code .json} files are read as JSON, anything else as YAML. */
    public static Plan load(Path path) {
        requireNonNull(path, "path is null");
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw WaveException.invalidInput("%s: no such plan file. Check the path given to --plan.", path);
        } catch (IOException e) {
            throw WaveException.invalidInput("%s: cannot read the plan file (%s). Check the path and its permissions.",
                    path, e.getMessage());
        }
        boolean json = path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
        return parse(path.toString(), PlanSyntax.decode(path.toString(), bytes), json);
    }

    /** Parses plan text; {@code source} names it in messages. */
    public static Plan parse(String source, String text, boolean json) {
        JsonNode root = PlanSyntax.read(source, text, json).orElseThrow(() -> WaveException.invalidInput(
                "%s: the plan has no tasks. Add at least one task under \"tasks:\".", source));
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
        boolean criticalInPrompts = !root.hasNonNull("critical_in_prompts") || bool(source, "the plan", root, "critical_in_prompts");
        boolean overlappingScopes = root.hasNonNull("overlapping_scopes") && bool(source, "the plan", root, "overlapping_scopes");
        Optional<Integer> agents = Optional.empty();
        if (root.hasNonNull("agents")) {
            JsonNode count = root.get("agents");
            if (!count.canConvertToInt() || !count.isIntegralNumber() || count.asInt() < 1) {
                throw WaveException.invalidInput("%s: the plan's \"agents\" must be a whole number of at least 1, found %s. "
                        + "Fix it, or remove it to let wave choose.", source, describe(count));
            }
            agents = Optional.of(count.asInt());
        }
        return Plan.of(source, goal, tasks).withCriticalInPrompts(criticalInPrompts).withOverlappingScopes(overlappingScopes)
                .withAgents(agents);
    }

    /** The id in quotes on one line: control characters escaped, at most 60 characters shown. */
    private static String printable(String id) {
        StringBuilder text = new StringBuilder("\"");
        id.codePoints().limit(60).forEach(c -> text.append(c == '"' || c == '\\' ? "\\" + (char) c
                : Character.isISOControl(c) || Character.getType(c) == Character.LINE_SEPARATOR
                        || Character.getType(c) == Character.PARAGRAPH_SEPARATOR ? String.format("\\u%04x", c)
                        : Character.toString(c)));
        return text.append(id.codePointCount(0, id.length()) > 60 ? "...\"" : "\"").toString();
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
            throw WaveException.invalidInput("%s: task %s has an id wave cannot use as a file name. Use letters, digits, '.', '_' and '-', starting with a letter or digit.",
                    source, printable(id));
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
            case "prompt" -> new Action.Agent(text(source, name, node, "prompt"), agent(source, name, node),
                    change(source, name, node));
            default -> new Action.Builtin(FileActionParser.parse(source, name, node.get("action")));
        };
        if (!(action instanceof Action.Agent)) {
            for (String key : List.of("agent", "type")) {
                if (node.hasNonNull(key)) {
                    throw WaveException.invalidInput("%s: %s has %s, which only a prompt (agent) task takes. Remove it, or "
                            + "make the task a prompt: task.", source, name, key);
                }
            }
        }
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
                scope(source, name, node.get("scope")),
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

    /** {@code agent:} of a prompt task: claude, codex, aider, or a command template naming the prompt. */
    private static Optional<String> agent(String source, String name, JsonNode node) {
        Optional<String> agent = optionalText(source, name, node, "agent").map(String::strip);
        if (agent.isEmpty() || List.of("claude", "codex", "aider").contains(agent.get().toLowerCase(Locale.ROOT))) {
            return agent.map(text -> text.toLowerCase(Locale.ROOT));
        }
        if (agent.get().contains("{prompt}") || agent.get().contains("{prompt_file}")) {
            return agent;
        }
        throw WaveException.invalidInput("%s: %s has agent \"%s\". Use claude, codex, aider, or a command template with "
                + "{prompt} or {prompt_file}, such as \"my-agent --task {prompt_file}\".", source, name, agent.get());
    }

    /**
     * {@code type:} of a prompt task: {@code change} (the default: a diff is required),
     * {@code analysis} (succeeds without a diff) or {@code change-if-needed} (with or without one).
     */
    private static AgentChange change(String source, String name, JsonNode node) {
        Optional<String> type = optionalText(source, name, node, "type");
        if (type.isEmpty()) {
            return AgentChange.REQUIRED;
        }
        return AgentChange.ofPlanName(type.get()).orElseThrow(() -> WaveException.invalidInput("%s: %s has type \"%s\". "
                + "Use change (the agent must change files in its scope), analysis (it only reports) or change-if-needed "
                + "(it may change files in its scope, or none).", source, name, type.get()));
    }

    /** {@code scope:}: one relative path or a list of them, inside the repository. */
    private static List<String> scope(String source, String name, JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        List<String> paths = new ArrayList<>();
        for (JsonNode entry : node.isArray() ? node : List.of(node)) {
            String path = entry.isTextual() ? ActionChecks.normalize(entry.asText()) : "";
            if (path.isEmpty() || ActionChecks.pathProblem(path).isPresent()) {
                throw WaveException.invalidInput("%s: %s has scope entry %s. Write paths relative to the repository, such as src/app.py or docs/.",
                        source, name, describe(entry));
            }
            paths.add(path);
        }
        return paths;
    }

    private static Optional<Duration> duration(String source, String name, JsonNode node, String key) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        String text = value.asText().strip();
        if (value.isNumber() ? value.asDouble() < 0 : text.startsWith("-")) {
            throw WaveException.invalidInput("%s: %s has %s \"%s\", which is negative. Use a positive duration, like 90s, 5m or 1h30m.",
                    source, name, key, text);
        }
        Duration duration;
        try {
            if (!value.isValueNode() || value.isBoolean() || (value.isNumber() && !Double.isFinite(value.asDouble()))) {
                throw new IllegalArgumentException();
            }
            duration = value.isNumber() ? Durations.ofSeconds(value.asDouble()) : Durations.parse(text);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw WaveException.invalidInput("%s: %s has %s \"%s\", which is not a duration. Use a number with a unit, like 90s, 5m or 1h30m.",
                    source, name, key, value.isValueNode() ? text : describe(value));
        }
        if (key.equals("timeout") && duration.isZero()) {
            throw WaveException.invalidInput("%s: %s has timeout \"%s\", which is zero. Use a positive duration, like 90s, 5m or 1h30m, "
                    + "or leave timeout out for none.", source, name, text);
        }
        if (duration.compareTo(MAX_DURATION) > 0) {
            throw WaveException.invalidInput("%s: %s has %s \"%s\", more than %s. Use at most %s.", source, name, key, text,
                    "365 days", "365d");
        }
        return Optional.of(duration);
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
}
