package dev.wave.journal;

import java.util.Optional;

/**
 * One session of a run (the run's first process, then each {@code wave resume}) as its journal events tell it.
 * Its active time runs from its first attempt's start to the last event of its tasks' work (an attempt's or
 * task's end, or an agent's usage report), as a one-process run's wall time runs from its tasks' start to their
 * end: the backup, the check and the commit around the tasks are left out, and so is the time between sessions.
 * For a session whose process died, the last event its journal holds is a lower bound on its active time. Times
 * are epoch milliseconds. Immutable.
 *
 * @param session its number, from 1
 * @param startedAt when its process began the run or resumed it
 * @param firstTaskStart when its first attempt started; empty when it ran none
 * @param lastTaskWork when the last event of its tasks' work was recorded; empty when it ran none
 * @param ended whether it recorded the run's end (its process ended the run, as succeeded, failed or interrupted);
 *     false for a process that died (kill -9, a power loss)
 */
public record SessionTime(int session, long startedAt, Optional<Long> firstTaskStart, Optional<Long> lastTaskWork,
        boolean ended) {
    public SessionTime {
        java.util.Objects.requireNonNull(firstTaskStart, "firstTaskStart is null");
        java.util.Objects.requireNonNull(lastTaskWork, "lastTaskWork is null");
    }

    /** Its first attempt's start to its tasks' last work; 0 when it ran no task. */
    public long activeMillis() {
        if (firstTaskStart.isEmpty() || lastTaskWork.isEmpty()) {
            return 0;
        }
        return Math.max(0, lastTaskWork.get() - firstTaskStart.get());
    }

    /** The sum of the sessions' active times. */
    public static long activeMillis(java.util.List<SessionTime> sessions) {
        long total = 0;
        for (SessionTime session : sessions) {
            total += session.activeMillis();
        }
        return total;
    }
}
