package dev.wave.agent;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Keeps API keys out of an agent task's log and its result summary (what {@link AgentExecutor}
 * writes). It masks the values, 8 characters or longer, of the environment's secret variables (names
 * ending in {@code _API_KEY}, {@code _TOKEN} or {@code _SECRET}, and {@code API_KEY}) wherever they
 * appear, and anything shaped like a provider key ({@code sk-...}, {@code sk-ant-...}). Immutable and
 * thread-safe.
 */
public final class Secrets {
    private static final Pattern KEY_SHAPE = Pattern.compile("\\bsk-(?:ant-)?[A-Za-z0-9_\\-]{16,}");
    private static final int SHORTEST_SECRET = 8;
    static final String MASK = "[redacted]";

    private final List<String> values;

    private Secrets(List<String> values) {
        this.values = List.copyOf(values);
    }

    /** The secrets in {@code environment} (usually {@code System.getenv()}). */
    public static Secrets from(Map<String, String> environment) {
        requireNonNull(environment, "environment is null");
        List<String> values = new ArrayList<>();
        environment.forEach((name, value) -> {
            if (isSecretName(name) && value != null && value.length() >= SHORTEST_SECRET) {
                values.add(value);
            }
        });
        values.sort(Comparator.comparingInt(String::length).reversed()); // mask the longest first
        return new Secrets(values);
    }

    static boolean isSecretName(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        return upper.endsWith("_API_KEY") || upper.endsWith("_TOKEN") || upper.endsWith("_SECRET")
                || upper.equals("API_KEY");
    }

    /** {@code text} with every secret value and every key-shaped word replaced by {@code [redacted]}. */
    public String redact(String text) {
        requireNonNull(text, "text is null");
        String masked = text;
        for (String value : values) {
            masked = masked.replace(value, MASK);
        }
        return KEY_SHAPE.matcher(masked).replaceAll(MASK);
    }
}
