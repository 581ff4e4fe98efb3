package dev.wave.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Test;

final class JsonTimeTest {
    private static final DateTimeFormatter FORMATTER =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    @Test
    void time_writesWhatTheFormatterWrites_andEpochMillisReadsItBack() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        long first = Instant.parse("0001-01-01T00:00:00Z").toEpochMilli();
        long last = Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli();
        for (int k = 0; k < 5_000; k++) {
            long millis = k % 2 == 0 ? first + (long) (random.nextDouble() * (last - first))
                    : 1_700_000_000_000L + random.nextInt(Integer.MAX_VALUE);
            Instant instant = Instant.ofEpochMilli(millis).plusNanos(random.nextInt(1_000_000));
            String text = Json.time(instant);
            assertThat(text).as("seed %d", seed).isEqualTo(FORMATTER.format(instant));
            assertThat(Json.epochMillis(text)).as("seed %d", seed).isEqualTo(millis);
        }
    }

    @Test
    void time_outsideFourDigitYears_isTheFormattersToo() {
        for (String instant : new String[] {"-0001-06-01T00:00:00Z", "+10000-01-01T00:00:00.5Z", "1969-12-31T23:59:59.999Z",
                "1970-01-01T00:00:00Z", "2024-02-29T12:00:00Z"}) {
            Instant parsed = Instant.parse(instant);
            assertThat(Json.time(parsed)).isEqualTo(FORMATTER.format(parsed));
        }
    }

    @Test
    void epochMillis_readsAnyTextAsInstantParseDoes_andRejectsWhatItRejects() {
        for (String text : new String[] {"2026-12-01T10:00:00Z", "2026-12-01T10:00:00.123456Z", "2026-12-31T23:59:60.000Z",
                "2024-02-29T00:00:00.000Z", "2026-12-01T10:00:00.123+01:00", "2026-02-30T00:00:00.000Z",
                "2026-13-01T00:00:00.000Z", "2026-12-01T24:00:00.000Z", "2026-12-01T1a:00:00.000Z", "0000-01-01T00:00:00.000Z",
                "yesterday"}) {
            Long expected;
            try {
                expected = Instant.parse(text).toEpochMilli();
            } catch (DateTimeParseException e) {
                expected = null;
            }
            if (expected == null) {
                assertThatThrownBy(() -> Json.epochMillis(text)).as(text).isInstanceOf(DateTimeParseException.class);
            } else {
                assertThat(Json.epochMillis(text)).as(text).isEqualTo(expected);
            }
        }
        assertThatThrownBy(() -> Json.epochMillis("2026-02-30T00:00:00.000Z")).isInstanceOf(DateTimeParseException.class);
    }
}
