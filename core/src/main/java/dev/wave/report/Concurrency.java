package dev.wave.report;

import dev.wave.run.TaskRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * The most tasks that ran at one moment, from the tasks' measured intervals: for a resumed run these
 * include the tasks an earlier process finished, which the last process's own count never saw.
 */
final class Concurrency {
    private Concurrency() {
    }

    /** The peak over every task with a start and an end; a task ending as another starts does not overlap it. */
    static int peak(List<TaskRecord> tasks) {
        List<long[]> edges = new ArrayList<>();
        for (TaskRecord task : tasks) {
            if (task.startedAt().isPresent() && task.finishedAt().isPresent()) {
                edges.add(new long[] {task.startedAt().get().toEpochMilli(), 1});
                edges.add(new long[] {task.finishedAt().get().toEpochMilli(), -1});
            }
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
}
