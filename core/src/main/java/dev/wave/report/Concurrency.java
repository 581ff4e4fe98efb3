package dev.wave.report;

import dev.wave.run.TaskRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * The most tasks that ran at one moment, from the measured spans of the tasks' attempts: a retried task holds an
 * agent during each attempt, not during the wait for its retry. For a resumed run these include the tasks an
 * earlier process finished, which the last process's own count never saw.
 */
final class Concurrency {
    private Concurrency() {
    }

    /** The peak over every attempt's span; an attempt ending as another starts does not overlap it. */
    static int peak(List<TaskRecord> tasks) {
        List<long[]> spans = new ArrayList<>();
        for (TaskRecord task : tasks) {
            for (TaskRecord.Span span : task.spans()) {
                spans.add(new long[] {span.startedAt().toEpochMilli(), span.endedAt().toEpochMilli()});
            }
        }
        return peakOf(spans);
    }

    /** The peak over {@code spans}, each {@code {start, end}} in epoch milliseconds. */
    static int peakOf(List<long[]> spans) {
        List<long[]> edges = new ArrayList<>(2 * spans.size());
        for (long[] span : spans) {
            edges.add(new long[] {span[0], 1});
            edges.add(new long[] {span[1], -1});
        }
        edges.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        int running = 0;
        int peak = 0;
        for (long[] edge : edges) {
            running += (int) edge[1];
            peak = Math.max(peak, running);
        }
        return peak;
    }

    /** The time a task held an agent: the sum of its attempts' spans (a retry's wait held none). */
    static long busyMillis(TaskRecord task) {
        long busy = 0;
        for (TaskRecord.Span span : task.spans()) {
            busy += span.millis();
        }
        return busy;
    }
}
