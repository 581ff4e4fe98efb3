package dev.wave.sandbox;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A started task's process, and the means to end every process the task started. Thread-safe.
 *
 * <p>Under bubblewrap the task's processes live in a PID namespace whose init is a child of the
 * started {@code bwrap}: they are all its descendants (orphans are re-parented to that init), and
 * killing {@code bwrap} ends the namespace. Without it, the task leads a process group of its own,
 * and processes that left both the tree and the group are found by the environment marker.
 */
public final class TaskProcess {
    /**
     * The first process of every task started and not yet reaped or killed, by pid: another task's
     * first process is never this task's leftover, and while the JDK has not reaped it its pid is
     * not handed out again, so the search for leftovers skips it.
     */
    private static final Map<Long, Process> STARTED = new ConcurrentHashMap<>();

    private final Process process;
    private final String marker;
    private final boolean bubblewrap;
    private final boolean grouped;
    private final long startedNanos;

    TaskProcess(Process process, String marker, boolean bubblewrap, boolean grouped, long startedNanos) {
        this.process = requireNonNull(process, "process is null");
        this.marker = requireNonNull(marker, "marker is null");
        this.bubblewrap = bubblewrap;
        this.grouped = grouped;
        this.startedNanos = startedNanos;
        STARTED.put(process.pid(), process);
    }

    public Process process() {
        return process;
    }

    /** The value of {@link Sandbox#MARKER} in the environment of every process of the task. */
    public String marker() {
        return marker;
    }

    /**
     * Kills the task's every process (SIGKILL) and waits, at most about 5 s, until they are gone, even
     * when interrupted (a cancel is what brings us here); an interrupt is kept.
     */
    public void kill() {
        STARTED.remove(process.pid(), process);
        List<ProcessHandle> tree = new ArrayList<>();
        process.descendants().forEach(tree::add);
        if (grouped && !bubblewrap) {
            killGroup(process.pid());
        }
        process.destroyForcibly();
        tree.forEach(ProcessHandle::destroyForcibly);
        tree.add(process.toHandle());
        MarkedProcesses.awaitExit(tree);
        // Also under bubblewrap: killed just after it cloned the task, bwrap may die before the task has
        // asked for its parent-death signal, and the task is then nobody's descendant. It has the marker.
        MarkedProcesses.killAll(marker, false);
    }

    /**
     * After the task's process ended by itself: kills what it left running. Under bubblewrap nothing
     * is left (the namespace ended with it); otherwise the processes that carry its marker are killed.
     * Finding none costs a look at the few pids handed out while a short task ran (tens of microseconds),
     * or one scan of {@code /proc} after a long one (1-2 ms, more on a busy machine).
     */
    public void reap() {
        STARTED.remove(process.pid(), process);
        if (!bubblewrap) {
            MarkedProcesses.killAllStartedSince(marker, process.pid(), startedNanos, TaskProcess::otherTask);
        }
    }

    /**
     * Whether {@code pid} is the first process of another task (a map lookup, no system call). The search asks only
     * about pids handed out since its task started, with no wrap since: such a pid was handed out once in that time,
     * to that task, whether or not it has ended since, so it is not a leftover. (Asking whether it is alive cost a
     * read of {@code /proc/<pid>/stat}: ~37 us a task.)
     */
    private static boolean otherTask(long pid) {
        return STARTED.containsKey(pid);
    }

    private static void killGroup(long groupId) {
        try {
            Process kill = new ProcessBuilder("kill", "-KILL", "--", "-" + groupId)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            boolean interrupted = Thread.interrupted();
            while (true) {
                try {
                    kill.waitFor(5, TimeUnit.SECONDS);
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        } catch (IOException e) {
            // No kill command: the tree and the marker are what is left to go by.
        }
    }
}
