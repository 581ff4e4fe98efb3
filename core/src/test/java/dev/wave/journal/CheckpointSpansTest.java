package dev.wave.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.run.TaskRecord;
import dev.wave.run.Usage;
import dev.wave.schedule.TaskState;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A retried task's checkpoint keeps its attempts' spans, so a resumed run's report counts concurrency from them. */
final class CheckpointSpansTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void retriedTask_attemptSpans_surviveTheJournalsJson() throws Exception {
        List<TaskRecord.Span> spans = List.of(new TaskRecord.Span(T0, T0.plusMillis(1_000)),
                new TaskRecord.Span(T0.plusMillis(5_000), T0.plusMillis(6_250)));
        TaskRecord record = new TaskRecord(3, "a", 1, Optional.of("I1"), TaskState.SUCCEEDED, Optional.of(T0),
                Optional.of(T0.plusMillis(6_250)), 6_250, Optional.of(0), 2, "ok", List.of(), Usage.NONE, spans);

        Checkpoint read = Checkpoint.parse(Checkpoint.of(record, true, List.of()).json());

        assertThat(read.toRecord(3).attemptSpans()).isEqualTo(spans);
        assertThat(read.toRecord(3).spans()).isEqualTo(spans);
    }

    @Test
    void taskThatRanOnce_writesNoSpans_andReadsBackItsOneSpan() throws Exception {
        TaskRecord record = new TaskRecord(0, "b", 1, Optional.of("I2"), TaskState.SUCCEEDED, Optional.of(T0),
                Optional.of(T0.plusMillis(2_000)), 2_000, Optional.of(0), 1, "ok", List.of());

        String json = Checkpoint.of(record, true, List.of()).json();

        assertThat(json).doesNotContain("attempt_spans");
        assertThat(Checkpoint.parse(json).toRecord(0).spans())
                .containsExactly(new TaskRecord.Span(T0, T0.plusMillis(2_000)));
    }
}
