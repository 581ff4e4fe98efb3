package dev.wave.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.run.TaskRecord;
import dev.wave.schedule.TaskState;
import dev.wave.testing.FakeClock;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

final class PlainProgressTest {
    private final FakeClock clock = new FakeClock(Instant.parse("2026-12-01T10:00:00Z"));

    @Test
    void failedTaskWithNoOutput_saysSo() {
        StringWriter out = new StringWriter();
        PlainProgress progress = new PlainProgress(new PrintWriter(out), clock, 2);
        Instant start = clock.instant();

        progress.taskEnded(new TaskRecord(0, "quiet", 1, Optional.of("I1"), TaskState.FAILED, Optional.of(start),
                Optional.of(start.plusMillis(12)), 12, Optional.of(4), 1, "", List.of()));
        progress.taskEnded(new TaskRecord(1, "loud", 1, Optional.of("I2"), TaskState.FAILED, Optional.of(start),
                Optional.of(start.plusMillis(30)), 30, Optional.of(3), 1, "cannot reach it", List.of()));

        assertThat(out.toString()).isEqualTo("""
                10:00:00.012 failed    quiet (12ms, exit 4, no output) [1/2]
                10:00:00.030 failed    loud (30ms, exit 3, cannot reach it) [2/2]
                """);
    }
}
