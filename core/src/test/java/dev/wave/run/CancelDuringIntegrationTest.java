package dev.wave.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.plan.Plan;
import dev.wave.schedule.TaskState;
import dev.wave.schedule.Waves;
import dev.wave.testing.Dags;
import dev.wave.testing.ScriptedExecutor;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A cancel (a signal) while a task's work is being integrated: the integration finishes, nothing after it starts. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class CancelDuringIntegrationTest {
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @TempDir
    Path directory;

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void cancelWhileIntegrating_letsTheIntegrationFinish_andCancelsTheDependents() throws Exception {
        Plan plan = Dags.parse("""
                merged 10
                after 10 <- merged
                """);
        AtomicReference<Runner> runner = new AtomicReference<>();
        AtomicBoolean integrationFinished = new AtomicBoolean();
        TaskIntegrator cancelsMidway = (task, workDirectory) -> {
            runner.get().cancel(); // the signal arrives while the task's work is being merged
            integrationFinished.set(!Thread.currentThread().isInterrupted());
            return Optional.empty();
        };
        RunOptions options = RunOptions.defaults(directory, directory).withAgents(2).withRetryBackoff(Duration.ofMillis(1));
        runner.set(new Runner(plan, Waves.of(plan.graph()), options, new ScriptedExecutor(), RunListener.none(),
                Clock.systemUTC(), threads, FailurePolicy.skipDependents(),
                RunHooks.defaults().withIntegrator(cancelsMidway)));

        RunResult result = runner.get().run();

        assertThat(result.status()).isEqualTo(RunStatus.INTERRUPTED);
        assertThat(integrationFinished).as("the integrating worker was not interrupted").isTrue();
        assertThat(result.tasks()).extracting(TaskRecord::id, TaskRecord::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("merged", TaskState.SUCCEEDED),
                        org.assertj.core.groups.Tuple.tuple("after", TaskState.CANCELLED));
    }
}
