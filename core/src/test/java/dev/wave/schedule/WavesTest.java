package dev.wave.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.plan.Plan;
import dev.wave.testing.Dags;
import java.util.List;
import org.junit.jupiter.api.Test;

final class WavesTest {
    @Test
    void tasksShareAWave_whenTheirDependenciesAreDoneTogether() {
        Plan plan = Dags.parse("""
                a 10
                b 10
                c 10 <- a
                d 10 <- a b
                e 10 <- d
                """);

        Waves waves = Waves.of(plan.graph());

        assertThat(waves.ids(plan.graph())).containsExactly(List.of("a", "b"), List.of("c", "d"), List.of("e"));
        assertThat(waves.peakWidth()).isEqualTo(2);
    }

    @Test
    void eachCriticalTask_getsAWaveOfItsOwn_afterItsLevel() {
        Plan plan = Dags.parse("""
                a 10
                m1! 10 <- a
                b 10 <- a
                m2! 10 <- a
                c 10 <- m1 b
                """);

        Waves waves = Waves.of(plan.graph());

        assertThat(waves.ids(plan.graph()))
                .containsExactly(List.of("a"), List.of("b"), List.of("m1"), List.of("m2"), List.of("c"));
        assertThat(waves.isCritical(3)).isTrue();
        assertThat(waves.isCritical(2)).isFalse();
        assertThat(waves.waveOf(plan.graph().indexOf("c"))).isEqualTo(5);
    }
}
