package dev.wave.engine;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wave.WaveException;
import dev.wave.check.CheckCommand;
import dev.wave.journal.Checkpoint;
import dev.wave.journal.Json;
import dev.wave.journal.RunRow;
import dev.wave.journal.RunState;
import dev.wave.journal.RunStore;
import dev.wave.journal.SqliteLibrary;
import dev.wave.request.Settings;
import dev.wave.run.TaskRecord;
import dev.wave.safety.SafetyNet;
import dev.wave.safety.SafetyOptions;
import dev.wave.scale.Machine;
import dev.wave.schedule.Mode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs a goal or a plan end to end: the entry point of wave as a library. {@link #prepare} analyses
 * (plans, detects critical tasks, scales, simulates) and changes nothing; {@link #execute} asks the
 * {@link Approver}, locks the repository, backs it up (Wave 0), runs the tasks, commits or rolls
 * back, and writes the report; {@link #resume} continues a run whose process died or was
 * interrupted, from its journal.
 *
 * <p>Thread-safety: an instance holds no run state; several runs may use one instance (in
 * different repositories; a repository runs one at a time). {@code execute} and {@code resume}
 * block until the run has ended; cancel one from another thread with the environment's
 * {@link RunControl}.
 *
 * <p>Failures: bad input throws {@link WaveException} of kind INVALID_INPUT with nothing changed;
 * another run in the repository, or one waiting to be resumed, UNSAFE_STATE. Task failures are not
 * exceptions: they are in the returned {@link RunOutcome}.
 */
public final class Orchestrator {
    private final Supplier<Machine> machine;
    private final InstantSource clock;
    private final List<RunStep> steps;
    private final Engine engine;

    private Orchestrator(Supplier<Machine> machine, InstantSource clock, List<RunStep> steps) {
        this(machine, clock, steps, Engine.local());
    }

    private Orchestrator(Supplier<Machine> machine, InstantSource clock, List<RunStep> steps, Engine engine) {
        this.machine = machine;
        this.clock = clock;
        this.steps = List.copyOf(steps);
        this.engine = engine;
    }

    /** An orchestrator scaling for {@code machine}, on the system clock. */
    public static Orchestrator create(Supplier<Machine> machine) {
        return new Orchestrator(requireNonNull(machine, "machine is null"), Clock.systemUTC(), List.of());
    }

    /** An orchestrator scaling for this machine. */
    public static Orchestrator create() {
        return create(Machine::detect);
    }

    /**
     * Starts loading, on a daemon thread, what a run needs first and a fresh process is slow to load: the journal's
     * SQLite library (extracted from the jar and loaded: about 0.2 s), so that it is ready when {@link #execute} or
     * {@link #resume} opens the journal, while the plan is still being read and analysed. Optional: without it, they
     * load it then. Returns at once; a failure here is left for the journal to report.
     */
    public static void preload() {
        Thread loader = new Thread(SqliteLibrary::load, "wave-preload");
        loader.setDaemon(true);
        loader.start();
    }

    /** Adds a step that runs around the tasks (after Wave 0, and after the tasks before the commit). */
    public Orchestrator withStep(RunStep step) {
        List<RunStep> more = new ArrayList<>(steps);
        more.add(requireNonNull(step, "step is null"));
        return new Orchestrator(machine, clock, more, engine);
    }

    /** The engine {@link #execute} runs the tasks on. */
    public Engine engine() {
        return engine;
    }

    /** Runs the tasks of {@link #execute} on {@code engine} instead of the local one ({@code --engine}). */
    public Orchestrator withEngine(Engine engine) {
        return new Orchestrator(machine, clock, steps, requireNonNull(engine, "engine is null"));
    }

    /**
     * Analyses the request; changes nothing. The settings' warnings go to {@code warnings}.
     *
     * @throws WaveException of kind INVALID_INPUT for a bad goal, plan, option or config file, or a
     *     plan over {@code max_waves}
     */
    public PreparedRun prepare(RunRequest request, Consumer<String> warnings) {
        requireNonNull(request, "request is null");
        requireNonNull(warnings, "warnings is null");
        return PreparedRun.of(request, machine.get(), warnings);
    }

    /**
     * As {@link #prepare(RunRequest, Consumer)}, choosing a goal's planner with the process
     * environment {@code environment}: its API keys, base URLs and PATH ({@code auto} in
     * {@link dev.wave.planner.PlannerSelection}). Without it no model planner is found.
     */
    public PreparedRun prepare(RunRequest request, Consumer<String> warnings, Map<String, String> environment) {
        requireNonNull(request, "request is null");
        requireNonNull(warnings, "warnings is null");
        requireNonNull(environment, "environment is null");
        return PreparedRun.of(request, machine.get(), warnings, environment);
    }

    /** Analyses the request, ignoring the settings' warnings; see {@link #prepare(RunRequest, Consumer)}. */
    public PreparedRun prepare(RunRequest request) {
        return prepare(request, warning -> { });
    }

    /**
     * Runs a prepared run: approval, lock, Wave 0, the tasks, the final commit or the rollback, the report.
     * With {@code dry_run} it returns {@link RunOutcome.Verdict#DRY_RUN} and changes nothing.
     *
     * @throws WaveException of kind INVALID_INPUT when the plan's agent tasks cannot run here (no git
     *     repository, an agent CLI not installed) or the options contradict each other; UNSAFE_STATE when another run holds the repository, a run
     *     waits to be resumed, or the repository cannot be backed up. Nothing has changed then.
     */
    public RunOutcome execute(PreparedRun run, RunEnvironment environment) {
        requireNonNull(run, "run is null");
        requireNonNull(environment, "environment is null");
        try {
            Settings settings = run.settings();
            if (settings.dryRun().value()) {
                return RunOutcome.of(RunOutcome.Verdict.DRY_RUN);
            }
            if (!engine.runsAgentTasks() && !run.agentTasks().isEmpty()) {
                throw WaveException.invalidInput("the plan has %d agent (prompt) task%s, and the %s engine's workers run "
                        + "shell and built-in tasks only. Run it on the local engine (without --engine). Nothing was changed.",
                        run.agentTasks().size(), run.agentTasks().size() == 1 ? "" : "s", engine.name());
            }
            refuseAgentProblems(run, engine.runsAgentsHere() ? run.agentProblem() : AgentTasks.repositoryProblem(run));
            SafetyNet safety = SafetyNet.open(run.repository(), safetyOptions(run), clock);
            refuseWhileResumable(safety.root());
            if (!environment.approver().approvePlan(run)) {
                return RunOutcome.of(RunOutcome.Verdict.NOT_APPROVED);
            }
            if (!run.critical().isEmpty() && settings.requireApproval().value()
                    && !environment.approver().approveCritical(run)) {
                return RunOutcome.of(RunOutcome.Verdict.NOT_APPROVED);
            }
            if (environment.control().isCancelled()) {
                return RunOutcome.of(RunOutcome.Verdict.INTERRUPTED);
            }
            return new RunSession(run, safety, environment, clock, steps, Optional.empty(), engine).run();
        } finally {
            environment.control().settled();
        }
    }

    /**
     * Continues run {@code runId} (the newest resumable run when empty) of {@code repository} from its
     * journal: tasks that finished are not run again, tasks that were running run again from the start
     * (their partial logs kept aside), and the Wave 0 backup stays the rollback point. An agent task whose merge
     * was in the working tree when the process died ({@link MergeRecovery}) counts as finished.
     *
     * @throws WaveException of kind INVALID_INPUT when there is no such run or it cannot be resumed, or
     *     its agent tasks cannot run here (an agent CLI no longer installed); UNSAFE_STATE when its process is
     *     still alive. Nothing has changed then.
     */
    public RunOutcome resume(Path repository, Optional<String> runId, RunEnvironment environment) {
        requireNonNull(repository, "repository is null");
        requireNonNull(runId, "runId is null");
        requireNonNull(environment, "environment is null");
        try {
            Path root = Runs.root(repository);
            Resumable resumable = resumable(root, runId);
            RunState state = resumable.state();
            RunRequest request = storedRequest(root, state.run());
            PreparedRun prepared = prepare(request);
            refuseAgentProblems(prepared, AgentTasks.problem(prepared, System.getenv(), "then run 'wave resume "
                    + state.run().runId() + "' again, or give the run up with 'wave abandon " + state.run().runId() + "'"));
            List<TaskRecord> finished = new ArrayList<>();
            Map<String, Checkpoint> done = state.finished();
            for (int index = 0; index < prepared.plan().size(); index++) {
                Checkpoint checkpoint = done.get(prepared.plan().task(index).id());
                if (checkpoint != null) {
                    finished.add(checkpoint.toRecord(index));
                }
            }
            Optional<String> commitIntent = RunSession.commitIntent(resumable.events());
            finished.addAll(MergeRecovery.merged(resumable.events(), state, prepared, note -> {
                environment.out().println(note);
                environment.out().flush();
            }));
            finished.sort(java.util.Comparator.comparingInt(TaskRecord::index));
            SafetyNet safety = SafetyNet.open(prepared.repository(), safetyOptions(prepared), clock, commitIntent);
            return new RunSession(prepared, safety, environment, clock, steps,
                    Optional.of(new RunSession.Resume(state, finished, commitIntent)), Engine.local()).run();
        } finally {
            environment.control().settled();
        }
    }

    /**
     * Refuses, in one line, a run whose agent tasks cannot run here: checked before {@code wave run} and
     * {@code wave resume} start anything, so that an agent CLI gone since the run began stops the resume
     * before any task, with nothing changed.
     */
    private static void refuseAgentProblems(PreparedRun run, Optional<String> agentProblem) {
        if (run.settings().checkBetweenMerges().value() && run.check().isEmpty() && !run.agentTasks().isEmpty()) {
            throw WaveException.invalidInput("check_between_merges needs the run's check, and this run has none "
                    + "(verify none, or no test command found). Give one with --verify CMD, or drop "
                    + "--check-between-merges. Nothing was changed.");
        }
        if (agentProblem.isPresent()) {
            throw WaveException.invalidInput("%s", agentProblem.get());
        }
    }

    /** A run to resume, and its events, read once: its state, its commit intent and its merges come from them. */
    private record Resumable(RunState state, List<RunStore.EventRow> events) {}

    /** The run to resume: the one named, or the newest resumable one. */
    private static Resumable resumable(Path root, Optional<String> runId) {
        if (!RunStore.exists(root)) {
            throw WaveException.invalidInput("%s has no run journal, so there is no run to resume. Start one with 'wave run'.",
                    root);
        }
        try (RunStore store = RunStore.open(root)) {
            RunRow row;
            if (runId.isPresent()) {
                row = store.run(runId.get()).orElseThrow(() -> WaveException.invalidInput(
                        "no run %s in %s. Run 'wave history' to see the runs.", runId.get(), root));
            } else {
                row = store.runs().stream().filter(RunRow::canResume).findFirst().orElseThrow(() ->
                        WaveException.invalidInput("%s has no run to resume: every run has finished. Start one with "
                                + "'wave run'.", root));
            }
            if (row.liveOwner().isPresent()) {
                throw WaveException.unsafeState("run %s is still running (process %d). Wait for it, or stop it with "
                        + "'wave cancel %s'.", row.runId(), row.pid(), row.runId());
            }
            if (!row.canResume()) {
                throw WaveException.invalidInput("run %s %s and cannot be resumed. Start a new one with 'wave run'.",
                        row.runId(), row.status().equals("abandoned") ? "was abandoned" : "has finished (" + row.status() + ")");
            }
            List<RunStore.EventRow> events = store.events(row.runId());
            return new Resumable(RunState.of(row, events), events);
        }
    }

    /** {@code wave run} refuses while a run of the repository waits to be resumed. */
    private static void refuseWhileResumable(Path root) {
        if (!RunStore.exists(root)) {
            return;
        }
        try (RunStore store = RunStore.open(root)) {
            for (RunRow row : store.runs()) {
                if (row.canResume()) {
                    throw WaveException.unsafeState("run %s (%s) was %s and can be resumed. Run 'wave resume %s' to continue "
                            + "it, or 'wave abandon %s' to give it up first.", row.runId(), row.goal(),
                            row.status().equals("interrupted") ? "interrupted" : "stopped before it ended", row.runId(),
                            row.runId());
                }
            }
        }
    }

    /** The request a run was started with, on its stored plan file. */
    private static RunRequest storedRequest(Path root, RunRow row) {
        try {
            JsonNode node = Json.MAPPER.readTree(row.request());
            Path repository = Runs.storedRepository(root, node);
            Path plan = dev.wave.journal.RunDirectory.open(repository, row.runId()).plan();
            RunRequest request = RunRequest.planFile(repository, plan)
                    .withMode(Mode.valueOf(node.path("mode").asText("FLOW")))
                    .withFailFast(node.path("fail_fast").asBoolean(false))
                    .withCommit(node.path("commit").asBoolean(true))
                    .withBranch(node.hasNonNull("branch") ? Optional.of(node.get("branch").asText()) : Optional.empty())
                    .withRetryBackoff(Duration.ofMillis(node.path("retry_backoff_ms").asLong(1000)));
            Map<String, String> flags = new java.util.LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> flag : node.path("flags").properties()) {
                flags.put(flag.getKey(), flag.getValue().asText());
            }
            flags.put("agents", Integer.toString(row.agents()));
            flags.put("dry_run", "no");
            return request.withFlags(flags);
        } catch (IOException | IllegalArgumentException e) {
            throw WaveException.invalidInput("run %s cannot be resumed: its stored request is unreadable (%s). Run "
                    + "'wave abandon %s' to give it up.", row.runId(), e.getMessage(), row.runId());
        }
    }

    static SafetyOptions safetyOptions(PreparedRun run) {
        Settings settings = run.settings();
        RunRequest request = run.request();
        boolean backup = settings.alwaysBackup().value();
        if (request.branch().isPresent() && (!request.commit() || !backup)) {
            throw WaveException.invalidInput("--branch %s needs the final commit, which %s turns off. Drop one of them.",
                    request.branch().get(), !request.commit() ? "--no-commit"
                            : "always_backup: no (" + settings.alwaysBackup().origin() + ")");
        }
        return SafetyOptions.defaults()
                .withBackup(backup)
                .withCommit(request.commit())
                .withBranch(request.branch())
                .withOnFailure(settings.onFailure().value())
                .withAutoRollback(settings.autoRollback().value())
                .withBackupIgnoredMax(settings.backupIgnoredMax().value())
                .withRollbackScripts(settings.createRollbackScripts().value())
                .withTestCommand(run.check().map(CheckCommand::command))
                .withWaveCommand(waveCommand());
    }

    /** How rollback scripts start this wave: {@code java -jar <jar>} when running from a jar, else {@code wave}. */
    private static List<String> waveCommand() {
        try {
            Path location = Path.of(Orchestrator.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (location.getFileName().toString().endsWith(".jar")) {
                String java = ProcessHandle.current().info().command()
                        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
                return List.of(java, "-jar", location.toString());
            }
        } catch (java.net.URISyntaxException | RuntimeException e) {
            // Not from a file: fall back to wave on the PATH.
        }
        return List.of("wave");
    }
}
