package dev.wave.planner.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.net.URI;
import java.util.List;

/** JSON in and out of the model APIs. */
final class Wire {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Wire() {}

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a request body", e);
        }
    }

    static JsonNode read(HttpCaller.Reply reply, String what) throws ModelException {
        try {
            JsonNode node = MAPPER.readTree(reply.body());
            if (node == null || !node.isObject()) {
                throw new ModelException(what + " replied HTTP " + reply.status() + " with no JSON object: "
                        + shorten(reply.body()));
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new ModelException(what + " replied HTTP " + reply.status() + " with invalid JSON: " + shorten(reply.body()));
        }
    }

    /**
     * The JSON object of a {@code 200} reply; any other status is a {@link ModelException} with the
     * API's error message, and on {@code 401} the environment variable of the key to check.
     */
    static JsonNode readOk(HttpCaller.Reply reply, String what, String keyVariable) throws ModelException {
        JsonNode json = read(reply, what);
        if (reply.status() != 200) {
            throw new ModelException(what + " answered HTTP " + reply.status() + ": "
                    + json.path("error").path("message").asText(shorten(reply.body()))
                    + (reply.status() == 401 ? " Check " + keyVariable + "." : ""));
        }
        return json;
    }

    /** {@code error} with every occurrence of {@code key} in its message masked, for APIs that echo the key back. */
    static ModelException masked(ModelException error, String key) {
        if (key.isEmpty() || !error.getMessage().contains(key)) {
            return error;
        }
        return new ModelException(error.getMessage().replace(key, "<the key>"));
    }

    /** Appends each message of {@code conversation} as {@code {"role", "content"}}. */
    static void addMessages(ArrayNode messages, List<Message> conversation) {
        for (Message message : conversation) {
            messages.addObject().put("role", message.role().wire()).put("content", message.text());
        }
    }

    /** {@code base} + {@code path}, whether or not the base ends in a slash. */
    static URI resolve(URI base, String path) {
        String text = base.toString();
        return URI.create(text.endsWith("/") ? text + path : text + "/" + path);
    }

    static String shorten(String text) {
        String line = text.strip().replaceAll("\\s+", " ");
        return line.length() <= 200 ? line : line.substring(0, 197) + "...";
    }
}
