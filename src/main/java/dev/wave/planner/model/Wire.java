package dev.wave.planner.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;

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
