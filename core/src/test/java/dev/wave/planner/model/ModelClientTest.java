package dev.wave.planner.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wave.testing.FakeModelServer;
import dev.wave.testing.FakeModelServer.Reply;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
final class ModelClientTest {
    private static final String KEY = "ak-test-key-that-must-never-leak-0001";

    private final FakeModelServer server = new FakeModelServer();
    private final List<Duration> waits = new ArrayList<>();

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpCaller caller(Duration timeout, int attempts) {
        return new HttpCaller(HttpClient.newHttpClient(), timeout, waits::add, attempts);
    }

    private ModelClient anthropic() {
        return new AnthropicClient(caller(Duration.ofSeconds(5), 4), server.anthropicUrl(), KEY, "claude-test");
    }

    @Test
    void anthropic_sendsTheMessagesApiRequest_andReturnsTheText() throws Exception {
        server.thenText("{\"tasks\": []}");

        String reply = anthropic().complete("be a planner", List.of(Message.user("plan this")));

        assertThat(reply).isEqualTo("{\"tasks\": []}");
        FakeModelServer.Request request = server.requests().get(0);
        assertThat(request.path()).isEqualTo("/v1/messages");
        assertThat(request.header("x-api-key")).isEqualTo(KEY);
        assertThat(request.header("anthropic-version")).isEqualTo("2023-06-01");
        assertThat(request.body().path("model").asText()).isEqualTo("claude-test");
        assertThat(request.body().path("system").asText()).isEqualTo("be a planner");
        assertThat(request.body().path("max_tokens").asInt()).isPositive();
        assertThat(request.body().path("messages").get(0).path("role").asText()).isEqualTo("user");
        assertThat(request.body().path("messages").get(0).path("content").asText()).isEqualTo("plan this");
    }

    @Test
    void rateLimitAndOverload_areRetried_honouringRetryAfter() throws Exception {
        server.then(new Reply.Error(429, "rate_limit_error", "slow down", "7"))
                .then(new Reply.Error(529, "overloaded_error", "overloaded", ""))
                .thenText("ok");

        assertThat(anthropic().complete("s", List.of(Message.user("u")))).isEqualTo("ok");
        assertThat(waits).containsExactly(Duration.ofSeconds(7), Duration.ofSeconds(2));
        assertThat(server.requests()).hasSize(3);
    }

    @Test
    void retriesAreBounded_andTheErrorNamesTheLastProblemButNeverTheKey() {
        for (int i = 0; i < 4; i++) {
            server.then(new Reply.Error(503, "api_error", "down", ""));
        }

        assertThatThrownBy(() -> anthropic().complete("s", List.of(Message.user("u"))))
                .isInstanceOf(ModelException.class)
                .hasMessage("the Anthropic API at " + server.anthropicUrl() + "/v1/messages failed 4 times, last: HTTP 503")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(KEY));
        assertThat(waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
    }

    @Test
    void openAiCompatible_rateLimitAndServerError_areRetried_thenAnswered() throws Exception {
        server.then(new Reply.Error(429, "rate_limit_exceeded", "slow down", "2.5"))
                .then(new Reply.Error(500, "server_error", "oops", ""))
                .thenText("plan");
        ModelClient client = new OpenAiClient(caller(Duration.ofSeconds(5), 3), server.openAiUrl(), Optional.of(KEY), "m");

        assertThat(client.complete("s", List.of(Message.user("u")))).isEqualTo("plan");
        assertThat(waits).containsExactly(Duration.ofMillis(2500), Duration.ofSeconds(2));
    }

    @Test
    void unauthorised_isNotRetried_andSaysWhichKeyToCheck() {
        server.then(new Reply.Error(401, "authentication_error", "invalid x-api-key", ""));

        assertThatThrownBy(() -> anthropic().complete("s", List.of(Message.user("u"))))
                .hasMessage("the Anthropic API answered HTTP 401: invalid x-api-key Check ANTHROPIC_API_KEY.");
        assertThat(server.requests()).hasSize(1);
        assertThat(anthropic().toString()).doesNotContain(KEY);
    }

    @Test
    void anApiThatEchoesTheKey_inItsError_hasItMasked() {
        server.then(new Reply.Error(401, "invalid_request_error", "Incorrect API key provided: " + KEY, ""));
        ModelClient client = new OpenAiClient(caller(Duration.ofSeconds(5), 1), server.openAiUrl(), Optional.of(KEY), "m");

        assertThatThrownBy(() -> client.complete("s", List.of(Message.user("u"))))
                .hasMessage("the chat completions endpoint answered HTTP 401: Incorrect API key provided: <the key> Check "
                        + "OPENAI_API_KEY.");
    }

    @Test
    void aSilentServer_timesOut_andIsRetriedThenReported() {
        server.then(new Reply.Silence()).then(new Reply.Silence());
        ModelClient client = new AnthropicClient(caller(Duration.ofMillis(300), 2), server.anthropicUrl(), KEY, "m");

        assertThatThrownBy(() -> client.complete("s", List.of(Message.user("u"))))
                .hasMessageEndingWith("failed 2 times, last: no reply within 0s");
        assertThat(waits).containsExactly(Duration.ofSeconds(1));
    }

    @Test
    void openAiCompatible_sendsSystemAndConversation_withABearerKeyOnlyWhenGiven() throws Exception {
        server.thenText("first").thenText("second");
        ModelClient withKey = new OpenAiClient(caller(Duration.ofSeconds(5), 1), server.openAiUrl(), Optional.of(KEY), "llama3");
        ModelClient local = new OpenAiClient(caller(Duration.ofSeconds(5), 1), URI.create(server.openAiUrl() + "/"),
                Optional.empty(), "llama3");

        assertThat(withKey.complete("sys", List.of(Message.user("a"), Message.assistant("b"), Message.user("c"))))
                .isEqualTo("first");
        assertThat(local.complete("sys", List.of(Message.user("a")))).isEqualTo("second");

        FakeModelServer.Request first = server.requests().get(0);
        assertThat(first.path()).isEqualTo("/v1/chat/completions");
        assertThat(first.header("authorization")).isEqualTo("Bearer " + KEY);
        assertThat(first.body().path("messages").findValuesAsText("role")).containsExactly("system", "user", "assistant", "user");
        assertThat(server.requests().get(1).header("authorization")).isEmpty();
    }

    @Test
    void claudeCli_printMode_returnsTheResultField(@TempDir Path directory) throws Exception {
        Path claude = fakeClaude(directory, """
                #!/bin/sh
                # prints its arguments' count and the result as Claude Code's --output-format json does
                printf '{"type":"result","subtype":"success","is_error":false,"result":"%s","num_turns":1}\\n' "args=$#"
                """);

        String reply = ModelClient.claudeCli(claude.toString(), directory, Duration.ofSeconds(10))
                .complete("sys", List.of(Message.user("plan")));

        assertThat(reply).isEqualTo("args=8");
    }

    @Test
    void claudeCli_errorResult_isAModelException(@TempDir Path directory) throws Exception {
        Path claude = fakeClaude(directory, """
                #!/bin/sh
                echo '{"type":"result","subtype":"error_during_execution","is_error":true,"result":"Invalid API key"}'
                exit 1
                """);

        assertThatThrownBy(() -> ModelClient.claudeCli(claude.toString(), directory, Duration.ofSeconds(10))
                .complete("sys", List.of(Message.user("plan"))))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("failed (exit 1): error_during_execution Invalid API key");
    }

    @Test
    void claudeCli_conversation_isQuotedIntoOnePrompt() {
        assertThat(ClaudePrintClient.prompt(List.of(Message.user("a"), Message.assistant("b"), Message.user("c"))))
                .isEqualTo("The conversation so far:\n\n[user]\na\n\n[assistant]\nb\n\n[user]\nc");
    }

    private static Path fakeClaude(Path directory, String script) throws Exception {
        Path claude = directory.resolve("claude");
        Files.writeString(claude, script);
        Files.setPosixFilePermissions(claude, PosixFilePermissions.fromString("rwxr-xr-x"));
        return claude;
    }
}
