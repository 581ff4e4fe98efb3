package dev.wave.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.wave.testing.FakeModelServer.Reply;
import java.io.IOException;

/**
 * The OpenAI Responses API's server-sent events for one model turn, as {@code codex exec} reads them
 * (checked against codex 0.169): {@code response.created}, {@code response.output_item.added} and
 * {@code .done} for one output item (an assistant {@code message} or a {@code function_call}), then
 * {@code response.completed} with the usage. Each turn reports 100 input tokens (40 of them cached)
 * and 20 output tokens.
 */
final class ResponsesStream {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ResponsesStream() {}

    static void send(HttpExchange exchange, Reply reply, int turn) throws IOException {
        String id = "resp_fake_" + turn;
        ObjectNode item = JSON.createObjectNode();
        if (reply instanceof Reply.Text text) {
            item.put("type", "message").put("id", "msg_fake_" + turn).put("role", "assistant").put("status", "completed")
                    .putArray("content").addObject().put("type", "output_text").put("text", text.text())
                    .putArray("annotations");
        } else if (reply instanceof Reply.ToolUse tool) {
            item.put("type", "function_call").put("id", "fc_fake_" + turn).put("call_id", "call_fake_" + turn)
                    .put("name", tool.name()).put("arguments", tool.input()).put("status", "completed");
        } else {
            throw new AssertionError(reply);
        }
        StringBuilder events = new StringBuilder();
        ObjectNode created = JSON.createObjectNode().put("id", id).put("object", "response").put("status", "in_progress");
        created.putArray("output");
        FakeModelServer.event(events, "response.created", JSON.createObjectNode().put("type", "response.created").set("response", created));
        FakeModelServer.event(events, "response.output_item.added", JSON.createObjectNode().put("type", "response.output_item.added")
                .put("output_index", 0).set("item", item));
        FakeModelServer.event(events, "response.output_item.done", JSON.createObjectNode().put("type", "response.output_item.done")
                .put("output_index", 0).set("item", item));
        ObjectNode completed = JSON.createObjectNode().put("id", id).put("object", "response").put("status", "completed");
        ObjectNode usage = completed.putObject("usage").put("input_tokens", 100).put("output_tokens", 20)
                .put("total_tokens", 120);
        usage.putObject("input_tokens_details").put("cached_tokens", 40);
        usage.putObject("output_tokens_details").put("reasoning_tokens", 0);
        FakeModelServer.event(events, "response.completed", JSON.createObjectNode().put("type", "response.completed").set("response", completed));
        FakeModelServer.sendEvents(exchange, events);
    }
}
