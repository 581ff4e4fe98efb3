package dev.wave.planner.model;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One way to ask a model: over HTTP to the Anthropic Messages API or an OpenAI-compatible
 * endpoint, or through the Claude Code CLI. Implementations are thread-safe; calls block.
 */
public sealed interface ModelClient permits AnthropicClient, OpenAiClient, ClaudePrintClient {
    /** How it is named in the analysis and errors, never with its key: {@code anthropic (claude-sonnet-4-5)}. */
    String describe();

    /**
     * Asks the model and returns the text of its reply.
     *
     * @throws ModelException when the model cannot be reached, refuses, or replies with no text,
     *     after the retries this client allows
     * @throws InterruptedException if interrupted while waiting
     */
    String complete(String system, List<Message> conversation) throws ModelException, InterruptedException;

    /** The Anthropic Messages API at {@code baseUrl} (such as {@code https://api.anthropic.com}). */
    static ModelClient anthropic(URI baseUrl, String apiKey, String model, Duration timeout) {
        return new AnthropicClient(new HttpCaller(httpClient(), timeout, HttpCaller.Sleeper.real(),
                HttpCaller.DEFAULT_ATTEMPTS), baseUrl, apiKey, model);
    }

    /** An OpenAI-compatible chat completions endpoint at {@code baseUrl} (such as {@code http://127.0.0.1:11434/v1}). */
    static ModelClient openAiCompatible(URI baseUrl, Optional<String> apiKey, String model, Duration timeout) {
        return new OpenAiClient(new HttpCaller(httpClient(), timeout, HttpCaller.Sleeper.real(),
                HttpCaller.DEFAULT_ATTEMPTS), baseUrl, apiKey, model);
    }

    /** How long connecting may take: an unreachable address fails fast, whatever the request timeout. */
    Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private static HttpClient httpClient() {
        return HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    }

    /** The Claude Code CLI in print mode, {@code claude -p ... --output-format json}, run in {@code workDirectory}. */
    static ModelClient claudeCli(String executable, Path workDirectory, Duration timeout) {
        return claudeCli(executable, workDirectory, timeout, System.getenv());
    }

    /** As {@link #claudeCli(String, Path, Duration)}, the CLI running with exactly {@code environment}. */
    static ModelClient claudeCli(String executable, Path workDirectory, Duration timeout, Map<String, String> environment) {
        return new ClaudePrintClient(executable, workDirectory, timeout, environment);
    }
}
