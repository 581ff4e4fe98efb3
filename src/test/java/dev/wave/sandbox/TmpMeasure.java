package dev.wave.sandbox;

import dev.wave.plan.Task;
import dev.wave.request.SandboxMode;
import dev.wave.run.TaskExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

public final class TmpMeasure {
    public static void main(String[] args) throws Exception {
        Path repository = Files.createTempDirectory("measure");
        int n = Integer.parseInt(args[0]);
        Task task = Task.shell("t", "true", List.of());
        for (int round = 0; round < 3; round++) {
            for (SandboxMode mode : List.of(SandboxMode.BWRAP, SandboxMode.OFF)) {
                TaskExecutor shell = TaskExecutor.shell(Sandbox.of(new SandboxPolicy(mode, false)));
                long[] times = new long[n];
                for (int i = 0; i < n; i++) {
                    long start = System.nanoTime();
                    shell.execute(task, repository, repository.resolve("t.log"));
                    times[i] = System.nanoTime() - start;
                }
                Arrays.sort(times);
                System.out.printf("round %d %s: median %.2f ms, p10 %.2f ms, p90 %.2f ms%n", round, mode, times[n / 2] / 1e6,
                        times[n / 10] / 1e6, times[n * 9 / 10] / 1e6);
            }
        }
    }
}
