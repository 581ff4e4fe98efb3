package dev.wave.engine;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wave.FileTrees;
import dev.wave.WaveException;
import dev.wave.git.Git;
import dev.wave.journal.Checkpoint;
import dev.wave.journal.Json;
import dev.wave.journal.RunDirectory;
import dev.wave.journal.RunRow;
import dev.wave.journal.RunState;
import dev.wave.journal.SessionTime;
import dev.wave.journal.RunStore;
import dev.wave.plan.Plan;
import dev.wave.plan.PlanLoader;
import dev.wave.plan.TaskGraph;
import dev.wave.request.CheckpointRetention;
import dev.wave.request.Requests;
import dev.wave.schedule.Waves;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The runs of a repository as its journal tells them, for {@code wave status}, {@code history},
 * {@code cancel}, {@code abandon} and {@code gc}. Reads the journal without blocking a run that
 * writes it; only {@link #cancel}, {@link #abandon} and {@link #gc} change anything. Stateless.
 */
public final class Runs {
    private Runs() {}

    /** Where the repository's journal lives: the git work tree's top level, or the directory itself outside git. */
    public static Path root(Path repository) {
        requireNonNull(repository, "repository is null");
        Path absolute = repository.toAbsolutePath().normalize();
        if (!Files.isDirectory(absolute)) {
            throw WaveException.invalidInput("--repo %s is not a directory. Give the repository whose runs to show.", repository);
        }
        return Git.open(absolute).map(Git::root).orElse(absolute);
    }

    /** Every run, newest first; empty when the repository has no journal. */
    public static List<HistoryEntry> history(Path repository) {
        Path root = root(repository);
        if (!RunStore.exists(root)) {
            return List.of();
        }
        try (RunStore store = RunStore.openToRead(root)) {
            Map<String, Integer> resumes = store.resumes();
            List<HistoryEntry> runs = new ArrayList<>();
            for (RunRow row : store.runs()) {
                int resumed = resumes.getOrDefault(row.runId(), 0);
                // a resumed run's efficiency is over its sessions' active times: read them for those runs only
                runs.add(new HistoryEntry(row, resumed, resumed > 0 && row.wallMillis().isPresent()
                        ? store.sessionTimes(row.runId()) : List.of()));
            }
            return runs;
        }
    }

    /**
     * A run as {@code wave history} lists it.
     *
     * @param resumes how many times it was resumed
     * @param sessions a resumed run's sessions with their times, from the journal; empty for a run one process ran
     */
    public record HistoryEntry(RunRow run, int resumes, List<SessionTime> sessions) {
        public HistoryEntry {
            requireNonNull(run, "run is null");
            sessions = List.copyOf(sessions);
        }

        /** A run one process ran. */
        public HistoryEntry(RunRow run, int resumes) {
            this(run, resumes, List.of());
        }

        /**
         * (sequential - wall) / sequential, measured, for a run that ended. A resumed run's wall time runs from its
         * first start to its end, the time between its processes included, so its efficiency is measured over
         * {@link #measuredMillis}, the sum of its sessions' active times, as its summary does.
         */
        public Optional<Double> efficiency() {
            if (noEfficiency().isPresent()) {
                return Optional.empty();
            }
            double sequential = run.sequentialMillis().get();
            return Optional.of((sequential - measuredMillis()) / sequential);
        }

        /** Whether the efficiency is measured over the sessions' active times rather than the wall time. */
        public boolean overSessions() {
            return resumes > 0 && sessions.size() == resumes + 1;
        }

        /** The time the efficiency is measured over: the wall time, or a resumed run's sessions' active time. */
        public long measuredMillis() {
            return overSessions() ? SessionTime.activeMillis(sessions) : run.wallMillis().orElse(0L);
        }

        /** Why the run has no efficiency; empty when it has one. */
        public Optional<String> noEfficiency() {
            if (run.status().equals("interrupted")) {
                return Optional.of("interrupted");
            }
            if (run.wallMillis().isEmpty()) {
                return Optional.of("not finished");
            }
            if (run.sequentialMillis().isEmpty() || run.sequentialMillis().get() == 0) {
                return Optional.of("no task ran");
            }
            if (resumes > 0 && !overSessions()) {
                return Optional.of("resumed: its wall time includes the time between its processes");
            }
            return Optional.empty();
        }
    }

    /** A task's state as {@code wave status} shows it. */
    public record TaskView(String id, int wave, String status, int attempts, Optional<Double> durationSeconds) {}

    /**
     * A run's live state.
     *
     * @param live whether its process is alive now
     * @param currentWave the lowest wave with a task not yet ended; 0 when all ended
     * @param etaEstimate the remaining time, estimated: the schedule simulator on the tasks not yet ended, with the
     *     run's agents and caps ({@link StatusEta}); empty once nothing remains
     * @param sessionTimes a resumed run's sessions with their active times so far; empty for a run one process ran
     */
    public record StatusView(RunRow run, boolean live, List<TaskView> tasks, int currentWave, int waves,
            Map<String, Integer> counts, Optional<Duration> etaEstimate, int sessions, List<SessionTime> sessionTimes) {
        public StatusView {
            sessionTimes = List.copyOf(sessionTimes);
        }
    }

    /**
     * The state of run {@code runId}, or of the newest run when empty.
     *
     * @throws WaveException of kind INVALID_INPUT when there is no such run
     */
    public static StatusView status(Path repository, Optional<String> runId) {
        Path root = root(repository);
        if (!RunStore.exists(root)) {
            throw WaveException.invalidInput("%s has no runs yet. Start one with 'wave run'.", root);
        }
        try (RunStore store = RunStore.openToRead(root)) {
            RunRow row = find(store, root, runId);
            RunState state = RunState.read(store, row.runId()).orElseThrow();
            Plan plan = PlanLoader.load(planFile(root, row));
            TaskGraph graph = plan.graph();
            Waves waves = Waves.of(graph);
            List<TaskView> tasks = new ArrayList<>();
            Map<String, Integer> counts = new java.util.LinkedHashMap<>();
            for (String status : List.of("succeeded", "failed", "skipped", "cancelled", "running", "pending")) {
                counts.put(status, 0);
            }
            boolean live = row.liveOwner().isPresent();
            int currentWave = 0;
            boolean[] remaining = new boolean[plan.size()];
            for (int task = 0; task < plan.size(); task++) {
                String id = plan.task(task).id();
                Checkpoint ended = state.ended().get(id);
                String status;
                if (ended != null && (ended.state().isDone() && (!live || ended.state() != dev.wave.schedule.TaskState.CANCELLED
                        || !state.running().contains(id)))) {
                    status = ended.status();
                } else if (state.running().contains(id) && live) {
                    status = "running";
                } else {
                    status = "pending";
                }
                boolean open = status.equals("running") || status.equals("pending")
                        || (status.equals("cancelled") && row.canResume());
                remaining[task] = open;
                if (open && (currentWave == 0 || waves.waveOf(task) < currentWave)) {
                    currentWave = waves.waveOf(task);
                }
                counts.merge(status, 1, Integer::sum);
                tasks.add(new TaskView(id, waves.waveOf(task), status, state.starts().getOrDefault(id, 0),
                        Optional.ofNullable(ended).filter(checkpoint -> checkpoint.startedAt() != null)
                                .map(Checkpoint::durationSeconds)));
            }
            Map<Integer, Long> elapsed = new java.util.HashMap<>();
            long now = Clock.systemUTC().millis();
            if (live) { // a dead process's attempts run again from the start
                state.attemptStarted().forEach((id, at) -> {
                    int task = graph.indexOf(id);
                    if (task >= 0 && remaining[task]) {
                        elapsed.put(task, Math.max(0, now - at));
                    }
                });
            }
            Optional<dev.wave.request.Settings> settings = settings(root, row); // read once: its caps and agents
            Optional<Duration> eta = StatusEta.of(plan, mode(row), row.agents(), remaining, elapsed,
                    settings.map(read -> read.caps().value()).orElse(Map.of()), providers(settings, plan));
            return new StatusView(row, live, tasks, currentWave, waves.count(), counts, eta, state.sessions(),
                    state.sessions() > 1 ? store.sessionTimes(row.runId()) : List.of());
        }
    }

    private static dev.wave.schedule.Mode mode(RunRow row) {
        return row.mode().equalsIgnoreCase("waves") ? dev.wave.schedule.Mode.WAVES : dev.wave.schedule.Mode.FLOW;
    }

    /** The settings the run was started with: its stored flags and the repository's config file. */
    private static Optional<dev.wave.request.Settings> settings(Path root, RunRow row) {
        try {
            JsonNode request = Json.MAPPER.readTree(row.request());
            Map<String, String> flags = new java.util.LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> flag : request.path("flags").properties()) {
                flags.put(flag.getKey(), flag.getValue().asText());
            }
            return Optional.of(Requests.settings(flags, root));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // the estimate goes without the caps rather than no estimate at all
        }
    }

    private static java.util.function.Function<dev.wave.plan.Task, Optional<String>> providers(
            Optional<dev.wave.request.Settings> settings, Plan plan) {
        boolean agents = plan.tasks().stream().anyMatch(task -> task.action() instanceof dev.wave.plan.Action.Agent);
        try {
            return agents && settings.isPresent() ? AgentTasks.provider(settings.get(), plan) : task -> Optional.empty();
        } catch (RuntimeException e) {
            return task -> Optional.empty(); // the agents' caps are left out of the estimate, not the estimate
        }
    }

    /**
     * Asks run {@code runId} (the running one when empty) to stop, as Ctrl-C does: sends its process
     * SIGTERM. Returns the run.
     *
     * @throws WaveException of kind INVALID_INPUT when no such run is running
     */
    public static RunRow cancel(Path repository, Optional<String> runId) {
        Path root = root(repository);
        if (!RunStore.exists(root)) {
            throw WaveException.invalidInput("%s has no runs, so none to cancel.", root);
        }
        try (RunStore store = RunStore.open(root)) {
            RunRow row = runId.isPresent() ? find(store, root, runId)
                    : store.runs().stream().filter(run -> run.liveOwner().isPresent()).findFirst().orElseThrow(() ->
                            WaveException.invalidInput("no run is running in %s. 'wave status' shows the last one.", root));
            ProcessHandle owner = row.liveOwner().orElseThrow(() -> WaveException.invalidInput(
                    "run %s is not running (%s); there is nothing to cancel.%s", row.runId(), row.status(),
                    row.canResume() ? " 'wave abandon " + row.runId() + "' gives it up." : ""));
            store.cancelRequested(row.runId());
            owner.destroy();
            return row;
        }
    }

    /** Waits up to {@code timeout} for the run's process to end; whether it did. */
    public static boolean awaitEnd(RunRow run, Duration timeout) throws InterruptedException {
        Optional<ProcessHandle> owner = ProcessHandle.of(run.pid());
        if (owner.isEmpty()) {
            return true;
        }
        try {
            owner.get().onExit().get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return !owner.get().isAlive();
        }
    }

    /**
     * Gives up run {@code runId}: it can no longer be resumed, and {@code wave run} works again. Changes
     * nothing in the repository; the run's Wave 0 backup stays, for {@code wave rollback}. Returns the run.
     *
     * @throws WaveException of kind INVALID_INPUT when there is no such run or it is not resumable;
     *     UNSAFE_STATE while its process is alive
     */
    public static RunRow abandon(Path repository, String runId) {
        requireNonNull(runId, "runId is null");
        Path root = root(repository);
        if (!RunStore.exists(root)) {
            throw WaveException.invalidInput("%s has no runs, so no run %s to abandon.", root, runId);
        }
        try (RunStore store = RunStore.open(root)) {
            RunRow row = find(store, root, Optional.of(runId));
            if (row.liveOwner().isPresent()) {
                throw WaveException.unsafeState("run %s is still running (process %d). Stop it with 'wave cancel %s' first.",
                        runId, row.pid(), runId);
            }
            if (!row.canResume()) {
                throw WaveException.invalidInput("run %s has %s; only a run that can be resumed can be abandoned.", runId,
                        row.status().equals("abandoned") ? "been abandoned already" : "finished (" + row.status() + ")");
            }
            store.abandoned(runId, Clock.systemUTC().millis());
            return store.run(runId).orElseThrow();
        }
    }

    /** What {@link #gc} removed and kept. */
    public record Collected(List<String> removed, List<String> retained, int kept, int skipped, long bytesFreed,
            int eventsDropped) {}

    /**
     * Keeps {@code .wave/} bounded: deletes the run directories of finished runs older than the newest
     * {@code keep}, and applies {@code checkpoint_retention} (cleanup or archive) to the checkpoints of
     * the succeeded runs kept; drops the journal's events of the removed runs' tasks ({@link RunStore#dropTaskEvents}).
     * Never touches a run that is running or can be resumed, the journal's history or any backup.
     */
    public static Collected gc(Path repository, int keep) {
        if (keep < 1) {
            throw WaveException.invalidInput("--keep must be at least 1, got %d. wave keeps the newest run always.", keep);
        }
        Path root = root(repository);
        CheckpointRetention retention = Requests.settings(Map.of(), root).checkpointRetention().value();
        Map<String, RunRow> rows = new java.util.HashMap<>();
        if (RunStore.exists(root)) {
            try (RunStore store = RunStore.openToRead(root)) {
                store.runs().forEach(row -> rows.put(row.runId(), row));
            }
        }
        Set<String> protectedRuns = new java.util.HashSet<>();
        rows.values().forEach(row -> {
            if (row.liveOwner().isPresent() || row.canResume()) {
                protectedRuns.add(row.runId());
            }
        });
        List<Path> directories = new ArrayList<>();
        Path runs = RunDirectory.runs(root);
        if (Files.isDirectory(runs)) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(runs)) {
                for (Path entry : entries) {
                    if (Files.isDirectory(entry, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                            && !entry.getFileName().toString().startsWith(".")) {
                        directories.add(entry);
                    }
                }
            } catch (IOException e) {
                throw WaveException.unsafeState("cannot list %s (%s).", runs, e.getMessage());
            }
        }
        // Newest first: by the journal's start time (run ids only order to the second), then by id.
        directories.sort(java.util.Comparator.<Path>comparingLong(entry -> startedAt(rows, entry)).reversed()
                .thenComparing(entry -> entry.getFileName().toString(), java.util.Comparator.reverseOrder()));
        List<String> removed = new ArrayList<>();
        List<String> retained = new ArrayList<>();
        long freed = 0;
        int kept = 0;
        int skipped = 0;
        for (Path directory : directories) {
            String id = directory.getFileName().toString();
            if (protectedRuns.contains(id)) {
                skipped++;
                continue;
            }
            if (kept < keep) {
                kept++;
                RunRow row = rows.get(id);
                if (row != null && row.status().equals("succeeded") && retention != CheckpointRetention.KEEP
                        && Files.isDirectory(directory.resolve("checkpoints"))) {
                    RunDirectory.open(root, id).retain(retention).ifPresent(note -> retained.add(id + ": " + note));
                }
                continue;
            }
            freed += delete(directory);
            removed.add(id);
        }
        Optional<Git> git = removed.isEmpty() ? Optional.empty() : Git.open(root);
        if (git.isPresent()) {
            for (String id : removed) {
                freed += removeAgentWork(git.get(), id);
            }
        }
        int dropped = 0;
        if (!removed.isEmpty() && RunStore.exists(root)) {
            try (RunStore store = RunStore.open(root)) {
                dropped = store.dropTaskEvents(removed);
            }
        }
        return new Collected(removed, retained, kept, skipped, freed, dropped);
    }

    /**
     * The worktrees and branches a removed run kept for inspection (failed attempts, conflicts), and the
     * snapshots its agents started from: they belong to its run directory and go with it. Returns the bytes freed.
     */
    private static long removeAgentWork(Git git, String runId) {
        Path worktrees = git.root().resolve(".wave").resolve("worktrees").resolve(runId);
        dev.wave.worktree.Worktrees.of(git, runId, worktrees).removeAll(Set.of());
        git.attempt(dev.wave.git.Command.of("update-ref", "-d", dev.wave.agent.WorkingTreeSnapshot.REF_PREFIX + runId));
        return Files.isDirectory(worktrees, java.nio.file.LinkOption.NOFOLLOW_LINKS) ? delete(worktrees) : 0;
    }

    private static long startedAt(Map<String, RunRow> rows, Path directory) {
        RunRow row = rows.get(directory.getFileName().toString());
        return row == null ? Long.MIN_VALUE : row.startedAt();
    }

    private static long delete(Path directory) {
        try {
            return FileTrees.delete(directory);
        } catch (IOException e) {
            throw WaveException.unsafeState("cannot delete %s (%s). Check its permissions.", directory, e.getMessage());
        }
    }

    /**
     * The repository a run stored in the journal of {@code root} ran on: {@code root} itself or a directory under it.
     * Found from where the journal is now, not from the absolute path the run started with: a repository moved or copied
     * since (a copy's resume would otherwise work on the original) keeps that path in its journal.
     */
    static Path storedRepository(Path root, JsonNode request) {
        JsonNode inRoot = request.get("repository_in_root");
        Path repository = inRoot != null && inRoot.isTextual() ? root.resolve(inRoot.asText()).normalize()
                : Path.of(request.path("repository").asText(root.toString())).normalize();
        return repository.startsWith(root) ? repository : root;
    }

    private static RunRow find(RunStore store, Path root, Optional<String> runId) {
        if (runId.isPresent()) {
            return store.run(runId.get()).orElseThrow(() -> WaveException.invalidInput(
                    "no run %s in %s. Run 'wave history' to see the runs.", runId.get(), root));
        }
        return store.runs().stream().findFirst().orElseThrow(() -> WaveException.invalidInput(
                "%s has no runs yet. Start one with 'wave run'.", root));
    }

    private static Path planFile(Path root, RunRow row) {
        try {
            Path repository = storedRepository(root, Json.MAPPER.readTree(row.request()));
            return RunDirectory.runs(repository).resolve(row.runId()).resolve("plan.json");
        } catch (IOException e) {
            return RunDirectory.runs(root).resolve(row.runId()).resolve("plan.json");
        }
    }
}
