package dev.wave.planner.model;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * POSTs JSON with a timeout, and retries what is worth retrying: 408, 429, 5xx (529 included) and
 * connection failures, waiting what {@code retry-after} says or 1s, 2s, 4s..., at most 60s a wait.
 * Thread-safe. Headers are never put in a message, so a key cannot leak through one.
 */
final class HttpCaller {
    static final int DEFAULT_ATTEMPTS = 4;
    private static final Duration FIRST_WAIT = Duration.ofSeconds(1);
    private static final Duration LONGEST_WAIT = Duration.ofSeconds(60);

    /** How the caller waits between attempts; tests record the waits instead of sleeping. */
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;

        static Sleeper real() {
            return duration -> Thread.sleep(duration.toMillis());
        }
    }

    /** A reply: its status and body. */
    record Reply(int status, String body) {}

    private final HttpClient client;
    private final Duration timeout;
    private final Sleeper sleeper;
    private final int attempts;

    HttpCaller(HttpClient client, Duration timeout, Sleeper sleeper, int attempts) {
        this.client = requireNonNull(client, "client is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
        this.sleeper = requireNonNull(sleeper, "sleeper is null");
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, got " + attempts);
        }
        this.attempts = attempts;
    }

    /** The first reply that is not worth retrying, or the last one. */
    Reply post(URI uri, Map<String, String> headers, String body, String what) throws ModelException, InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(builder::header);
        HttpRequest request = builder.build();
        String lastProblem = "";
        for (int attempt = 1; attempt <= attempts; attempt++) {
            Optional<Duration> wait;
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                int status = response.statusCode();
                if (!retryable(status)) {
                    return new Reply(status, response.body());
                }
                lastProblem = "HTTP " + status;
                wait = response.headers().firstValue("retry-after").flatMap(HttpCaller::retryAfter);
            } catch (HttpTimeoutException e) {
                lastProblem = "no reply within " + timeout.toSeconds() + "s";
                wait = Optional.empty();
            } catch (IOException e) {
                lastProblem = "cannot connect (" + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")";
                wait = Optional.empty();
            }
            if (attempt < attempts) {
                sleeper.sleep(min(wait.orElse(FIRST_WAIT.multipliedBy(1L << (attempt - 1))), LONGEST_WAIT));
            }
        }
        throw new ModelException(what + " at " + uri + " failed " + attempts + " times, last: " + lastProblem);
    }

    static boolean retryable(int status) {
        return status == 408 || status == 429 || status >= 500;
    }

    /** {@code retry-after} in seconds (the HTTP-date form is rare from model APIs and taken as absent). */
    static Optional<Duration> retryAfter(String value) {
        try {
            double seconds = Double.parseDouble(value.strip());
            return seconds >= 0 ? Optional.of(Duration.ofMillis((long) (seconds * 1000))) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
