package dev.wave.temporal;

import static java.util.Objects.requireNonNull;

import dev.wave.WaveException;
import dev.wave.engine.Engine;
import dev.wave.engine.TaskRun;
import dev.wave.run.RunResult;
import dev.wave.run.RunStatus;
import dev.wave.schedule.PriorityOrder;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.CanceledFailure;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * The submitting side of the Temporal engine: submits the validated plan as one {@link RunWorkflow}, serves
 * the workflow's activities on a queue of its own ({@link Submitter}: journal and progress, patches, the
 * failure handler) and waits for the workflow to end. Wave 0, the check, the final commit or the rollback
 * stay in the local session around it. Thread-safe; one driver per run.
 */
final class TemporalEngine implements Engine {
    private final TemporalSettings settings;
    private final Supplier<Connection> connect;

    TemporalEngine(TemporalSettings settings, Supplier<Connection> connect) {
        this.settings = requireNonNull(settings, "settings is null");
        this.connect = requireNonNull(connect, "connect is null");
    }

    @Override
    public String name() {
        return "temporal";
    }

    /** Prompt tasks run on the workers, with the agent the run chose ({@code --agent}). */
    @Override
    public boolean runsAgentTasks() {
        return true;
    }

    /** Each worker checks that it has the run's agent CLI, and fails an attempt it cannot run, saying so. */
    @Override
    public boolean runsAgentsHere() {
        return false;
    }

    @Override
    public Driver driver(TaskRun run) {
        return new TemporalDriver(run);
    }

    private final class TemporalDriver implements Driver {
        private final TaskRun run;
        private final Submitter submitter;
        private final Object lock = new Object();
        private Optional<WorkflowStub> workflow = Optional.empty(); // guarded by lock
        private boolean cancelled; // guarded by lock

        TemporalDriver(TaskRun run) {
            this.run = run;
            this.submitter = new Submitter(run);
        }

        @Override
        public RunResult runFrom(Instant startedAt) throws InterruptedException {
            Optional<String> baseCommit = baseCommit();
            if (baseCommit.isEmpty()) {
                return notRun(startedAt, "cancelled before it started: --engine temporal needs a commit to give workers "
                        + "(the repository has none); commit first, or use the local engine");
            }
            Connection connection;
            try {
                connection = connect.get();
            } catch (WaveException e) {
                return notRun(startedAt, "cancelled before it started: " + e.getMessage());
            }
            try (connection) {
                WorkflowClient client = connection.client();
                String queue = "wave-submitter-" + run.runId() + "-" + UUID.randomUUID().toString().substring(0, 8);
                WorkerFactory factory = WorkerFactory.newInstance(client);
                Worker own = factory.newWorker(queue);
                own.registerActivitiesImplementations(submitter);
                // The workflow runs wherever a worker of the task queue is; this process hosts it too.
                factory.newWorker(settings.taskQueue()).registerWorkflowImplementationTypes(RunWorkflowImpl.class);
                factory.start();
                try {
                    RunWorkflow.Summary summary = follow(client, queue, baseCommit.get());
                    return new RunResult(RunStatus.valueOf(summary.status()), run.options().mode(), run.options().agents(),
                            startedAt, run.clock().instant(), run.waves().count(), summary.peakConcurrency(),
                            submitter.records("cancelled: " + summary.problem()), submitter.decisions(), List.of(),
                            submitter.budgetReached());
                } finally {
                    factory.shutdownNow();
                    factory.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
                }
            }
        }

        private RunWorkflow.Summary follow(WorkflowClient client, String queue, String baseCommit)
                throws InterruptedException {
            PriorityOrder order = run.hooks().order().orElseGet(() -> PriorityOrder.longestPathFirst(run.plan().graph()));
            RunWorkflow.Input input = RunWorkflow.Input.first(run.runId(), run.plan(), order, run.options().mode(),
                    run.options().agents(), run.options().failFast(), run.options().retryBackoff(),
                    run.failurePolicy().thresholds(), queue, baseCommit, settings, run.prepared().settings().agent().value(),
                    RunWorkflow.Limits.of(run.options().limits()));
            String workflowId = "wave-" + run.runId();
            RunWorkflow typed = client.newWorkflowStub(RunWorkflow.class, WorkflowOptions.newBuilder()
                    .setTaskQueue(settings.taskQueue()).setWorkflowId(workflowId).build());
            WorkflowClient.start(typed::run, input);
            WorkflowStub stub = WorkflowStub.fromTyped(typed);
            boolean cancelNow;
            synchronized (lock) {
                workflow = Optional.of(stub);
                cancelNow = cancelled;
            }
            if (cancelNow) {
                signalCancel(stub);
            }
            run.out().printf("Temporal: workflow %s on %s (namespace %s, task queue %s); workers: wave worker --engine "
                    + "temporal --temporal-target %s --task-queue %s --repo <clone>%n", workflowId, settings.target(),
                    settings.namespace(), settings.taskQueue(), settings.target(), settings.taskQueue());
            run.out().flush();
            CompletableFuture<RunWorkflow.Summary> result = stub.getResultAsync(RunWorkflow.Summary.class);
            try {
                return ended(result, workflowId);
            } catch (InterruptedException e) {
                cancel();
                try {
                    return ended(result, workflowId);
                } finally {
                    Thread.currentThread().interrupt();
                }
            }
        }

        /** The workflow's summary; one cancelled through Temporal reported every task's end before it ended. */
        private RunWorkflow.Summary ended(CompletableFuture<RunWorkflow.Summary> result, String workflowId)
                throws InterruptedException {
            while (true) {
                try {
                    return result.get();
                } catch (InterruptedException e) {
                    if (result.isDone()) {
                        continue;
                    }
                    throw e;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof WorkflowFailedException failed
                            && failed.getCause() instanceof CanceledFailure) {
                        return new RunWorkflow.Summary(RunStatus.INTERRUPTED.name(), 0, 0, "the workflow was cancelled");
                    }
                    // Terminated, timed out, or gone: what it did not report did not happen here.
                    String problem = "the run's workflow " + workflowId + " ended abnormally (" + e.getCause() + ")";
                    run.out().println("wave: " + problem + "; tasks it did not report end cancelled.");
                    return new RunWorkflow.Summary(RunStatus.FAILED.name(), 0, 0, problem);
                }
            }
        }

        @Override
        public void cancel() {
            Optional<WorkflowStub> started;
            synchronized (lock) {
                cancelled = true;
                started = workflow;
            }
            started.ifPresent(TemporalDriver::signalCancel);
        }

        @Override
        public Optional<String> journalFailure() {
            return submitter.journalFailure();
        }

        /** Asks the workflow to cancel the run; one that has ended already has nothing to cancel. */
        private static void signalCancel(WorkflowStub stub) {
            try {
                stub.signal("cancel");
            } catch (RuntimeException e) {
                // ended meanwhile (or unreachable): its result, or its absence, tells the driver how the run ended
            }
        }

        /** The commit workers check out: the submitting repository's HEAD, when it has one. */
        private Optional<String> baseCommit() throws InterruptedException {
            GitCli.Output head = GitCli.run(run.options().workDirectory(), "rev-parse", "--verify", "HEAD^{commit}");
            return head.ok() ? Optional.of(head.out().strip()) : Optional.empty();
        }

        /** A run whose tasks never reached Temporal: it fails, every task cancelled for {@code reason}. */
        private RunResult notRun(Instant startedAt, String reason) {
            run.out().println("wave: " + reason + ".");
            return new RunResult(RunStatus.FAILED, run.options().mode(), run.options().agents(), startedAt,
                    run.clock().instant(), run.waves().count(), 0, submitter.records(reason), submitter.decisions());
        }
    }
}
