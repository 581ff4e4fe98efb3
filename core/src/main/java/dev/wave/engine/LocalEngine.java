package dev.wave.engine;

import dev.wave.run.RunResult;
import dev.wave.run.Runner;
import dev.wave.run.Usage;
import java.time.Instant;
import java.util.Optional;

/** The default engine: a {@link Runner} on this process's worker threads. */
final class LocalEngine implements Engine {
    static final LocalEngine INSTANCE = new LocalEngine();

    private LocalEngine() {}

    @Override
    public String name() {
        return LOCAL;
    }

    @Override
    public boolean runsAgentTasks() {
        return true;
    }

    @Override
    public Driver driver(TaskRun run) {
        Runner runner = new Runner(run.plan(), run.waves(), run.options(), run.executor(), run.listener(), run.clock(),
                run.workers(), run.failurePolicy(), run.hooks());
        return new Driver() {
            @Override
            public RunResult runFrom(Instant startedAt) throws InterruptedException {
                return runner.runFrom(startedAt);
            }

            @Override
            public void cancel() {
                runner.cancel();
            }

            @Override
            public Optional<String> journalFailure() {
                return runner.journalFailure();
            }

            @Override
            public void usageReported(String taskId, Usage soFar) {
                runner.usageReported(taskId, soFar);
            }
        };
    }
}
