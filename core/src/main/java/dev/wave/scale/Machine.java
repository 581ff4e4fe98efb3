package dev.wave.scale;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * What the machine offers to agents. Immutable; tests build one, {@link #detect()} reads this machine.
 *
 * @param cores available processors
 * @param availableMemoryBytes memory that can be used without swapping
 * @param apiRequestsPerMinute the model provider's rate limit, when known
 */
public record Machine(int cores, long availableMemoryBytes, Optional<Integer> apiRequestsPerMinute) {
    public Machine {
        if (cores < 1) {
            throw new IllegalArgumentException("cores must be at least 1, got " + cores);
        }
        if (availableMemoryBytes < 0) {
            throw new IllegalArgumentException("availableMemoryBytes is negative: " + availableMemoryBytes);
        }
        requireNonNull(apiRequestsPerMinute, "apiRequestsPerMinute is null");
    }

    /** This machine: its processors, and MemAvailable from /proc/meminfo (else the JVM's view of free memory). */
    public static Machine detect() {
        return new Machine(Runtime.getRuntime().availableProcessors(), availableMemory(), Optional.empty());
    }

    /** The memory as a person reads it: {@code 7.6 GB}. */
    public String memoryText() {
        return String.format(Locale.ROOT, "%.1f GB", availableMemoryBytes / (double) (1L << 30));
    }

    private static long availableMemory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemAvailable:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or unreadable: fall back to the JVM's view below
        }
        java.lang.management.OperatingSystemMXBean bean = ManagementFactory.getOperatingSystemMXBean();
        if (bean instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getFreeMemorySize();
        }
        return Runtime.getRuntime().maxMemory();
    }
}
