package dev.wave.planner.model;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An OpenAI-compatible {@code POST /chat/completions}, with a bearer key when one is given. */
record OpenAiClient(HttpCaller caller, URI baseUrl, Optional<String> apiKey, String model) implements ModelClient {
    OpenAiClient {
        requireNonNull(caller, "caller is null");
        requireNonNull(baseUrl, "baseUrl is null");
        requireNonNull(apiKey, "apiKey is null");
        requireNonNull(model, "model is null");
    }

    @Override
    public String describe() {
        return "openai-compatible (" + model + " at " + baseUrl + ")";
    }

    @Override
    public String toString() {
        return describe(); // never the key
    }

    @Override
    public String complete(String system, List<Message> conversation) throws ModelException, InterruptedException {
        try {
            return ask(system, conversation);
        } catch (ModelException e) {
            throw Wire.masked(e, apiKey.orElse(""));
        }
    }

    private String ask(String system, List<Message> conversation) throws ModelException, InterruptedException {
        ObjectNode body = Wire.MAPPER.createObjectNode().put("model", model).put("temperature", 0);
        ArrayNode messages = body.putArray("messages");
        messages.addObject().put("role", "system").put("content", system);
        Wire.addMessages(messages, conversation);
        Map<String, String> headers = apiKey.map(key -> Map.of("authorization", "Bearer " + key)).orElse(Map.of());
        HttpCaller.Reply reply = caller.post(Wire.resolve(baseUrl, "chat/completions"), headers, Wire.write(body),
                "the chat completions endpoint");
        JsonNode json = Wire.readOk(reply, "the chat completions endpoint", "OPENAI_API_KEY");
        String text = json.path("choices").path(0).path("message").path("content").asText("");
        if (text.isBlank()) {
            throw new ModelException("the chat completions endpoint replied with no text (finish_reason "
                    + json.path("choices").path(0).path("finish_reason").asText("unknown") + ")");
        }
        return text;
    }
}
