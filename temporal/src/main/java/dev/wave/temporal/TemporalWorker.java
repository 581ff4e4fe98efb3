package dev.wave.temporal;

import static java.util.Objects.requireNonNull;

import dev.wave.action.BuiltinActions;
import dev.wave.run.TaskExecutor;
import dev.wave.sandbox.Sandbox;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A worker process of the Temporal engine: polls the task queue, hosts run workflows and runs task attempts
 * (shell, built-in and prompt tasks) in worktrees of its repository ({@link WorkerTasks}). {@link #start} returns at once; {@link #close} stops
 * polling, interrupts running attempts (their processes are killed) and removes the scratch worktrees.
 */
final class TemporalWorker implements AutoCloseable {
    private final WorkerFactory factory;
    private final ExecutorService attempts;
    private final ExecutorService fileHelpers;
    private final Path scratch;

    /**
     * @param slots how many attempts run at once on this worker
     * @param heartbeat how often a running attempt heartbeats (well under the run's heartbeat timeout)
     */
    TemporalWorker(Connection connection, String taskQueue, Path repository, int slots, Duration heartbeat,
            java.util.function.Consumer<String> say) {
        this(connection, taskQueue, repository, slots, heartbeat, System.getenv(), say);
    }

    /**
     * @param environment what agent CLIs run with: prompt tasks find their CLI on its {@code PATH}
     */
    TemporalWorker(Connection connection, String taskQueue, Path repository, int slots, Duration heartbeat,
            Map<String, String> environment, java.util.function.Consumer<String> say) {
        requireNonNull(connection, "connection is null");
        try {
            scratch = Files.createTempDirectory("wave-worker-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a scratch directory for the worker", e);
        }
        attempts = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "wave-attempt");
            thread.setDaemon(true);
            return thread;
        });
        fileHelpers = Executors.newFixedThreadPool(BuiltinActions.DEFAULT_FILE_THREADS, runnable -> {
            Thread thread = new Thread(runnable, "wave-files");
            thread.setDaemon(true);
            return thread;
        });
        // Prompt tasks never reach this executor: WorkerTasks runs them with the run's agent CLI.
        TaskExecutor executor = TaskExecutor.byKind(TaskExecutor.shell(Sandbox.defaults()),
                BuiltinActions.parallel(fileHelpers, BuiltinActions.DEFAULT_FILE_THREADS),
                TaskExecutor.refusing("a prompt task reached the worker's shell executor"));
        factory = WorkerFactory.newInstance(connection.client());
        Worker worker = factory.newWorker(taskQueue, WorkerOptions.newBuilder()
                .setMaxConcurrentActivityExecutionSize(slots).build());
        worker.registerWorkflowImplementationTypes(RunWorkflowImpl.class);
        worker.registerActivitiesImplementations(new WorkerTasks(repository, scratch, executor, environment, attempts, heartbeat,
                say));
    }

    void start() {
        factory.start();
    }

    @Override
    public void close() {
        factory.shutdownNow();
        factory.awaitTermination(10, TimeUnit.SECONDS);
        attempts.shutdownNow();
        fileHelpers.shutdownNow();
        try (Stream<Path> paths = Files.walk(scratch)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // the scratch directory is under the system's temporary directory
        }
    }

    /** Runs until interrupted (Ctrl-C stops the JVM; its shutdown hook closes the worker). */
    static int runUntilStopped(TemporalSettings settings, Path repository, int slots, PrintWriter out)
            throws InterruptedException {
        try (Connection connection = Connection.open(settings);
                TemporalWorker worker = new TemporalWorker(connection, settings.taskQueue(), repository, slots,
                        settings.heartbeat().dividedBy(4), line -> {
                            synchronized (out) {
                                out.println("wave worker: " + line);
                                out.flush();
                            }
                        })) {
            Thread hook = new Thread(worker::close, "wave-worker-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            worker.start();
            out.printf("wave worker: polling task queue %s on %s (namespace %s) with %d slot%s, repository %s. Ctrl-C "
                    + "stops it.%n", settings.taskQueue(), settings.target(), settings.namespace(), slots,
                    slots == 1 ? "" : "s", repository);
            out.flush();
            new java.util.concurrent.CountDownLatch(1).await();
            return 0;
        }
    }
}
