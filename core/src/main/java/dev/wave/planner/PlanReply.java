package dev.wave.planner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wave.WaveException;
import dev.wave.plan.Plan;
import dev.wave.plan.PlanLoader;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a model's reply into a validated plan: the JSON object in it (fences and prose around it
 * are dropped), in wave's plan format or the seeds' planner format ({@code name}, {@code subtasks},
 * {@code dependencies}), validated as a plan file is (unknown keys, ids, cycles).
 */
final class PlanReply {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PlanReply() {}

    /**
     * The plan in {@code reply}.
     *
     * @throws WaveException (invalid input) with what is wrong, to send back to the model
     */
    static Plan parse(String source, String reply) {
        int start = reply.indexOf('{');
        int end = reply.lastIndexOf('}');
        if (start < 0 || end < start) {
            throw WaveException.invalidInput("%s: the reply holds no JSON object.", source);
        }
        JsonNode root;
        try {
            root = JSON.readTree(reply.substring(start, end + 1));
        } catch (JsonProcessingException e) {
            throw WaveException.invalidInput("%s: the reply's JSON is invalid: %s.", source,
                    e.getOriginalMessage().lines().findFirst().orElse("syntax error"));
        }
        if (root.has("subtasks") && !root.has("tasks")) {
            root = fromSeedFormat(source, root);
        }
        return PlanLoader.parse(source, root.toString(), true);
    }

    /** The seeds' planner format as a plan: subtasks become tasks, the dependency map their depends_on. */
    static ObjectNode fromSeedFormat(String source, JsonNode root) {
        ObjectNode plan = JSON.createObjectNode();
        if (root.path("name").isTextual()) {
            plan.put("name", root.path("name").asText());
        }
        ArrayNode tasks = plan.putArray("tasks");
        JsonNode dependencies = root.path("dependencies");
        int position = 0;
        for (JsonNode subtask : root.path("subtasks")) {
            position++;
            ObjectNode task = tasks.addObject();
            String id = text(subtask, "id", "name").orElse("task-" + position);
            task.put("id", id.strip().replaceAll("[^A-Za-z0-9._-]+", "-"));
            text(subtask, "title", "name").ifPresent(title -> task.put("title", title));
            String prompt = text(subtask, "prompt", "description", "task").orElse(id);
            if (subtask.path("command").isTextual()) {
                task.put("run", subtask.path("command").asText());
            } else {
                task.put("prompt", prompt);
            }
            text(subtask, "role", "agent_type", "agent").ifPresent(role -> task.put("role", role));
            estimate(subtask).ifPresent(estimate -> task.put("estimate", estimate));
            if (subtask.path("critical").isBoolean()) {
                task.put("critical", subtask.path("critical").asBoolean());
            }
            JsonNode depends = subtask.has("depends_on") ? subtask.get("depends_on")
                    : subtask.has("dependencies") ? subtask.get("dependencies") : dependencies.path(id);
            if (depends.isArray() && !depends.isEmpty()) {
                ArrayNode list = task.putArray("depends_on");
                depends.forEach(dependency -> list.add(dependency.asText().strip().replaceAll("[^A-Za-z0-9._-]+", "-")));
            }
        }
        if (tasks.isEmpty()) {
            throw WaveException.invalidInput("%s: \"subtasks\" is empty or not a list.", source);
        }
        return plan;
    }

    private static java.util.Optional<String> text(JsonNode node, String... keys) {
        for (String key : keys) {
            if (node.path(key).isTextual() && !node.path(key).asText().isBlank()) {
                return java.util.Optional.of(node.path(key).asText());
            }
        }
        return java.util.Optional.empty();
    }

    /** {@code estimated_duration} in seconds (a number) or a duration text. */
    private static java.util.Optional<String> estimate(JsonNode subtask) {
        for (Map.Entry<String, JsonNode> field : subtask.properties()) {
            String key = field.getKey().toLowerCase(Locale.ROOT);
            if (key.equals("estimate") || key.startsWith("estimated_duration") || key.equals("duration")) {
                JsonNode value = field.getValue();
                if (value.isNumber() && value.asDouble() > 0) {
                    return java.util.Optional.of(Math.max(1, Math.round(value.asDouble())) + "s");
                }
                if (value.isTextual()) {
                    return java.util.Optional.of(value.asText().strip());
                }
            }
        }
        return java.util.Optional.empty();
    }
}
