package dev.wave.agent;

import static java.util.Objects.requireNonNull;

import dev.wave.FileTrees;
import dev.wave.WaveException;
import dev.wave.journal.Json;
import dev.wave.plan.Action;
import dev.wave.plan.Durations;
import dev.wave.plan.Task;
import dev.wave.run.ExecutionResult;
import dev.wave.run.TaskExecutor;
import dev.wave.run.Usage;
import dev.wave.worktree.Worktree;
import dev.wave.worktree.Worktrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    private static final Pattern FIX_STEP = Pattern.compile("(.+)\\.fix([1-9][0-9]*)\\.(?:analyse|fix)");
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
    private final Map<String, Worktree> integrated = new ConcurrentHashMap<>(); // removed once; checked again by finish
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
        return integrator(IntegrationLog.none());
    }

    /** As {@link #integrator()}, with {@code log} hearing each merge before and after it writes. */
    public AgentIntegrator integrator(IntegrationLog log) {
        return new AgentIntegrator(this, log);
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
            // git may have refused a removal while another git command held a lock: try those once more
            List<String> branches = worktrees.branches();
            for (Worktree worktree : List.copyOf(integrated.values())) {
                if (Files.exists(worktree.path(), LinkOption.NOFOLLOW_LINKS) || branches.contains(worktree.branch())) {
                    worktrees.remove(worktree, false);
                }
                integrated.remove(worktree.taskId());
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
            Optional<Worktree> failedWork = failedWorkToFix(task.id());
            if (failedWork.isPresent()) {
                // A fix wave's agent works on the failed attempt's change; an analyst's own change is counted from it.
                String head = worktrees.head(failedWork.get());
                worktree = worktrees.create(task.id(), agent.analysisOnly() ? head : failedWork.get().base(), head,
                        task.scope());
            } else {
                worktree = worktrees.create(task.id(), baseCommit(), task.scope());
            }
        } catch (WaveException e) {
            return ExecutionResult.failed("cannot prepare the agent's worktree: " + e.getMessage());
        }
        return executeIn(task, agent, worktree, log);
    }

    /**
     * Runs one attempt of agent task {@code task} in {@code directory}, a git checkout of its own that the caller
     * made and removes afterwards (a Temporal worker's scratch worktree, already isolated): no worktree is made and
     * nothing is kept for an integrator; the copies, links and setup command this executor was made with apply as in
     * {@link #execute} (a worker's executor is made with none). The
     * agent's change is committed there on top of the checkout's {@code HEAD}; the result's files are those it
     * changed, its usage and verdict as {@link #execute} gives them.
     */
    public ExecutionResult executeHere(Task task, Path directory, Path log) throws InterruptedException {
        if (!(task.action() instanceof Action.Agent agent)) {
            throw new IllegalArgumentException("task " + task.id() + " is not an agent task: " + task.action().kind());
        }
        logs.put(task.id(), log);
        Optional<dev.wave.git.Git> git = dev.wave.git.Git.open(directory);
        if (git.isEmpty()) {
            return ExecutionResult.failed("cannot run agent task " + task.id() + ": " + directory
                    + " is not a git checkout");
        }
        Worktree here = new Worktree(task.id(), directory, "HEAD", git.get().text("rev-parse", "--verify", "HEAD"),
                List.of());
        try {
            return executeIn(task, agent, here, log, false);
        } finally {
            kept.remove(task.id());
            finished.remove(task.id());
        }
    }

    /**
     * One attempt in a worktree just made: what the run copies and links in, the setup command, then the
     * agent. The worktree is kept until the attempt succeeds.
     */
    ExecutionResult executeIn(Task task, Action.Agent agent, Worktree created, Path log) throws InterruptedException {
        return executeIn(task, agent, created, log, true);
    }

    /**
     * @param keeps whether a failed attempt's worktree is kept for inspection, and its summary says where: not for a
     *     checkout its caller made and removes ({@link #executeHere})
     */
    private ExecutionResult executeIn(Task task, Action.Agent agent, Worktree created, Path log, boolean keeps)
            throws InterruptedException {
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
                return ExecutionResult.failed(setupFailure.get() + keptAt(worktree, keeps, false));
            }
            if (worktreeOptions.setup().isPresent()) {
                worktree = worktrees.setUp(worktree); // what the setup made is not the agent's change
                kept.put(task.id(), worktree);
            }
            handInputs(task, worktree, log);
            return attempt(task, agent, worktree, log, keeps);
        } catch (AgentRun.NotStarted e) {
            return ExecutionResult.failed("cannot run " + cliFor(task).name() + " for " + task.id() + " ("
                    + e.getMessage() + "): install it, or choose another agent with --agent"
                    + keptAt(worktree, keeps, false));
        } catch (IOException | UncheckedIOException | WaveException e) {
            return ExecutionResult.failed("agent task " + task.id() + " failed: " + e.getMessage()
                    + keptAt(worktree, keeps, false));
        }
    }

    /** Where a failed attempt's worktree is kept, for its summary: {@code ; worktree kept at <path>}; empty when not kept. */
    private static String keptAt(Worktree worktree, boolean keeps, boolean branch) {
        return !keeps ? "" : "; worktree kept at " + worktree.path() + (branch ? " (branch " + worktree.branch() + ")" : "");
    }

    private ExecutionResult attempt(Task task, Action.Agent agent, Worktree worktree, Path log, boolean keeps)
            throws IOException, InterruptedException {
        AgentCli cli = cliFor(task);
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
                    AgentProgress shown = redacted(now, secrets);
                    progress.put(task.id(), shown);
                    listener.progressed(task.id(), shown);
                });
        AgentProgress totals = redacted(stream.report().map(AgentReport::totals).orElse(stream.progress()), secrets);
        progress.put(task.id(), totals);
        listener.progressed(task.id(), totals);
        List<String> changed = commit(task, worktree, log, stream, secrets);
        Optional<Evidence.Check> check = Optional.empty();
        long beforeCheck = Files.size(log);
        if (!ending.timedOut() && task.verify().isPresent()) {
            check = Optional.of(verify(task, task.verify().get(), worktree, variables, log, secrets));
        }
        Evidence evidence = new Evidence(ending.exitCode(), structured(cli, stream), stream.report(), changed,
                task.scope(), agent.change(), check);

        Usage usage = usage(cli, totals);
        AgentVerdict verdict = evidence.judge();
        String figures = figures(cli, totals);
        if (verdict.succeeded()) {
            kept.remove(task.id());
            finished.put(task.id(), worktree);
            note(log, "wave: succeeded: " + verdict.summary() + figures);
            return new ExecutionResult(ending.exitCode(), true, secrets.redact(verdict.summary() + figures), changed)
                    .withUsage(usage);
        }
        String timedOut = ending.timedOut() ? "timed out after " + Durations.format(task.timeout().orElseThrow())
                + " and its processes were killed; " : "";
        String summary = secrets.redact(timedOut + verdict.summary() + figures + keptAt(worktree, keeps, true));
        note(log, "wave: failed: " + summary);
        ExecutionResult failed = new ExecutionResult(ending.exitCode(), false, summary, changed).withUsage(usage)
                .withRateLimited(rateLimited(stream.report(), log, beforeCheck));
        // A fix wave starts from this attempt's work: only for work whose one fault is its check (README: "did its work").
        if (check.isPresent() && !check.get().passed() && verdict instanceof AgentVerdict.Failed failedVerdict
                && failedVerdict.reasons().size() == 1) {
            failed = failed.withFailedCheck(check.get().description() + "\n" + tail(log, beforeCheck));
        }
        return failed;
    }

    /** The attempt's usage: tokens as streamed, the cost when the CLI reports one (claude does, codex does not). */
    private static Usage usage(AgentCli cli, AgentProgress totals) {
        Optional<Double> cost = cli instanceof AgentCli.Claude || totals.costUsd() > 0 ? Optional.of(totals.costUsd())
                : Optional.empty();
        return new Usage(totals.inputTokens(), totals.outputTokens(), cost);
    }

    /** Whether the agent failed for a rate limit: its reported error says so, or (no report) its output's end does. */
    private static boolean rateLimited(Optional<AgentReport> report, Path log, long agentOutputEnd) throws IOException {
        if (report.isPresent()) {
            return report.get().error().filter(RateLimit::mentionedIn).isPresent();
        }
        return RateLimit.mentionedIn(logText(log, 0, agentOutputEnd, 2000));
    }

    /** The log from byte {@code from} on (the check's output), at most its last few thousand characters. */
    private static String tail(Path log, long from) throws IOException {
        return logText(log, from, Long.MAX_VALUE, 4000).strip();
    }

    /** The last {@code atMost} bytes of the log between {@code from} and {@code to}, read without reading the rest. */
    private static String logText(Path log, long from, long to, int atMost) throws IOException {
        try (FileChannel channel = FileChannel.open(log, StandardOpenOption.READ)) {
            long end = Math.min(to, channel.size());
            long start = Math.max(Math.min(from, end), end - atMost);
            ByteBuffer bytes = ByteBuffer.allocate((int) (end - start));
            while (bytes.hasRemaining() && channel.read(bytes, start + bytes.position()) >= 0) {
                // reads until the range is in
            }
            return new String(bytes.array(), 0, bytes.position(), StandardCharsets.UTF_8);
        }
    }

    /**
     * The checkpoints of the task's dependencies, which its prompt tells it to read, copied into its
     * worktree where the prompt says ({@code .wave/runs/latest/checkpoints/}); {@link #commit} removes
     * them with the agent's own before committing.
     */
    private static void handInputs(Task task, Worktree worktree, Path log) throws IOException {
        Path checkpoints = worktree.path().resolve(".wave").resolve("runs").resolve("latest").resolve("checkpoints");
        for (String input : task.dependsOn()) {
            Path written = log.resolveSibling(input + ".agent.json");
            if (Files.isRegularFile(written, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(checkpoints);
                Files.copy(written, checkpoints.resolve(input + ".agent.json"), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /**
     * Commits the agent's change; the checkpoint it wrote is moved beside the log, out of the change.
     * An agent that wrote none but ended with a result message (an analysis puts its findings there)
     * gets a checkpoint holding that message, so that the tasks after it can read it.
     */
    private List<String> commit(Task task, Worktree worktree, Path log, AgentStream stream, Secrets secrets)
            throws IOException {
        Path runs = worktree.path().resolve(".wave").resolve("runs");
        Path checkpoint = runs.resolve("latest").resolve("checkpoints").resolve(task.id() + ".agent.json");
        Path kept = log.resolveSibling(task.id() + ".agent.json");
        if (Files.isRegularFile(checkpoint, LinkOption.NOFOLLOW_LINKS)) {
            Files.writeString(kept, secrets.redact(Files.readString(checkpoint, StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        } else if (stream.report().isPresent() && stream.finalMessage().filter(text -> !text.isBlank()).isPresent()) {
            var node = Json.MAPPER.createObjectNode().put("task_id", task.id())
                    .put("status", stream.report().get().success() ? "success" : "failure")
                    .put("summary", secrets.redact(stream.finalMessage().get()));
            Files.writeString(kept, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n",
                    StandardCharsets.UTF_8);
        }
        FileTrees.delete(runs);
        return worktrees.commit(worktree, "wave: " + task.id() + ": " + task.title());
    }

    private Evidence.Check verify(Task task, String command, Worktree worktree, Map<String, String> variables, Path log,
            Secrets secrets) throws IOException, InterruptedException {
        worktrees.expand(worktree); // the check reads the project, beyond the scope the agent was given
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

    /** The agent CLI of {@code task}; a conflict's resolution runs with the conflicted task's. */
    private AgentCli cliFor(Task task) {
        String conflicted = resolving.get(task.id());
        return conflicted != null ? options.agentFor(conflicted) : options.agentFor(task);
    }

    String baseCommit() throws InterruptedException {
        integration.lockInterruptibly();
        try {
            return base.get();
        } finally {
            integration.unlock();
        }
    }

    /**
     * For a fix wave's agent ({@code <task>.fix<N>.analyse} or {@code .fix}, as {@code FixWave} names them):
     * the kept worktree of the attempt whose check failed, the task's own in round 1, the previous fix's
     * after; empty when that is not kept (the previous fix was integrated, or a resumed run).
     */
    private Optional<Worktree> failedWorkToFix(String taskId) {
        Matcher step = FIX_STEP.matcher(taskId);
        if (!step.matches()) {
            return Optional.empty();
        }
        int round = Integer.parseInt(step.group(2));
        return Optional.ofNullable(kept.get(round == 1 ? step.group(1) : step.group(1) + ".fix" + (round - 1) + ".fix"));
    }

    /** Removes the worktree of the task's earlier attempt, kept or finished, if there is one. */
    void discardEarlierAttempt(String taskId) {
        Worktree earlier = kept.remove(taskId);
        if (earlier == null) {
            earlier = finished.remove(taskId);
        }
        if (earlier != null) {
            worktrees.remove(earlier, false);
        }
    }

    /** The progress with API keys masked in the tool it names (a Bash command may quote one). */
    private static AgentProgress redacted(AgentProgress progress, Secrets secrets) {
        return progress.currentTool().map(tool -> new AgentProgress(Optional.of(secrets.redact(tool)), progress.turns(),
                progress.inputTokens(), progress.outputTokens(), progress.costUsd())).orElse(progress);
    }

    /**
     * Whether the CLI streams a result line the agent must send: claude, codex, and a template whose
     * output turned out to be their stream; aider and other templates only exit.
     */
    private static boolean structured(AgentCli cli, AgentStream stream) {
        return cli instanceof AgentCli.Claude || cli instanceof AgentCli.Codex
                || stream instanceof DetectingStream detecting && detecting.structured();
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

    /** Appends {@code line} to the task's log. */
    static void note(Path log, String line) {
        try {
            Files.writeString(log, line + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the task log " + log, e);
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

    /** Removes an integrated task's worktree and branch; {@link #finish} makes sure they are gone. */
    void removeIntegrated(Worktree worktree) {
        worktrees.remove(worktree, false);
        integrated.put(worktree.taskId(), worktree);
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
}
