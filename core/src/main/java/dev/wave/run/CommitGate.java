package dev.wave.run;

import static java.util.Objects.requireNonNull;

import dev.wave.plan.TaskGraph;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Which of a step's commands a {@link Runner} with a durable event log carries out before the step's events are
 * committed, and which wait for the commit.
 *
 * <p>A step is one call into the {@link RunCore}: an attempt ended, say, which ended a task and started the next.
 * Committing its events takes a file write (about 0.1-0.7 ms); the next task should not wait for it when it does
 * not need to. So a start goes out at once when every event before the step is durable (the events of this step
 * are then all that a crash could lose) and the task depends on no task that ended in this step. If wave dies
 * before the commit, the journal lacks the step's end and the early start; a resume runs the ended task again, as
 * it would had wave died a moment before noticing the end. Everything else waits for a commit that covers its
 * step: a dependent of a task that ended in the step (a command never runs on an end that is not durable), an
 * integration, a failure to resolve, a timer, an abort, a step of a fix wave, and every start of the run's first
 * step (a resume asks the journal whether any task started).
 *
 * <p>Counts events, not bytes: {@link #admit} and {@link #recorded} count what was appended to the log; a
 * commit that began after the first {@code mark} events were appended covers them ({@link #committed}).
 *
 * <p>Not thread-safe: the runner calls it under its lock.
 */
final class CommitGate {
    private final TaskGraph graph;
    private final ArrayDeque<Held> held = new ArrayDeque<>();
    private final List<Integer> endedNow = new ArrayList<>(4); // plan tasks ended in the step being admitted
    private long appended;
    private long durable;

    /** A command waiting until the first {@code mark} events are durable. */
    private record Held(long mark, CoreCommand command) {}

    CommitGate(TaskGraph graph) {
        this.graph = requireNonNull(graph, "graph is null");
    }

    /**
     * A step appended {@code events} to the log and asks for {@code commands}: returns those to carry out now, in
     * order, and holds the others until {@link #committed} covers this step.
     */
    List<CoreCommand> admit(List<RunEvent> events, List<CoreCommand> commands) {
        long before = appended;
        appended += events.size();
        boolean ahead = before > 0 && durable >= before;
        if (ahead) {
            endedNow.clear();
            for (RunEvent event : events) {
                if (event instanceof RunEvent.TaskEnded ended && ended.record().index() < graph.size()) {
                    endedNow.add(ended.record().index());
                }
            }
        }
        List<CoreCommand> now = List.of();
        for (CoreCommand command : commands) {
            if (ahead && command instanceof CoreCommand.StartAttempt start && start.task() < graph.size()
                    && !dependsOnEndedNow(start.task())) {
                if (now.isEmpty()) {
                    now = new ArrayList<>(2);
                }
                now.add(command);
            } else {
                held.add(new Held(appended, command));
            }
        }
        return now;
    }

    /** Events appended outside a step (a journal failure's). */
    void recorded(int events) {
        appended += events;
    }

    /** How many events have been appended: a commit that begins now covers them. */
    long mark() {
        return appended;
    }

    /** How many events a finished commit covers. */
    long durable() {
        return durable;
    }

    /** Whether some appended event is not yet covered by a finished commit. */
    boolean uncommitted() {
        return appended > durable;
    }

    /** A commit that began at {@code mark} ended: returns the held commands it releases, in the order asked. */
    List<CoreCommand> committed(long mark) {
        durable = Math.max(durable, mark);
        if (held.isEmpty()) {
            return List.of();
        }
        List<CoreCommand> released = new ArrayList<>(held.size());
        while (!held.isEmpty() && held.peekFirst().mark() <= durable) { // held in step order: marks never decrease
            released.add(held.pollFirst().command());
        }
        return released;
    }

    /** The log failed: every held command, which will never be covered by a commit. */
    List<CoreCommand> drain() {
        List<CoreCommand> all = new ArrayList<>(held.size());
        held.forEach(next -> all.add(next.command()));
        held.clear();
        return all;
    }

    private boolean dependsOnEndedNow(int task) {
        if (endedNow.isEmpty()) {
            return false;
        }
        for (int k = 0; k < graph.dependencyCount(task); k++) {
            if (endedNow.contains(graph.dependency(task, k))) {
                return true;
            }
        }
        return false;
    }
}
