package dev.wave.request;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * One resolved setting. Immutable.
 *
 * @param key the F2 key, for example {@code max_waves}
 * @param value the value; {@link Optional#empty()} for an optional setting nobody set
 * @param source which layer the value came from
 * @param origin where exactly: the flag ({@code --max-waves}), {@code request text}, the config
 *     file's path relative to the repository, or {@code default}
 */
public record Setting<T>(String key, T value, Source source, String origin) {
    public Setting {
        requireNonNull(key, "key is null");
        requireNonNull(value, "value is null");
        requireNonNull(source, "source is null");
        requireNonNull(origin, "origin is null");
    }

    /** The value as a person would write it: {@code yes}, {@code speed}, {@code 10}, {@code none}. */
    public String display() {
        return display(value);
    }

    static String display(Object value) {
        if (value instanceof Optional<?> optional) {
            return optional.map(Setting::display).orElse("none");
        }
        if (value instanceof Boolean bool) {
            return bool ? "yes" : "no";
        }
        if (value instanceof Choice choice) {
            return choice.label();
        }
        if (value instanceof List<?> list) {
            StringBuilder text = new StringBuilder();
            for (Object item : list) {
                text.append(text.length() == 0 ? "" : ", ").append(item);
            }
            return text.toString();
        }
        return String.valueOf(value);
    }
}
