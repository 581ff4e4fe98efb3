package dev.wave.cli;

import static dev.wave.cli.RunSafetyTest.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.testing.ScratchRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionService;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class ConcurrentRunTest {
    @TempDir
    Path directory;

    @TempDir
    Path elsewhere;

    @Test
    void run_twoStartedTogether_exactlyOneRunsAndTheOtherNamesIt() throws Exception {
        ScratchRepository repository = ScratchRepository.messy(directory);
        Path go = elsewhere.resolve("go");
        Path plan = write(elsewhere.resolve("plan.yaml"), """
                tasks:
                  - id: wait
                    timeout: 60s
                    run: while [ ! -f %s ]; do sleep 0.02; done; echo done > done.txt
                """.formatted(go));
        CyclicBarrier together = new CyclicBarrier(2);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            CompletionService<Cli.Result> runs = new ExecutorCompletionService<>(threads);
            List<Future<Cli.Result>> futures = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                futures.add(runs.submit(() -> {
                    together.await(30, TimeUnit.SECONDS);
                    // The go file is outside the repository, which the sandbox hides behind a private /tmp.
                    return Cli.run("run", "--plan", plan.toString(), "--repo", repository.root().toString(), "--yes",
                            "--progress", "quiet", "--sandbox", "off");
                }));
            }
            Cli.Result refused = runs.poll(60, TimeUnit.SECONDS).get();
            Files.writeString(go, "go");
            Cli.Result ran = runs.poll(60, TimeUnit.SECONDS).get();

            assertThat(refused.exitCode()).as(refused.out() + refused.err()).isEqualTo(ExitCodes.NOT_APPROVED);
            assertThat(refused.err()).startsWith("wave: another wave run is in progress in " + repository.root() + ": run ")
                    .contains(", process " + ProcessHandle.current().pid() + ", started ");
            assertThat(ran.exitCode()).as(ran.out() + ran.err()).isEqualTo(ExitCodes.OK);
            String runId = ran.out().lines().filter(line -> line.startsWith("Run ") && line.contains(" succeeded in "))
                    .findFirst().orElseThrow().split(" ")[1];
            assertThat(refused.err()).contains("run " + runId + ", process");
            try (var runsDirectory = Files.list(repository.root().resolve(".wave/runs"))) {
                assertThat(runsDirectory.filter(path -> !path.getFileName().toString().equals("latest"))).hasSize(1);
            }
        } finally {
            Files.writeString(go, "go");
            threads.shutdown();
            threads.awaitTermination(60, TimeUnit.SECONDS);
        }
    }
}
