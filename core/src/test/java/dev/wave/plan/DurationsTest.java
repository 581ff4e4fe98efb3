package dev.wave.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

final class DurationsTest {
    @Test
    void parse_unitsAndCombinations() {
        assertThat(Durations.parse("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parse("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("1.5h")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Durations.parse("12")).isEqualTo(Duration.ofSeconds(12));
        assertThat(Durations.parse(" 2d ")).isEqualTo(Duration.ofDays(2));
    }

    @Test
    void parse_rejectsAnythingElse() {
        for (String bad : new String[] {"", "s", "5 minutes", "5x", "m5", "-3s", "1h 30m"}) {
            assertThatThrownBy(() -> Durations.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void format_isCompact() {
        assertThat(Durations.format(Duration.ofMillis(450))).isEqualTo("450ms");
        assertThat(Durations.format(Duration.ofMillis(12_340))).isEqualTo("12.3s");
        assertThat(Durations.format(Duration.ofSeconds(245))).isEqualTo("4m05s");
        assertThat(Durations.format(Duration.ofMinutes(130))).isEqualTo("2h10m");
    }
}
