package dev.wave.bench;

import java.io.File;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The floor of a JVM tool that starts its tasks through the JDK's process API: a JVM started as wave's launcher
 * starts it (same flags, vfork below JDK 22 as wave's {@code Main} sets), that starts {@code true} a number of
 * times on a number of threads and waits for each, with nothing else: no graph, no journal, no log, no report.
 * Run by the shell section as a process of its own, timed from outside like make and wave.
 *
 * <p>{@code SpawnFloor TASKS THREADS}
 */
public final class SpawnFloor {
    private SpawnFloor() {}

    public static void main(String[] args) throws InterruptedException {
        if (Runtime.version().feature() < 22 && System.getProperty("jdk.lang.Process.launchMechanism") == null) {
            System.setProperty("jdk.lang.Process.launchMechanism", "VFORK");
        }
        AtomicInteger left = new AtomicInteger(Integer.parseInt(args[0]));
        Thread[] threads = new Thread[Integer.parseInt(args[1])];
        File devNull = new File("/dev/null");
        for (int i = 0; i < threads.length; i++) {
            threads[i] = new Thread(() -> {
                try {
                    while (left.getAndDecrement() > 0) {
                        Process process = new ProcessBuilder("true").redirectInput(devNull).redirectErrorStream(true)
                                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                                .start();
                        if (process.waitFor() != 0) {
                            throw new IllegalStateException("true exited " + process.exitValue());
                        }
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            threads[i].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
    }
}
