package dev.wave.sandbox;

import static java.util.Objects.requireNonNull;

import dev.wave.request.SandboxMode;
import dev.wave.request.Settings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Starts shell tasks isolated as the {@link SandboxPolicy} says: under bubblewrap (the work directory
 * writable except wave's own state, the rest of the file system read-only, a private {@code /tmp}, a PID
 * namespace that dies with the task and with wave, {@code kill -9} included, and no network unless
 * allowed), or, where bubblewrap cannot start (probed once per JVM) or the policy says off, without
 * isolation (in a process group and session of their own when wave has a terminal). Every task's
 * processes carry {@code WAVE_RUN_TASK=<run>/<task>} in their environment; without bubblewrap, that
 * marker finds the ones that left the task's process tree, and a watchdog
 * process kills them when wave ends in any way. Thread-safe.
 */
public final class Sandbox {
    /** The environment variable set on every task: {@code <run>/<task>}. */
    public static final String MARKER = "WAVE_RUN_TASK";

    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9._-]{1,100}");
    private static final AtomicInteger UNNAMED = new AtomicInteger();
    /**
     * Whether tasks start through {@code setsid}, out of wave's process group and session: so that a
     * Ctrl-C on wave's terminal reaches wave, which then ends each task itself (a task killed by the
     * terminal's signal first would end failed, not cancelled), and a task cannot open that terminal.
     * Without a controlling terminal (CI, scripts, cron) no such signal comes and there is no terminal
     * to open: tasks are started directly, one {@code exec} per task cheaper, and their processes are
     * found by the environment marker.
     */
    private static final boolean SETSID = Bubblewrap.onPath("setsid", "/usr/bin:/bin").isPresent() && controllingTerminal();

    private final SandboxPolicy policy;
    private final String run;
    private final Supplier<Bubblewrap.Probe> probe;
    private final List<Path> writable;
    private final List<Path> readOnly;

    private Sandbox(SandboxPolicy policy, String run, Supplier<Bubblewrap.Probe> probe) {
        this(policy, run, probe, List.of());
    }

    private Sandbox(SandboxPolicy policy, String run, Supplier<Bubblewrap.Probe> probe, List<Path> writable) {
        this(policy, run, probe, writable, List.of());
    }

    private Sandbox(SandboxPolicy policy, String run, Supplier<Bubblewrap.Probe> probe, List<Path> writable,
            List<Path> readOnly) {
        this.readOnly = List.copyOf(readOnly);
        this.policy = requireNonNull(policy, "policy is null");
        this.run = requireNonNull(run, "run is null");
        this.probe = requireNonNull(probe, "probe is null");
        this.writable = List.copyOf(writable);
        if (!LABEL.matcher(run).matches()) {
            throw new IllegalArgumentException("run must be 1-100 letters, digits, '.', '_' or '-', got \"" + run + "\"");
        }
    }

    /**
     * The sandbox of run {@code run}.
     *
     * @param run the run id, used in the marker; letters, digits, '.', '_' and '-'
     */
    public static Sandbox of(SandboxPolicy policy, String run) {
        return new Sandbox(policy, run, Bubblewrap::probe);
    }

    /** For tests: a sandbox that takes {@code probe} as what the probe of bubblewrap found. */
    static Sandbox probed(SandboxPolicy policy, String run, Bubblewrap.Probe probe) {
        return new Sandbox(policy, run, () -> probe);
    }

    /** The sandbox of run {@code run} as the {@code sandbox} and {@code network} settings say. */
    public static Sandbox of(Settings settings, String run) {
        return of(SandboxPolicy.of(settings), run);
    }

    /** The default policy (auto, no network), for a run named after this JVM and a counter. */
    public static Sandbox defaults() {
        return of(SandboxPolicy.defaults(), unnamedRun());
    }

    /** {@code policy}, for a run named after this JVM and a counter. */
    public static Sandbox of(SandboxPolicy policy) {
        return of(policy, unnamedRun());
    }

    private static String unnamedRun() {
        return "jvm" + ProcessHandle.current().pid() + "-" + UNNAMED.incrementAndGet();
    }

    /**
     * The same sandbox with {@code directories} writable too, even inside wave's protected state: for
     * wave's own commands that write their results there (the check's JUnit reports, say). Each
     * directory must exist when a task starts.
     */
    public Sandbox withWritable(List<Path> directories) {
        List<Path> more = new ArrayList<>(writable);
        for (Path directory : directories) {
            more.add(directory.toAbsolutePath().normalize());
        }
        return new Sandbox(policy, run, probe, more, readOnly);
    }

    /**
     * The same sandbox with {@code paths} visible read-only, even under the private {@code /tmp}: for what
     * an agent's worktree links to in the repository ({@code node_modules}). Each must exist when a task starts.
     */
    public Sandbox withReadOnly(List<Path> paths) {
        List<Path> more = new ArrayList<>(readOnly);
        for (Path path : paths) {
            more.add(path.toAbsolutePath().normalize());
        }
        return new Sandbox(policy, run, probe, writable, more);
    }

    public SandboxPolicy policy() {
        return policy;
    }

    public String run() {
        return run;
    }

    /** How tasks are isolated here under this policy; probes bubblewrap on first use (once per JVM). */
    public Isolation isolation() {
        if (policy.mode() == SandboxMode.OFF) {
            return new Isolation(Isolation.Kind.PROCESS_GROUPS, "sandbox: off");
        }
        Bubblewrap.Probe found = probe.get();
        if (found.program().isPresent()) {
            return new Isolation(Isolation.Kind.BUBBLEWRAP, "");
        }
        return new Isolation(policy.mode() == SandboxMode.BWRAP ? Isolation.Kind.UNAVAILABLE : Isolation.Kind.PROCESS_GROUPS,
                found.reason());
    }

    /**
     * Starts {@code command} with {@code builder}'s directory, environment and redirects, isolated,
     * with the marker of task {@code taskId} set.
     *
     * <p>Call it from the thread that then waits for the task: Linux ties {@code --die-with-parent}
     * to the thread that started bubblewrap, so the sandbox dies when that thread ends.
     *
     * @param network whether the task asked for the network ({@code network: true}); the policy may also give it
     * @throws IOException when the process cannot start, or when the policy requires bubblewrap and it cannot start
     */
    public TaskProcess start(ProcessBuilder builder, List<String> command, String taskId, boolean network)
            throws IOException {
        requireNonNull(builder, "builder is null");
        requireNonNull(command, "command is null");
        requireNonNull(taskId, "taskId is null");
        String marker = run + "/" + taskId;
        builder.environment().put(MARKER, marker);
        Isolation isolation = isolation();
        List<String> line = new ArrayList<>(command.size() + 40);
        if (SETSID) {
            // Out of wave's process group and session: a Ctrl-C reaches wave, which ends the task itself.
            line.add("setsid");
        }
        switch (isolation.kind()) {
            case BUBBLEWRAP -> {
                Path directory = (builder.directory() != null ? builder.directory().toPath() : Path.of(""))
                        .toAbsolutePath().normalize();
                Path real = directory.toRealPath();
                line.addAll(Bubblewrap.arguments(probe.get().program().orElseThrow(), real,
                        network || policy.network(), writable, readOnly, command));
            }
            case PROCESS_GROUPS -> {
                Reaper.watch(run);
                line.addAll(command);
            }
            case UNAVAILABLE -> throw new IOException(isolation.describe().substring("Sandbox: ".length()));
        }
        builder.command(line);
        long started = System.nanoTime();
        return new TaskProcess(builder.start(), marker, isolation.bubblewrap(), SETSID, started);
    }

    /**
     * Starts now what the first task would otherwise start (without bubblewrap: the watchdog that kills the
     * run's processes if wave dies), so that the first tasks' starts do not wait for it. Cheap to call
     * again; does nothing where the isolation is bubblewrap or unavailable, and does not probe bubblewrap.
     */
    public void prepare() {
        if (policy.mode() == SandboxMode.OFF) {
            Reaper.watch(run);
        }
    }

    /** Whether this process has a controlling terminal: {@code /dev/tty} opens only then. */
    private static boolean controllingTerminal() {
        try {
            new java.io.FileInputStream("/dev/tty").close();
            return true;
        } catch (IOException | SecurityException e) {
            return false;
        }
    }
}
