package dev.wave.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

/**
 * A model API on 127.0.0.1 that answers in the real wire formats: the Anthropic Messages API
 * ({@code POST /v1/messages}), OpenAI-compatible chat completions ({@code POST /v1/chat/completions})
 * and the OpenAI Responses API as the Codex CLI streams it ({@code POST /v1/responses}, server-sent
 * events; a {@link Reply.ToolUse} becomes a {@code function_call} item).
 * Replies are scripted in order; every request is recorded with its headers and JSON body.
 */
public final class FakeModelServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One scripted reply. */
    public sealed interface Reply {
        /** A 200 whose assistant text is {@code text}, in the format of the endpoint asked. */
        record Text(String text) implements Reply {}

        /** An error status with the API's error body, and optionally a retry-after header. */
        record Error(int status, String type, String message, String retryAfter) implements Reply {}

        /** No answer until the test ends: the client's timeout must fire. */
        record Silence() implements Reply {}

        /** An assistant turn that calls a tool ({@code Write}, {@code Bash}, ...) with {@code input}, a JSON object. */
        record ToolUse(String name, String input) implements Reply {}
    }

    /** A request as received. */
    public record Request(String path, Map<String, List<String>> headers, JsonNode body) {
        public String header(String name) {
            return headers.entrySet().stream().filter(entry -> entry.getKey().equalsIgnoreCase(name))
                    .map(entry -> entry.getValue().get(0)).findFirst().orElse("");
        }
    }

    private final HttpServer server;
    private final Deque<Reply> script = new ArrayDeque<>();
    private final List<Request> requests = new ArrayList<>();
    private final CountDownLatch closing = new CountDownLatch(1);

    public FakeModelServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "fake-model-server");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    public URI anthropicUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public URI openAiUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
    }

    public synchronized FakeModelServer then(Reply reply) {
        script.add(reply);
        return this;
    }

    public FakeModelServer thenText(String text) {
        return then(new Reply.Text(text));
    }

    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        Reply reply;
        String path = exchange.getRequestURI().getPath();
        byte[] raw = exchange.getRequestBody().readAllBytes();
        if (!path.endsWith("/messages") && !path.endsWith("/chat/completions") && !path.endsWith("/responses")) {
            exchange.sendResponseHeaders(404, -1); // a client's probe of the root, say: not a model call
            exchange.close();
            return;
        }
        JsonNode body = JSON.readTree(raw);
        synchronized (this) {
            requests.add(new Request(path, Map.copyOf(exchange.getRequestHeaders()), body));
            reply = script.isEmpty() ? new Reply.Error(500, "api_error", "the fake has no more scripted replies", "") : script.poll();
        }
        boolean anthropic = path.endsWith("/messages");
        if (reply instanceof Reply.Silence) {
            try {
                closing.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
            return;
        }
        if (body.path("stream").asBoolean(false) && anthropic && !(reply instanceof Reply.Error)) {
            stream(exchange, body, reply);
            return;
        }
        if (path.endsWith("/responses") && !(reply instanceof Reply.Error)) {
            ResponsesStream.send(exchange, reply, requests().size());
            return;
        }
        String response;
        int status;
        if (reply instanceof Reply.Text text) {
            status = 200;
            response = anthropic
                    ? JSON.createObjectNode().put("id", "msg_fake").put("type", "message").put("role", "assistant")
                            .put("model", body.path("model").asText()).put("stop_reason", "end_turn")
                            .set("content", JSON.createArrayNode().add(JSON.createObjectNode().put("type", "text")
                                    .put("text", text.text()))).toString()
                    : JSON.createObjectNode().put("id", "chatcmpl-fake").put("object", "chat.completion")
                            .set("choices", JSON.createArrayNode().add(JSON.createObjectNode().put("index", 0)
                                    .put("finish_reason", "stop").set("message", JSON.createObjectNode()
                                            .put("role", "assistant").put("content", text.text())))).toString();
        } else if (reply instanceof Reply.Error error) {
            status = error.status();
            if (!error.retryAfter().isEmpty()) {
                exchange.getResponseHeaders().add("retry-after", error.retryAfter());
            }
            response = anthropic
                    ? JSON.createObjectNode().put("type", "error").set("error", JSON.createObjectNode()
                            .put("type", error.type()).put("message", error.message())).toString()
                    : JSON.createObjectNode().set("error", JSON.createObjectNode().put("type", error.type())
                            .put("message", error.message())).toString();
        } else {
            throw new AssertionError(reply);
        }
        byte[] bytes = response.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("content-type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** The Messages API's server-sent events for one assistant turn: text, or a tool call. */
    private void stream(HttpExchange exchange, JsonNode body, Reply reply) throws IOException {
        StringBuilder events = new StringBuilder();
        var message = JSON.createObjectNode().put("id", "msg_fake_" + requests().size()).put("type", "message")
                .put("role", "assistant").put("model", body.path("model").asText());
        message.putArray("content");
        message.putNull("stop_reason");
        message.set("usage", JSON.createObjectNode().put("input_tokens", 100).put("output_tokens", 1));
        event(events, "message_start", JSON.createObjectNode().put("type", "message_start").set("message", message));
        String stopReason;
        if (reply instanceof Reply.Text text) {
            event(events, "content_block_start", JSON.createObjectNode().put("type", "content_block_start").put("index", 0)
                    .set("content_block", JSON.createObjectNode().put("type", "text").put("text", "")));
            event(events, "content_block_delta", JSON.createObjectNode().put("type", "content_block_delta").put("index", 0)
                    .set("delta", JSON.createObjectNode().put("type", "text_delta").put("text", text.text())));
            stopReason = "end_turn";
        } else if (reply instanceof Reply.ToolUse tool) {
            var block = JSON.createObjectNode().put("type", "tool_use").put("id", "toolu_fake_" + requests().size())
                    .put("name", tool.name());
            block.putObject("input");
            event(events, "content_block_start", JSON.createObjectNode().put("type", "content_block_start").put("index", 0)
                    .set("content_block", block));
            event(events, "content_block_delta", JSON.createObjectNode().put("type", "content_block_delta").put("index", 0)
                    .set("delta", JSON.createObjectNode().put("type", "input_json_delta").put("partial_json", tool.input())));
            stopReason = "tool_use";
        } else {
            throw new AssertionError(reply);
        }
        event(events, "content_block_stop", JSON.createObjectNode().put("type", "content_block_stop").put("index", 0));
        var delta = JSON.createObjectNode().put("type", "message_delta");
        delta.set("delta", JSON.createObjectNode().put("stop_reason", stopReason).putNull("stop_sequence"));
        delta.set("usage", JSON.createObjectNode().put("output_tokens", 20));
        event(events, "message_delta", delta);
        event(events, "message_stop", JSON.createObjectNode().put("type", "message_stop"));
        sendEvents(exchange, events);
    }

    /** A 200 whose body is these server-sent events. */
    static void sendEvents(HttpExchange exchange, StringBuilder events) throws IOException {
        byte[] bytes = events.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("content-type", "text/event-stream");
        exchange.sendResponseHeaders(200, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    static void event(StringBuilder events, String name, JsonNode data) {
        events.append("event: ").append(name).append('\n').append("data: ").append(data).append("\n\n");
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
    }
}
