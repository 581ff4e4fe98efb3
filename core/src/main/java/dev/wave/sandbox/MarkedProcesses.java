package dev.wave.sandbox;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongPredicate;

/**
 * Finds processes by the environment variable wave sets on every task ({@link Sandbox#MARKER}), as
 * Jenkins' process tree killer does: a process that left the task's tree and process group (a double
 * fork, {@code setsid -f}) still carries it. A process that cleared its environment does not.
 * Linux only (reads {@code /proc/<pid>/environ}); elsewhere it finds nothing. Thread-safe; utility class.
 */
final class MarkedProcesses {
    private static final Path PROC = Path.of("/proc");
    /** Environments are small; a marker past this many bytes is not looked for. */
    private static final int MAX_ENVIRONMENT = 1 << 20;
    /** The last pid the kernel handed out in this PID namespace. */
    private static final File LAST_PID_FILE = new File("/proc/sys/kernel/ns_last_pid");
    /**
     * Pids are handed out in increasing order until they wrap at {@code pid_max} (32768 at least); no
     * machine forks that many processes in this time, so a task younger than this has not seen a wrap.
     */
    private static final long NO_WRAP_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    /** Past this many pids handed out during the task, one scan of {@code /proc} is cheaper than probing each. */
    private static final long MAX_RANGE = 4096;

    private MarkedProcesses() {}

    /**
     * The live processes whose environment holds {@code MARKER=value} exactly, or, when {@code prefix},
     * {@code MARKER=value...}.
     */
    static List<ProcessHandle> find(String value, boolean prefix) {
        byte[] needle = needle(value);
        long self = ProcessHandle.current().pid();
        List<ProcessHandle> found = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, "[0-9]*")) {
            for (Path entry : entries) {
                long pid;
                try {
                    pid = Long.parseLong(entry.getFileName().toString());
                } catch (NumberFormatException e) {
                    continue;
                }
                if (pid != self && holds(entry.resolve("environ"), needle, prefix)) {
                    ProcessHandle.of(pid).ifPresent(found::add);
                }
            }
        } catch (IOException | SecurityException e) {
            return found;
        }
        return found;
    }

    /**
     * Kills (SIGKILL) every process marked with {@code value} (or with a value starting with it, when
     * {@code prefix}) until a scan finds none, at most 20 rounds, so that a process forking while it is
     * killed cannot slip through. Returns how many it killed.
     */
    static int killAll(String value, boolean prefix) {
        int killed = 0;
        for (int round = 0; round < 20; round++) {
            List<ProcessHandle> found = find(value, prefix);
            if (found.isEmpty()) {
                break;
            }
            for (ProcessHandle process : found) {
                if (process.destroyForcibly()) {
                    killed++;
                }
            }
            awaitExit(found);
        }
        return killed;
    }

    /**
     * {@link #killAll killAll(value, false)} for the processes of a task whose first process is
     * {@code firstPid}, started at {@link System#nanoTime} {@code startedNanos}: only processes started
     * after it can carry its marker. While pids have not wrapped since (the task is young and the
     * kernel's last pid is not below its own), they all have pids from {@code firstPid} to that last
     * pid, and only those are looked at: a few files instead of one per process on the machine, fewer
     * still as the task's own first process (ended and reaped) and the pids {@code notLeftover} names
     * (other tasks' first processes, whose pids cannot be handed out again while they are not reaped)
     * are skipped. Otherwise, or when one is found, the full sweep. Returns how many it killed.
     */
    static int killAllStartedSince(String value, long firstPid, long startedNanos, LongPredicate notLeftover) {
        long last = System.nanoTime() - startedNanos <= NO_WRAP_NANOS ? lastPid() : -1;
        if (last < firstPid || last - firstPid > MAX_RANGE) {
            return killAll(value, false);
        }
        byte[] needle = null;
        long self = ProcessHandle.current().pid();
        // The task's first process has ended and been reaped: its pid is free, and not handed out again before a wrap.
        for (long pid = firstPid + 1; pid <= last; pid++) {
            if (pid == self || notLeftover.test(pid)) {
                continue;
            }
            if (needle == null) {
                needle = needle(value);
            }
            if (holds(PROC.resolve(Long.toString(pid)).resolve("environ"), needle, false)) {
                return killAll(value, false);
            }
        }
        return 0;
    }

    /** The kernel's last handed-out pid in this PID namespace; -1 when it cannot be read. */
    private static long lastPid() {
        // One read from the start: the kernel answers a read past offset 0 of this file with nothing.
        try (InputStream in = new FileInputStream(LAST_PID_FILE)) {
            byte[] buffer = new byte[32];
            int length = in.read(buffer);
            return length <= 0 ? -1 : Long.parseLong(new String(buffer, 0, length, StandardCharsets.US_ASCII).strip());
        } catch (IOException | NumberFormatException | SecurityException e) {
            return -1;
        }
    }

    private static byte[] needle(String value) {
        return (Sandbox.MARKER + "=" + value).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Waits, at most 5 s in all, until each process has ended, checking every millisecond (the JDK's
     * {@code onExit} polls processes that are not our children far more slowly). Not interruptible: a
     * cancel is usually what brought us here; an interrupt is kept.
     */
    static void awaitExit(List<ProcessHandle> processes) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (ProcessHandle process : processes) {
            while (running(process) && System.nanoTime() < deadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
        }
    }

    /**
     * Whether the process still runs: a zombie (killed, not yet reaped by its parent, which for an
     * orphan is whatever the system's init is) counts as ended, since it runs no code.
     */
    static boolean running(ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(PROC.resolve(Long.toString(process.pid())).resolve("stat"), StandardCharsets.UTF_8);
            int end = stat.lastIndexOf(')');
            char state = end >= 0 && end + 2 < stat.length() ? stat.charAt(end + 2) : 'R';
            return state != 'Z' && state != 'X';
        } catch (IOException | SecurityException e) {
            return process.isAlive();
        }
    }

    private static boolean holds(Path environ, byte[] needle, boolean prefix) {
        Optional<byte[]> content = read(environ);
        if (content.isEmpty()) {
            return false;
        }
        byte[] bytes = content.get();
        // The environment is NAME=value entries, each ended by NUL; look at each entry's start.
        int start = 0;
        while (start < bytes.length) {
            int end = start;
            while (end < bytes.length && bytes[end] != 0) {
                end++;
            }
            if (matches(bytes, start, end, needle, prefix)) {
                return true;
            }
            start = end + 1;
        }
        return false;
    }

    /** Whether entry {@code bytes[start, end)} is the needle, or starts with it. */
    private static boolean matches(byte[] bytes, int start, int end, byte[] needle, boolean prefix) {
        int length = needle.length;
        if (end - start < length || (!prefix && end - start != length)) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (bytes[start + i] != needle[i]) {
                return false;
            }
        }
        return true;
    }

    private static Optional<byte[]> read(Path environ) {
        // Most pids probed after a short task are gone (or are another thread's): a stat says so without the
        // exception that opening a missing file throws, its stack trace filled every time. A process that has
        // ended and is not reaped yet still fails to open (ESRCH): java.io throws one exception for it, NIO two.
        File file = environ.toFile();
        if (!file.exists()) {
            return Optional.empty();
        }
        try (InputStream in = new FileInputStream(file)) {
            return Optional.of(in.readNBytes(MAX_ENVIRONMENT));
        } catch (IOException | SecurityException e) {
            // Gone meanwhile, a kernel thread, or another user's process: not ours.
            return Optional.empty();
        }
    }
}
