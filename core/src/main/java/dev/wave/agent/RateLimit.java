package dev.wave.agent;

import java.util.regex.Pattern;

/**
 * Whether an agent's failure was a provider's rate limit: Claude Code's {@code rate_limit_error}
 * (or {@code rate limit} in its words), an HTTP 429, or {@code Too Many Requests}. Stateless.
 */
final class RateLimit {
    private static final Pattern SIGNS = Pattern.compile(
            "rate[_ -]?limit|\\b429\\b|too many requests", Pattern.CASE_INSENSITIVE);

    private RateLimit() {}

    static boolean mentionedIn(String text) {
        return SIGNS.matcher(text).find();
    }
}
