package dev.wave.request;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A parsed request. Immutable.
 *
 * @param text the request as the person wrote it
 * @param goal the task alone, on one line, without the request form's lead phrase or option blocks
 * @param scaling the agent count the request form asks for
 * @param options the entries of the request's OPTIONS and PREFERENCES blocks, keys in snake_case,
 *     values as written (without trailing "(...)" remarks), in the order written
 */
public record Request(String text, String goal, Scaling scaling, Map<String, String> options) {
    public Request {
        requireNonNull(text, "text is null");
        requireNonNull(goal, "goal is null");
        requireNonNull(scaling, "scaling is null");
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }
}
