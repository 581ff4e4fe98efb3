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

    /** {@code 2026-12-01T10:00:00.123Z}: the instant in UTC, to the millisecond (truncated). */
    public static String time(Instant instant) {
        long millis;
        try {
            millis = instant.toEpochMilli();
        } catch (ArithmeticException e) {
            return TIME.format(instant);
        }
        long days = Math.floorDiv(millis, MILLIS_PER_DAY);
        java.time.LocalDate date = java.time.LocalDate.ofEpochDay(days);
        if (date.getYear() < 1 || date.getYear() > 9999) {
            return TIME.format(instant); // the formatter's way with years of other widths
        }
        // by hand: a summary and the checkpoints format two times per task, and the formatter is slow at 10,000
        int ofDay = (int) (millis - days * MILLIS_PER_DAY);
        char[] text = new char[24];
        digits(text, 0, date.getYear(), 4);
        text[4] = '-';
        digits(text, 5, date.getMonthValue(), 2);
        text[7] = '-';
        digits(text, 8, date.getDayOfMonth(), 2);
        text[10] = 'T';
        digits(text, 11, ofDay / 3_600_000, 2);
        text[13] = ':';
        digits(text, 14, ofDay / 60_000 % 60, 2);
        text[16] = ':';
        digits(text, 17, ofDay / 1000 % 60, 2);
        text[19] = '.';
        digits(text, 20, ofDay % 1000, 3);
        text[23] = 'Z';
        return new String(text);
    }

    private static final long MILLIS_PER_DAY = 86_400_000L;

    private static void digits(char[] text, int at, int value, int width) {
        for (int k = at + width - 1; k >= at; k--) {
            text[k] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /**
     * The epoch milliseconds of a time as {@link #time} writes it; any other ISO-8601 instant is read as
     * {@link Instant#parse} reads it.
     *
     * @throws java.time.format.DateTimeParseException when the text is no ISO-8601 instant
     */
    public static long epochMillis(String time) {
        if (time.length() == 24 && time.charAt(4) == '-' && time.charAt(7) == '-' && time.charAt(10) == 'T'
                && time.charAt(13) == ':' && time.charAt(16) == ':' && time.charAt(19) == '.' && time.charAt(23) == 'Z') {
            int year = number(time, 0, 4);
            int month = number(time, 5, 2);
            int day = number(time, 8, 2);
            int hour = number(time, 11, 2);
            int minute = number(time, 14, 2);
            int second = number(time, 17, 2);
            int millis = number(time, 20, 3);
            if (year >= 1 && month >= 1 && day >= 1 && hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59
                    && second >= 0 && second <= 59 && millis >= 0) {
                try {
                    return java.time.LocalDate.of(year, month, day).toEpochDay() * MILLIS_PER_DAY + hour * 3_600_000L
                            + minute * 60_000L + second * 1000L + millis;
                } catch (java.time.DateTimeException e) {
                    // no such day: the parser says so below
                }
            }
        }
        return Instant.parse(time).toEpochMilli(); // other precisions, offsets, leap seconds: the parser's answer
    }

    /** The decimal number in {@code text} at {@code at}, {@code width} digits; -1 when one is no digit. */
    private static int number(String text, int at, int width) {
        int value = 0;
        for (int k = at; k < at + width; k++) {
            char c = text.charAt(k);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
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
