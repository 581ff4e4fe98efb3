package dev.wave.testing;

import dev.wave.safety.RunLock;
import java.nio.file.Path;
import java.time.Clock;

/** Holds a run lock in a process of its own until its standard input closes: another run, for tests. */
public final class LockHolder {
    private LockHolder() {}

    public static void main(String[] args) throws Exception {
        try (RunLock lock = RunLock.acquire(Path.of(args[0]), args[1], "run", Clock.systemUTC())) {
            System.out.println("locked" + (lock.tookOver().isPresent() ? " (took over)" : ""));
            System.out.flush();
            while (System.in.read() >= 0) {
                // Wait for the test to let go.
            }
        }
    }
}
