package dev.wave.temporal;

import static java.util.Objects.requireNonNull;

import dev.wave.WaveException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where the Temporal engine connects and how it paces a run.
 *
 * @param target the frontend, {@code host:port}
 * @param namespace the namespace
 * @param taskQueue the queue workers poll (and the workflow runs on)
 * @param heartbeat how long a worker may be silent before its attempt goes to another worker
 * @param historyLimit history events after which a run's workflow continues as new
 */
record TemporalSettings(String target, String namespace, String taskQueue, Duration heartbeat, int historyLimit) {
    static final String DEFAULT_TARGET = "127.0.0.1:7233";
    static final String DEFAULT_NAMESPACE = "default";
    static final String DEFAULT_TASK_QUEUE = "wave";
    static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(10);
    static final int DEFAULT_HISTORY_LIMIT = 10_000;
    private static final Set<String> KEYS = Set.of("target", "namespace", "task_queue", "heartbeat_ms", "history_limit");
    private static final Pattern TARGET = Pattern.compile("[A-Za-z0-9._-]+:[0-9]{1,5}|\\[[0-9A-Fa-f:]+\\]:[0-9]{1,5}");

    TemporalSettings {
        requireNonNull(target, "target is null");
        requireNonNull(namespace, "namespace is null");
        requireNonNull(taskQueue, "taskQueue is null");
        requireNonNull(heartbeat, "heartbeat is null");
    }

    /**
     * The settings given, the rest at their defaults.
     *
     * @throws WaveException of kind INVALID_INPUT naming the option and the fix
     */
    static TemporalSettings of(Map<String, String> given) {
        for (String key : given.keySet()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown Temporal setting " + key + "; known: " + KEYS);
            }
        }
        String target = given.getOrDefault("target", DEFAULT_TARGET);
        if (!TARGET.matcher(target).matches()) {
            throw WaveException.invalidInput("--temporal-target must be HOST:PORT, got \"%s\". For a local server: "
                    + "--temporal-target %s.", target, DEFAULT_TARGET);
        }
        String namespace = given.getOrDefault("namespace", DEFAULT_NAMESPACE);
        if (namespace.isBlank()) {
            throw WaveException.invalidInput("--namespace must not be empty. Omit it for the namespace \"%s\".",
                    DEFAULT_NAMESPACE);
        }
        String queue = given.getOrDefault("task_queue", DEFAULT_TASK_QUEUE);
        if (queue.isBlank()) {
            throw WaveException.invalidInput("--task-queue must not be empty. Omit it for the queue \"%s\".",
                    DEFAULT_TASK_QUEUE);
        }
        Duration heartbeat = given.containsKey("heartbeat_ms") ? Duration.ofMillis(Long.parseLong(given.get("heartbeat_ms")))
                : DEFAULT_HEARTBEAT;
        int historyLimit = given.containsKey("history_limit") ? Integer.parseInt(given.get("history_limit"))
                : DEFAULT_HISTORY_LIMIT;
        return new TemporalSettings(target, namespace, queue, heartbeat, historyLimit);
    }
}
