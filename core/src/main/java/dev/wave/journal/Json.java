package dev.wave.journal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/** The JSON conventions of wave's files: snake_case keys, ISO-8601 UTC times with milliseconds, atomic writes. */
public final class Json {
    public static final ObjectMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    /** One line, for the journal's database. */
    public static final ObjectMapper COMPACT = JsonMapper.builder().build();
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Json() {}

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static String time(Instant instant) {
        return TIME.format(instant);
    }

    /** Puts the time, or null when absent. */
    public static void putTime(ObjectNode node, String key, Optional<Instant> instant) {
        if (instant.isPresent()) {
            node.put(key, time(instant.get()));
        } else {
            node.putNull(key);
        }
    }

    /**
     * Puts how a task ended, in the keys checkpoints and summaries share: {@code status}, {@code wave},
     * {@code instance}, {@code started_at}, {@code finished_at}, {@code duration_seconds},
     * {@code exit_code} and {@code attempts}; absent values are null.
     */
    public static void putOutcome(ObjectNode node, dev.wave.run.TaskRecord record) {
        node.put("status", record.state().label());
        node.put("wave", record.wave());
        node.put("instance", record.instance().orElse(null));
        putTime(node, "started_at", record.startedAt());
        putTime(node, "finished_at", record.finishedAt());
        node.put("duration_seconds", seconds(record.durationMillis()));
        if (record.exitCode().isPresent()) {
            node.put("exit_code", record.exitCode().get());
        } else {
            node.putNull("exit_code");
        }
        node.put("attempts", record.attempts());
        if (!record.attemptSpans().isEmpty()) { // a retried task: when each attempt held its agent
            com.fasterxml.jackson.databind.node.ArrayNode spans = node.putArray("attempt_spans");
            for (dev.wave.run.TaskRecord.Span span : record.attemptSpans()) {
                spans.addObject().put("started_at", time(span.startedAt())).put("ended_at", time(span.endedAt()));
            }
        }
    }

    /** Seconds with millisecond precision, as a number. */
    public static double seconds(long millis) {
        return millis / 1000.0;
    }

    public static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }

    /** Writes {@code value} as indented JSON to {@code file} atomically: readers see the old or the new file, never half. */
    public static void write(Path file, Object value) {
        try {
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            MAPPER.writeValue(temporary.toFile(), value);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
