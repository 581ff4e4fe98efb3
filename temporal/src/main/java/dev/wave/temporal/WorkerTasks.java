package dev.wave.temporal;

import static java.util.Objects.requireNonNull;

import dev.wave.WaveException;
import dev.wave.agent.AgentCli;
import dev.wave.agent.AgentExecutor;
import dev.wave.agent.AgentInstallation;
import dev.wave.agent.AgentLauncher;
import dev.wave.agent.AgentOptions;
import dev.wave.git.Git;
import dev.wave.plan.Action;
import dev.wave.plan.Task;
import dev.wave.run.ExecutionResult;
import dev.wave.run.TaskExecutor;
import dev.wave.run.Usage;
import dev.wave.worktree.Worktrees;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A worker's side of a task attempt: checks out the run's base commit in a fresh git worktree of the worker's
 * repository, runs the task there with the local executors (shell in its sandbox, built-in actions; a prompt task
 * with the agent CLI the run chose, {@link AgentExecutor#executeHere}), and hands back the changes as a binary
 * patch, with an agent's usage. Heartbeats while the task runs; a cancelled activity (an aborted or
 * cancelled run) interrupts the executor, which kills the task's processes.
 *
 * <p>Thread-safe: Temporal calls it from several activity threads at once.
 */
final class WorkerTasks implements TaskActivities {
    private static final int LOG_TAIL = 8 * 1024;

    private final Path repository;
    private final Path scratchRoot;
    private final TaskExecutor executor;
    private final Map<String, String> environment;
    private final ExecutorService attempts;
    private final Duration heartbeat;
    private final String name;
    private final Consumer<String> say;
    private final AtomicLong counter = new AtomicLong();

    /**
     * @param repository the worker's clone of the repository
     * @param scratchRoot where the attempts' worktrees go (outside the repository)
     * @param executor runs one attempt of a shell or built-in task in a directory
     * @param environment what agent CLIs run with (the worker's environment): its {@code PATH} is where they are found
     * @param attempts runs the executor while the activity thread heartbeats
     * @param heartbeat how often to heartbeat at most (a third of the attempt's heartbeat timeout when that is shorter)
     * @param say hears a line when an attempt starts and ends
     */
    WorkerTasks(Path repository, Path scratchRoot, TaskExecutor executor, Map<String, String> environment,
            ExecutorService attempts, Duration heartbeat, Consumer<String> say) {
        this.environment = Map.copyOf(requireNonNull(environment, "environment is null"));
        this.say = requireNonNull(say, "say is null");
        this.repository = requireNonNull(repository, "repository is null");
        this.scratchRoot = requireNonNull(scratchRoot, "scratchRoot is null");
        this.executor = requireNonNull(executor, "executor is null");
        this.attempts = requireNonNull(attempts, "attempts is null");
        this.heartbeat = requireNonNull(heartbeat, "heartbeat is null");
        this.name = hostName() + "/" + ProcessHandle.current().pid();
    }

    @Override
    public Result runAttempt(Request request) {
        ActivityExecutionContext context = Activity.getExecutionContext();
        if (request.version() > Wire.VERSION) {
            throw ApplicationFailure.newFailure("worker " + name + " understands requests up to version " + Wire.VERSION
                    + ", and run " + request.runId() + " sent version " + request.version()
                    + "; update wave on the worker and restart it", "WireVersion");
        }
        Task task = Wire.task(request.taskJson());
        int delivery = context.getInfo().getAttempt();
        Optional<AgentCli> agent = agentOf(task, request);
        say.accept("started " + request.runId() + " " + task.id() + " attempt " + request.attempt() + " delivery " + delivery
                + agent.map(cli -> " (" + cli.name() + ")").orElse(""));
        Path scratch = scratch().resolve(request.runId() + "-" + safe(task.id()) + "-" + request.attempt() + "-"
                + counter.incrementAndGet());
        Path logs = null;
        try {
            checkout(request.baseCommit(), scratch);
            Optional<String> refused = applyDependencies(scratch, request.dependencyPatches());
            if (refused.isPresent()) {
                return Result.withoutUsage(false, -1, refused.get(), List.of(), "", "", name);
            }
            String start = head(scratch);
            logs = Files.createTempDirectory("wave-" + safe(task.id()));
            Path log = logs.resolve(safe(task.id()) + ".log");
            if (agent.isPresent()) {
                handCheckpoints(scratch, request.dependencyCheckpoints());
            }
            TaskExecutor runs = agent.isPresent() ? agentExecutor(agent.get(), task, request, scratch)::executeHere : executor;
            ExecutionResult result = execute(runs, task, scratch, log, context);
            if (agent.isPresent()) {
                delete(scratch.resolve(".wave").resolve("runs")); // the checkpoints handed in, if the agent never committed
            }
            Changes changes = changes(scratch, start);
            say.accept("ended " + request.runId() + " " + task.id() + " attempt " + request.attempt() + ": "
                    + (result.succeeded() ? "succeeded" : "failed") + ", " + changes.files().size() + " files changed"
                    + (result.usage().isEmpty() ? "" : ", " + result.usage().describe()));
            Usage usage = result.usage();
            return new Result(result.succeeded(), result.exitCode().orElse(-1), result.summary(),
                    changes.files().isEmpty() ? result.filesChanged() : changes.files(), changes.patch(), tail(log),
                    name, usage.inputTokens(), usage.outputTokens(), usage.dollars(), usage.costUsd().isPresent(),
                    checkpoint(logs, task));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApplicationFailure.newFailure("the worker was interrupted", "Interrupted");
        } catch (IOException e) {
            throw ApplicationFailure.newFailure("worker " + name + " cannot run the attempt: " + e.getMessage(), "IO");
        } finally {
            remove(scratch);
            if (logs != null) {
                delete(logs);
            }
        }
    }

    /**
     * The agent CLI of a prompt task: the task's own, else the run's ({@code --agent}); empty for other tasks.
     *
     * @throws ApplicationFailure (delivered again, maybe to another worker) when this worker does not have it
     */
    private Optional<AgentCli> agentOf(Task task, Request request) {
        if (!(task.action() instanceof Action.Agent)) {
            return Optional.empty();
        }
        AgentCli cli;
        try {
            cli = AgentOptions.of(AgentCli.named(request.agent() == null ? "claude" : request.agent())).agentFor(task);
        } catch (WaveException e) {
            throw ApplicationFailure.newNonRetryableFailure("worker " + name + " cannot run agent task " + task.id() + ": "
                    + e.getMessage(), "AgentInvalid");
        }
        Optional<String> missing = AgentInstallation.missing(cli, environment, repository);
        if (missing.isPresent()) {
            throw ApplicationFailure.newFailure("worker " + name + " cannot run agent task " + task.id() + ": "
                    + missing.get() + "; " + AgentInstallation.howToInstall(cli) + " where 'wave worker' runs (on its "
                    + "PATH) and restart the worker, or run the plan with another --agent", "AgentMissing");
        }
        return Optional.of(onPath(cli));
    }

    /**
     * The CLI with its program found on the agents' {@code PATH} (the worker's environment), as a path: Java looks a
     * bare program name up on its own PATH, not on the child's.
     */
    private AgentCli onPath(AgentCli cli) {
        String program = AgentInstallation.program(cli);
        if (program.contains("/") || cli instanceof AgentCli.Template) {
            return cli;
        }
        Optional<Path> found = AgentInstallation.onPath(program, environment);
        if (found.isPresent()) {
            String path = found.get().toAbsolutePath().toString();
            if (cli instanceof AgentCli.Claude) {
                return new AgentCli.Claude(path);
            } else if (cli instanceof AgentCli.Codex) {
                return new AgentCli.Codex(path);
            } else if (cli instanceof AgentCli.Aider) {
                return new AgentCli.Aider(path);
            }
        }
        return cli;
    }

    /** Runs prompt tasks with {@code cli} (and a task's own agent) in the attempt's scratch worktree, as the local engine would. */
    private AgentExecutor agentExecutor(AgentCli cli, Task task, Request request, Path scratch) {
        Git git = Git.open(scratch).orElseThrow(() -> new IllegalStateException("the scratch worktree " + scratch
                + " is not a git work tree"));
        // The scratch worktree is the agent's own: no other worktree is made, so neither base nor root is used.
        return new AgentExecutor(Worktrees.of(git, request.runId(), scratch), () -> {
            throw new IllegalStateException("an attempt on a worker runs in its scratch worktree");
        }, AgentOptions.of(cli).withAgent(task.id(), cli), AgentLauncher.direct(), (taskId, progress) -> { }, environment);
    }

    /**
     * The checkpoints of the task's dependencies, where its prompt tells it to read them (as the local engine's
     * executor puts them); the agent executor removes {@code .wave/runs} before it commits, so they stay out of the patch.
     */
    private static void handCheckpoints(Path scratch, Map<String, String> checkpoints) throws IOException {
        if (checkpoints == null || checkpoints.isEmpty()) {
            return;
        }
        Path directory = scratch.resolve(".wave").resolve("runs").resolve("latest").resolve("checkpoints");
        Files.createDirectories(directory);
        for (Map.Entry<String, String> checkpoint : checkpoints.entrySet()) {
            Files.writeString(directory.resolve(checkpoint.getKey() + ".agent.json"), checkpoint.getValue(),
                    StandardCharsets.UTF_8);
        }
    }

    /** The checkpoint the task's agent wrote (the executor keeps it beside the log); empty when it wrote none. */
    private static String checkpoint(Path logs, Task task) throws IOException {
        Path kept = logs.resolve(task.id() + ".agent.json");
        return Files.isRegularFile(kept) ? Files.readString(kept, StandardCharsets.UTF_8) : "";
    }

    private static String head(Path scratch) throws InterruptedException, IOException {
        GitCli.Output head = GitCli.run(scratch, "rev-parse", "--verify", "HEAD");
        if (!head.ok()) {
            throw new IOException("git rev-parse HEAD failed: " + head.err());
        }
        return head.out().strip();
    }

    private static void delete(Path directory) {
        if (!Files.exists(directory, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (java.util.stream.Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // under the system's temporary directory
        }
    }

    /** Runs the executor on another thread, heartbeating; a cancelled activity interrupts it. */
    private ExecutionResult execute(TaskExecutor runs, Task task, Path directory, Path log,
            ActivityExecutionContext context) throws InterruptedException {
        Future<ExecutionResult> running = attempts.submit(() -> runs.execute(task, directory, log));
        Duration timeout = context.getInfo().getHeartbeatTimeout();
        long every = timeout.isZero() ? heartbeat.toMillis() : Math.min(heartbeat.toMillis(), Math.max(50, timeout.toMillis() / 3));
        try {
            while (true) {
                try {
                    return running.get(every, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    context.heartbeat(null);
                }
            }
        } catch (ActivityCompletionException cancelled) {
            running.cancel(true);
            awaitQuietly(running);
            throw cancelled;
        } catch (InterruptedException e) {
            running.cancel(true);
            awaitQuietly(running);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof InterruptedException) {
                throw (InterruptedException) cause;
            }
            return ExecutionResult.failed("wave could not run the task on worker " + name + ": " + cause);
        }
    }

    /** Waits for the cancelled attempt to stop (its executor kills its processes first). */
    private static void awaitQuietly(Future<ExecutionResult> running) {
        try {
            running.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            // cancelled, interrupted or failed: it has stopped or will shortly
        }
    }

    private void checkout(String commit, Path scratch) throws InterruptedException, IOException {
        Files.createDirectories(scratch.getParent());
        GitCli.Output added = GitCli.run(repository, "worktree", "add", "--detach", "--quiet", scratch.toString(), commit);
        if (!added.ok() && GitCli.run(repository, "fetch", "--quiet", "origin").ok()) {
            // A clone behind the submitting repository: its origin may have the commit by now.
            added = GitCli.run(repository, "worktree", "add", "--detach", "--quiet", scratch.toString(), commit);
        }
        if (!added.ok()) {
            // Retryable: another worker (or this one, once the commit is fetched) may have it.
            throw ApplicationFailure.newFailure("worker " + name + " cannot check out " + commit + " in " + repository + " ("
                    + added.err() + "); fetch or pull that commit into the worker's repository", "MissingCommit");
        }
    }

    /**
     * Applies the dependencies' patches and commits them in the scratch worktree, so the task sees their work and
     * its own patch leaves it out. Returns why they do not apply, if they do not.
     */
    private Optional<String> applyDependencies(Path scratch, List<String> patches) throws InterruptedException {
        if (patches.isEmpty()) {
            return Optional.empty();
        }
        for (String patch : patches) {
            GitCli.Output applied = GitCli.runWithInput(scratch, patch, "apply", "--binary", "--index", "-");
            if (!applied.ok()) {
                return Optional.of("the changes of its dependencies do not apply on worker " + name + ": " + applied.err());
            }
        }
        GitCli.Output committed = GitCli.run(scratch, "-c", "user.name=wave", "-c", "user.email=wave@localhost", "commit",
                "--quiet", "--no-verify", "--allow-empty", "-m", "wave: the changes of the task's dependencies");
        return committed.ok() ? Optional.empty() : Optional.of("cannot commit the changes of its dependencies on worker "
                + name + ": " + committed.err());
    }

    private record Changes(List<String> files, String patch) {}

    private static Changes changes(Path scratch, String base) throws InterruptedException, IOException {
        GitCli.Output added = GitCli.run(scratch, "add", "-A", ".");
        if (!added.ok()) {
            throw new IOException("git add failed: " + added.err());
        }
        GitCli.Output names = GitCli.run(scratch, "diff", "--cached", "--name-only", base);
        if (names.out().isBlank()) {
            return new Changes(List.of(), "");
        }
        GitCli.Output patch = GitCli.run(scratch, "diff", "--cached", "--binary", "--full-index", base);
        if (!patch.ok()) {
            throw new IOException("git diff failed: " + patch.err());
        }
        return new Changes(Arrays.stream(names.out().split("\n")).filter(line -> !line.isBlank()).toList(), patch.out());
    }

    private void remove(Path scratch) {
        try {
            if (Files.exists(scratch)) {
                GitCli.run(repository, "worktree", "remove", "--force", scratch.toString());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Path scratch() {
        return scratchRoot;
    }

    static String tail(Path log) {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long length = file.length();
            int size = (int) Math.min(length, LOG_TAIL);
            byte[] bytes = new byte[size];
            file.seek(length - size);
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static String safe(String id) {
        return id.replaceAll("[^A-Za-z0-9_.-]", "_");
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "worker";
        }
    }
}
