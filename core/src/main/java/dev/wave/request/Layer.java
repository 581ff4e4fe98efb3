package dev.wave.request;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The options one source sets, before they are checked.
 *
 * @param source which layer
 * @param origin where: {@code request text}, the config file's relative path, or {@code flags}
 * @param entries by F2 key: the raw value and the key as the source wrote it
 */
record Layer(Source source, String origin, Map<String, Entry> entries) {
    Layer {
        requireNonNull(source, "source is null");
        requireNonNull(origin, "origin is null");
        entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    static Layer empty(Source source, String origin) {
        return new Layer(source, origin, Map.of());
    }

    /** A raw value: text, a boolean, a number or a list of text; {@code writtenAs} is the key as written. */
    record Entry(Object value, String writtenAs) {
        Entry {
            requireNonNull(value, "value is null");
            requireNonNull(writtenAs, "writtenAs is null");
        }
    }

    /** Where a key of this layer was written, for messages: {@code --max-waves}, {@code request text: max_waves}. */
    String where(String key) {
        String writtenAs = entries.containsKey(key) ? entries.get(key).writtenAs() : key;
        return source == Source.FLAG ? flag(writtenAs) : origin + ": " + writtenAs;
    }

    /** The origin recorded in a setting: the flag as typed for flags, else this layer's origin. */
    String originOf(String key) {
        return source == Source.FLAG ? flag(entries.containsKey(key) ? entries.get(key).writtenAs() : key) : origin;
    }

    static String flag(String key) {
        return "--" + key.replace('_', '-');
    }
}
