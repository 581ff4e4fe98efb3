package dev.wave.testing;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

/**
 * Finds the processes a test started by a token in their command line (a unique {@code sleep}
 * duration, say), as seen from outside any sandbox, and waits for them with no fixed sleep: callers
 * bound the wait with {@code @Timeout}.
 */
public final class Processes {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private Processes() {}

    /** A fresh, unique number of seconds for {@code sleep}, about an hour: its text finds the process. */
    public static String token() {
        return String.format(java.util.Locale.ROOT, "%d.%06d", 3600 + COUNTER.incrementAndGet(),
                (ProcessHandle.current().pid() * 7919 + System.nanoTime() / 1000) % 1_000_000);
    }

    /** Live processes whose command line contains {@code token}. */
    public static List<ProcessHandle> with(String token) {
        long self = ProcessHandle.current().pid();
        return ProcessHandle.allProcesses()
                .filter(process -> process.pid() != self)
                .filter(process -> process.info().commandLine().map(line -> line.contains(token)).orElse(false))
                .filter(ProcessHandle::isAlive)
                .collect(Collectors.toList());
    }

    /** Waits until at least {@code count} processes hold {@code token}. */
    public static void awaitAtLeast(String token, int count) {
        while (with(token).size() < count) {
            pause("at least " + count + " processes holding " + token);
        }
    }

    /** Waits until no process holds {@code token}. */
    public static void awaitNone(String token) {
        while (!with(token).isEmpty()) {
            pause("no process holding " + token + ", but " + describe(with(token)));
        }
    }

    private static String describe(List<ProcessHandle> processes) {
        StringBuilder text = new StringBuilder();
        for (ProcessHandle process : processes) {
            text.append(process.pid()).append(" (parent ").append(process.parent().map(ProcessHandle::pid).orElse(-1L))
                    .append(": ").append(process.info().commandLine().orElse("?")).append(") ");
        }
        return text.toString();
    }

    /** A short pause between two looks; ends the wait when the test's {@code @Timeout} interrupts it. */
    private static void pause(String awaited) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        if (Thread.interrupted()) {
            throw new IllegalStateException("interrupted while waiting for " + awaited);
        }
    }

    /** Kills every process that holds {@code token}: cleanup after a failed test. */
    public static void kill(String token) {
        with(token).forEach(ProcessHandle::destroyForcibly);
    }
}
