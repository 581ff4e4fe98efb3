package dev.wave.agent;

import static java.util.Objects.requireNonNull;

import dev.wave.WaveException;
import dev.wave.plan.Action;
import dev.wave.plan.Durations;
import dev.wave.plan.Task;
import dev.wave.run.ExecutionResult;
import dev.wave.run.TaskExecutor;
import dev.wave.worktree.Worktree;
import dev.wave.worktree.Worktrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Runs {@code prompt:} tasks with a coding agent CLI, each attempt in a git worktree of its own, and
 * judges the attempt on evidence ({@link Evidence}), never on the exit code alone.
 *
 * <p>One attempt: a worktree on branch {@code wave/<run>/<task>} from the base commit (sparse for a
 * task with a {@code scope:}), with what the run copies and links in ({@link Worktrees#prepare}) and its
 * setup command run there, sandboxed as a shell task ({@link WorktreeOptions}); the prompt written beside the task's log; the agent started by the
 * {@link AgentLauncher} with {@code WAVE_TASK_ID} set, its output read line by line into its
 * {@link AgentStream} (live progress through {@link #progress} and the {@link AgentListener}) and,
 * with API keys masked, into the task's log; on timeout or cancel its whole process tree killed.
 * Then the worktree's change is committed on the branch, the task's {@code verify:} runs in the
 * worktree, and the evidence is judged. A succeeded attempt's worktree waits for the
 * {@link AgentIntegrator}; a failed one's is kept for inspection ({@link #keptWorktrees}) until the
 * next attempt of the task replaces it.
 *
 * <p>The base commit: the lead passes a snapshot of the run's working tree
 * ({@code () -> WorkingTreeSnapshot.commit(git, runId)}), taken when the attempt starts, so a task
 * sees what the tasks before it integrated. It is taken under the integration lock, so it never sees
 * half an integration. Thread-safe: attempts of different tasks run at once.
 */
public final class AgentExecutor implements TaskExecutor {
    private final Worktrees worktrees;
    private final Supplier<String> base;
    private final AgentOptions options;
    private final AgentLauncher launcher;
    private final AgentListener listener;
    private final Map<String, String> environment;
    private final ReentrantLock integration = new ReentrantLock();
    private final Map<String, AgentProgress> progress = new ConcurrentHashMap<>();
    private final Map<String, Worktree> finished = new ConcurrentHashMap<>();
    private final Map<String, Worktree> kept = new ConcurrentHashMap<>();
    private final WorktreeOptions worktreeOptions;
    private final Map<String, Path> logs = new ConcurrentHashMap<>();
    private final Map<String, String> resolving = new ConcurrentHashMap<>(); // resolution task id -> conflicted task id

    /**
     * @param worktrees the run's worktrees
     * @param base the commit each attempt starts from, asked once per attempt
     * @param environment the environment agents inherit (usually {@code System.getenv()})
     */
    public AgentExecutor(Worktrees worktrees, Supplier<String> base, AgentOptions options, AgentLauncher launcher,
            AgentListener listener, Map<String, String> environment) {
        this(worktrees, base, options, launcher, listener, environment, WorktreeOptions.none());
    }

    /**
     * @param worktrees the run's worktrees, with what each gets copied and linked in
     *     ({@link Worktrees#withPreparation})
     * @param base the commit each attempt starts from, asked once per attempt
     * @param environment the environment agents inherit (usually {@code System.getenv()})
     * @param worktreeOptions the setup command of each new worktree, and what a conflict becomes
     */
    public AgentExecutor(Worktrees worktrees, Supplier<String> base, AgentOptions options, AgentLauncher launcher,
            AgentListener listener, Map<String, String> environment, WorktreeOptions worktreeOptions) {
        this.worktreeOptions = requireNonNull(worktreeOptions, "worktreeOptions is null");
        this.worktrees = requireNonNull(worktrees, "worktrees is null");
        this.base = requireNonNull(base, "base is null");
        this.options = requireNonNull(options, "options is null");
        this.launcher = requireNonNull(launcher, "launcher is null");
        this.listener = requireNonNull(listener, "listener is null");
        this.environment = Map.copyOf(environment);
    }

    /** The integrator for this executor's finished worktrees; integrations take turns with snapshots. */
    public AgentIntegrator integrator() {
        return new AgentIntegrator(this);
    }

    /** What the agent of {@code taskId} has done so far (its last attempt's totals once it ended). */
    public Optional<AgentProgress> progress(String taskId) {
        return Optional.ofNullable(progress.get(taskId));
    }

    /** The worktrees of failed attempts and conflicted integrations, kept for inspection, by task id. */
    public Map<String, Worktree> keptWorktrees() {
        return Map.copyOf(kept);
    }

    /**
     * At the end of the run: removes the worktrees and branches of succeeded attempts that were never
     * integrated (a cancelled run), and returns the kept ones (failed attempts, conflicts), which stay
     * for inspection and belong in the report.
     */
    public List<Worktree> finish() throws InterruptedException {
        integration.lockInterruptibly();
        try {
            for (Worktree worktree : List.copyOf(finished.values())) {
                worktrees.remove(worktree, false);
                finished.remove(worktree.taskId());
            }
            return kept.values().stream().sorted(Comparator.comparing(Worktree::taskId)).toList();
        } finally {
            integration.unlock();
        }
    }

    @Override
    public ExecutionResult execute(Task task, Path workDirectory, Path log) throws InterruptedException {
        if (!(task.action() instanceof Action.Agent agent)) {
            throw new IllegalArgumentException("task " + task.id() + " is not an agent task: " + task.action().kind());
        }
        logs.put(task.id(), log);
        Worktree worktree;
        try {
            discardEarlierAttempt(task.id());
            worktree = worktrees.create(task.id(), baseCommit(), task.scope());
        } catch (WaveException e) {
            return ExecutionResult.failed("cannot prepare the agent's worktree: " + e.getMessage());
        }
        return executeIn(task, agent, worktree, log);
    }

    /**
     * One attempt in a worktree just made: what the run copies and links in, the setup command, then the
     * agent. The worktree is kept until the attempt succeeds.
     */
    ExecutionResult executeIn(Task task, Action.Agent agent, Worktree created, Path log) throws InterruptedException {
        Worktree worktree = created;
        kept.put(task.id(), worktree); // until it succeeds
        try {
            worktree = worktrees.prepare(worktree, prepared -> {
                if (!prepared.placed().isEmpty() || !prepared.skipped().isEmpty()) {
                    note(log, "wave: worktree: " + prepared.describe());
                }
            });
            kept.put(task.id(), worktree);
            Optional<String> setupFailure = setup(task, worktree, log);
            if (setupFailure.isPresent()) {
                return ExecutionResult.failed(setupFailure.get() + "; worktree kept at " + worktree.path());
            }
            if (worktreeOptions.setup().isPresent()) {
                worktree = worktrees.setUp(worktree); // what the setup made is not the agent's change
                kept.put(task.id(), worktree);
            }
            return attempt(task, agent, worktree, log);
        } catch (AgentRun.NotStarted e) {
            return ExecutionResult.failed("cannot run " + cliFor(task.id()).name() + " for " + task.id() + " ("
                    + e.getMessage() + "): install it, or choose another agent with --agent; worktree kept at "
                    + worktree.path());
        } catch (IOException | UncheckedIOException | WaveException e) {
            return ExecutionResult.failed("agent task " + task.id() + " failed: " + e.getMessage() + "; worktree kept at "
                    + worktree.path());
        }
    }

    private ExecutionResult attempt(Task task, Action.Agent agent, Worktree worktree, Path log)
            throws IOException, InterruptedException {
        AgentCli cli = cliFor(task.id());
        String prompt = AgentPrompt.of(task, agent);
        Path promptFile = log.resolveSibling(task.id() + ".prompt.md");
        Files.writeString(promptFile, prompt, StandardCharsets.UTF_8);
        AgentInvocation invocation = options.invocation(prompt, promptFile, worktree.path(), task.role());
        Map<String, String> variables = new HashMap<>(environment);
        variables.putAll(options.environment());
        variables.putAll(task.env());
        variables.put("WAVE_TASK_ID", task.id());
        Secrets secrets = Secrets.from(variables);
        note(log, "wave: " + cli.name() + " works on " + task.id() + " in " + worktree.path() + " (branch "
                + worktree.branch() + ")");
        AgentStream stream = cli.stream();
        progress.put(task.id(), AgentProgress.NONE);
        AgentRun.Ending ending = AgentRun.run(launcher, cli.command(invocation), worktree.path(), variables, task.timeout(),
                log, secrets, stream, now -> {
                    progress.put(task.id(), now);
                    listener.progressed(task.id(), now);
                });
        AgentProgress totals = stream.report().map(AgentReport::totals).orElse(stream.progress());
        progress.put(task.id(), totals);
        List<String> changed = commit(task, worktree, log);
        Optional<Evidence.Check> check = Optional.empty();
        if (!ending.timedOut() && task.verify().isPresent()) {
            check = Optional.of(verify(task, task.verify().get(), worktree, variables, log, secrets));
        }
        Evidence evidence = new Evidence(ending.exitCode(), structured(cli), stream.report(), changed,
                task.scope(), false, check);
        AgentVerdict verdict = evidence.judge();
        String figures = figures(cli, totals);
        if (verdict.succeeded()) {
            kept.remove(task.id());
            finished.put(task.id(), worktree);
            note(log, "wave: succeeded: " + verdict.summary() + figures);
            return new ExecutionResult(ending.exitCode(), true, secrets.redact(verdict.summary() + figures), changed);
        }
        String timedOut = ending.timedOut() ? "timed out after " + Durations.format(task.timeout().orElseThrow())
                + " and its processes were killed; " : "";
        String summary = secrets.redact(timedOut + verdict.summary() + figures + "; worktree kept at " + worktree.path()
                + " (branch " + worktree.branch() + ")");
        note(log, "wave: failed: " + summary);
        return new ExecutionResult(ending.exitCode(), false, summary, changed);
    }

    /** Commits the agent's change; the checkpoint it wrote is moved beside the log, out of the change. */
    private List<String> commit(Task task, Worktree worktree, Path log) throws IOException {
        Path runs = worktree.path().resolve(".wave").resolve("runs");
        Path checkpoint = runs.resolve("latest").resolve("checkpoints").resolve(task.id() + ".agent.json");
        if (Files.isRegularFile(checkpoint)) {
            Files.copy(checkpoint, log.resolveSibling(task.id() + ".agent.json"),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        deleteTree(runs);
        return worktrees.commit(worktree, "wave: " + task.id() + ": " + task.title());
    }

    private Evidence.Check verify(Task task, String command, Worktree worktree, Map<String, String> variables, Path log,
            Secrets secrets) throws IOException, InterruptedException {
        note(log, "wave: check: " + command);
        AgentRun.Ending ending = AgentRun.run(launcher, List.of("sh", "-c", command), worktree.path(), variables,
                Optional.of(task.timeout().orElse(options.checkTimeout())), log, secrets, AgentStream.plain(),
                ignored -> {});
        if (ending.timedOut()) {
            return new Evidence.Check(false, command + ": timed out");
        }
        int code = ending.exitCode().get();
        return new Evidence.Check(code == 0, command + (code == 0 ? ": passed" : ": exit " + code));
    }

    /** Runs the worktree setup command, sandboxed as a shell task; why it failed, or empty. */
    private Optional<String> setup(Task task, Worktree worktree, Path log) throws InterruptedException {
        if (worktreeOptions.setup().isEmpty()) {
            return Optional.empty();
        }
        String command = worktreeOptions.setup().get();
        note(log, "wave: worktree setup: " + command);
        Task setup = new Task(task.id(), "worktree setup of " + task.id(), new Action.Shell(command), List.of(),
                Optional.empty(), Optional.empty(), false, task.timeout(), 0, task.env(), Optional.empty(), List.of(),
                task.network());
        ExecutionResult result = worktreeOptions.shell().execute(setup, worktree.path(), log);
        if (result.succeeded()) {
            return Optional.empty();
        }
        return Optional.of("the worktree setup `" + command + "` failed"
                + result.exitCode().map(code -> " with exit code " + code).orElse("")
                + (result.summary().isBlank() ? "" : ": " + result.summary()));
    }

    /** The agent CLI of a task; a resolution runs with the agent of the task whose conflict it resolves. */
    private AgentCli cliFor(String taskId) {
        return options.agentFor(resolving.getOrDefault(taskId, taskId));
    }

    String baseCommit() throws InterruptedException {
        integration.lockInterruptibly();
        try {
            return base.get();
        } finally {
            integration.unlock();
        }
    }

    private void discardEarlierAttempt(String taskId) {
        Worktree earlier = kept.remove(taskId);
        if (earlier == null) {
            earlier = finished.remove(taskId);
        }
        if (earlier != null) {
            worktrees.remove(earlier, false);
        }
    }

    /** Whether the CLI streams a result line the agent must send (claude, codex); the others only exit. */
    private static boolean structured(AgentCli cli) {
        return cli instanceof AgentCli.Claude || cli instanceof AgentCli.Codex;
    }

    private static String figures(AgentCli cli, AgentProgress totals) {
        StringBuilder text = new StringBuilder(" (").append(cli.name());
        if (totals.turns() > 0) {
            text.append(", ").append(totals.turns()).append(totals.turns() == 1 ? " turn" : " turns");
        }
        if (totals.tokens() > 0) {
            text.append(", ").append(totals.tokens()).append(" tokens");
        }
        if (totals.costUsd() > 0) {
            text.append(String.format(Locale.ROOT, ", $%.4f", totals.costUsd()));
        }
        return text.append(')').toString();
    }

    private static void note(Path log, String line) {
        try {
            Files.writeString(log, line + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the task log " + log, e);
        }
    }

    private static void deleteTree(Path directory) throws IOException {
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    // for AgentIntegrator

    ReentrantLock integrationLock() {
        return integration;
    }

    Worktrees worktrees() {
        return worktrees;
    }

    Optional<Worktree> takeFinished(String taskId) {
        return Optional.ofNullable(finished.remove(taskId));
    }

    void keep(Worktree worktree) {
        kept.put(worktree.taskId(), worktree);
    }

    void forget(String taskId) {
        kept.remove(taskId);
    }

    WorktreeOptions worktreeOptions() {
        return worktreeOptions;
    }

    /** The log of the task's last attempt. */
    Optional<Path> log(String taskId) {
        return Optional.ofNullable(logs.get(taskId));
    }

    /** Marks {@code resolution} as resolving {@code conflicted}'s conflict: it runs with that task's agent. */
    void resolving(String resolution, String conflicted) {
        resolving.put(resolution, conflicted);
    }

    static void noteIn(Path log, String line) {
        note(log, line);
    }

    void discard(String taskId) {
        discardEarlierAttempt(taskId);
    }
}
