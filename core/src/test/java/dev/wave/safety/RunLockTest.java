package dev.wave.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wave.WaveException;
import dev.wave.testing.LockHolder;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class RunLockTest {
    @TempDir
    Path root;

    @Test
    void acquire_whileHeldInThisProcess_refusesNamingTheRunAndProcess() {
        try (RunLock first = RunLock.acquire(root, "run-a", "run", Clock.systemUTC())) {
            assertThat(first.tookOver()).isEmpty();
            assertThatThrownBy(() -> RunLock.acquire(root, "run-b", "run", Clock.systemUTC()))
                    .isInstanceOf(WaveException.class)
                    .hasMessageStartingWith("another wave run is in progress in " + root + ": run run-a, process "
                            + ProcessHandle.current().pid() + ", started ")
                    .hasMessageEndingWith("Wait for it to end, or stop it with 'kill " + ProcessHandle.current().pid()
                            + "'; wave takes the lock over once that process has gone.")
                    .extracting(e -> ((WaveException) e).kind()).isEqualTo(WaveException.ErrorKind.UNSAFE_STATE);
        }
    }

    @Test
    void acquire_afterRelease_succeedsWithoutTakeOver() {
        RunLock.acquire(root, "run-a", "run", Clock.systemUTC()).close();

        try (RunLock second = RunLock.acquire(root, "run-b", "run", Clock.systemUTC())) {
            assertThat(second.tookOver()).isEmpty();
        }
    }

    @Test
    void acquire_heldByAnotherProcess_refusesUntilThatProcessDiesThenTakesOver() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process holder = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                LockHolder.class.getName(), root.toString(), "run-other"))
                .redirectErrorStream(true).start();
        try {
            BufferedReader output = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertThat(output.readLine()).isEqualTo("locked");

            assertThatThrownBy(() -> RunLock.acquire(root, "run-mine", "run", Clock.systemUTC()))
                    .hasMessageContaining("run run-other, process " + holder.pid());

            holder.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            try (RunLock mine = RunLock.acquire(root, "run-mine", "run", Clock.systemUTC())) {
                assertThat(mine.tookOver()).hasValueSatisfying(previous -> {
                    assertThat(previous.runId()).isEqualTo("run-other");
                    assertThat(previous.pid()).isEqualTo(holder.pid());
                });
                assertThat(Files.readString(mine.file())).contains("\"run_id\" : \"run-mine\"");
            }
        } finally {
            holder.destroyForcibly();
        }
    }
}
