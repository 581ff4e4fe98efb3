package dev.wave.planner.model;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.List;
import java.util.Map;

/** The Anthropic Messages API: {@code POST /v1/messages} with {@code x-api-key} and {@code anthropic-version}. */
record AnthropicClient(HttpCaller caller, URI baseUrl, String apiKey, String model) implements ModelClient {
    static final String VERSION = "2023-06-01";
    static final int MAX_TOKENS = 16_000;

    AnthropicClient {
        requireNonNull(caller, "caller is null");
        requireNonNull(baseUrl, "baseUrl is null");
        requireNonNull(apiKey, "apiKey is null");
        requireNonNull(model, "model is null");
    }

    @Override
    public String describe() {
        return "anthropic (" + model + " at " + baseUrl + ")";
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
            throw Wire.masked(e, apiKey);
        }
    }

    private String ask(String system, List<Message> conversation) throws ModelException, InterruptedException {
        ObjectNode body = Wire.MAPPER.createObjectNode()
                .put("model", model)
                .put("max_tokens", MAX_TOKENS)
                .put("system", system);
        Wire.addMessages(body.putArray("messages"), conversation);
        HttpCaller.Reply reply = caller.post(Wire.resolve(baseUrl, "v1/messages"),
                Map.of("x-api-key", apiKey, "anthropic-version", VERSION), Wire.write(body), "the Anthropic API");
        JsonNode json = Wire.readOk(reply, "the Anthropic API", "ANTHROPIC_API_KEY");
        StringBuilder text = new StringBuilder();
        for (JsonNode block : json.path("content")) {
            if ("text".equals(block.path("type").asText())) {
                text.append(block.path("text").asText());
            }
        }
        if (text.isEmpty()) {
            throw new ModelException("the Anthropic API replied with no text (stop_reason "
                    + json.path("stop_reason").asText("unknown") + ")");
        }
        return text.toString();
    }
}
