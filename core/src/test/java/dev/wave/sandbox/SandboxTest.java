package dev.wave.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.wave.cli.Main;
import dev.wave.plan.Task;
import dev.wave.request.SandboxMode;
import dev.wave.run.ExecutionResult;
import dev.wave.run.TaskExecutor;
import dev.wave.testing.Processes;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Shell tasks under bubblewrap (BWRAP) and in the fallback (OFF, process groups and the environment
 * marker): every process a task starts dies with it, on timeout, on cancel, when it exits and when
 * wave is killed with kill -9; under bubblewrap, writes outside the repository, to wave's own state
 * and to the network fail.
 */
final class SandboxTest {
    /** Four ways out of a task's process tree, and a plain child; then a mark that all of them started. */
    private static final String ESCAPES = "(setsid sleep %1$s &); setsid -f sleep %1$s; sh -c 'sleep %1$s &'; "
            + "(sleep %1$s &); sleep %1$s & echo started > started.txt; wait";

    @TempDir
    Path repository;

    private final String token = Processes.token();
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Process> children = new ArrayList<>();
    private final List<Path> outside = new ArrayList<>();

    @AfterEach
    void cleanUp() throws IOException, InterruptedException {
        threads.shutdownNow();
        // A cancelled attempt's thread may still be ending (killing, putting its spare log back) after the test's
        // last wait: let it end before the temporary repository is deleted, or a file it writes there can make the
        // deletion fail.
        assertThat(threads.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS)).as("the attempts ended").isTrue();
        children.forEach(Process::destroyForcibly);
        Processes.kill(token);
        for (Path directory : outside) {
            try (Stream<Path> paths = Files.walk(directory)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }

    private static Sandbox sandbox(SandboxMode mode, boolean network) {
        if (mode == SandboxMode.BWRAP) {
            assumeTrue(Bubblewrap.probe().program().isPresent(), "bubblewrap cannot start here: " + Bubblewrap.probe().reason());
        }
        return Sandbox.of(new SandboxPolicy(mode, network));
    }

    private ExecutionResult run(SandboxMode mode, Task task) throws InterruptedException {
        return TaskExecutor.shell(sandbox(mode, false)).execute(task, repository, repository.resolve(task.id() + ".log"));
    }

    private String log(String id) throws IOException {
        return Files.readString(repository.resolve(id + ".log"));
    }

    @ParameterizedTest
    @EnumSource(names = {"BWRAP", "OFF"})
    @Timeout(60)
    void timeout_killsEveryProcessTheTaskStarted_doubleForksAndNewSessionsIncluded(SandboxMode mode) throws Exception {
        Task task = Task.shell("escape", String.format(ESCAPES, token), List.of()).withTimeout(Duration.ofSeconds(3));

        ExecutionResult result = run(mode, task);

        assertThat(result.summary()).isEqualTo("timed out after 3.0s; its processes were killed");
        assertThat(repository.resolve("started.txt")).exists();
        assertThat(Processes.with(token)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(names = {"BWRAP", "OFF"})
    @Timeout(60)
    void cancel_killsEveryProcessTheTaskStarted(SandboxMode mode) throws Exception {
        Task task = Task.shell("escape", String.format(ESCAPES, token), List.of());
        Future<ExecutionResult> attempt = threads.submit(() -> run(mode, task));
        Processes.awaitAtLeast(token, 5);

        attempt.cancel(true);

        Processes.awaitNone(token);
    }

    @ParameterizedTest
    @EnumSource(names = {"BWRAP", "OFF"})
    @Timeout(90)
    void cancelRightAfterTheStart_leavesNothingRunning(SandboxMode mode) throws Exception {
        // Before the fix, 7 of 60 such cancels left the task running: bwrap died after cloning it, before
        // the task asked for its parent-death signal.
        TaskExecutor shell = TaskExecutor.shell(sandbox(mode, false));
        for (int i = 0; i < 20; i++) {
            String sleep = Processes.token();
            // A task of its own each time: the previous one's kill may still be sweeping its marker.
            Task task = Task.shell("early-" + i, "sleep " + sleep + " & wait", List.of());
            Future<ExecutionResult> attempt = threads.submit(() -> shell.execute(task, repository,
                    repository.resolve(task.id() + ".log")));
            Processes.awaitAtLeast(sleep, 1); // as soon as bwrap (or sh) is there, with the token in its command line

            attempt.cancel(true);

            Processes.awaitNone(sleep);
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"BWRAP", "OFF"})
    @Timeout(60)
    void exit_killsWhatTheTaskLeftRunning(SandboxMode mode) throws Exception {
        Task task = Task.shell("daemon", "(setsid sleep " + token + " &); setsid -f sleep " + token + "; echo done",
                List.of());

        ExecutionResult result = run(mode, task);

        assertThat(result.succeeded()).as(log("daemon")).isTrue();
        assertThat(Processes.with(token)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(names = {"BWRAP", "OFF"})
    @Timeout(120)
    void killMinus9OfWave_killsTheTask_andItStopsWritingToTheRepository(SandboxMode mode) throws Exception {
        sandbox(mode, false);
        String writer = "while :; do echo x >> out.txt; sleep 0.02; done; : " + token;
        Path plan = Files.writeString(repository.resolve("plan.yaml"), "tasks:\n  - id: writer\n    run: \""
                + "(setsid sh -c '" + writer + "' &); setsid -f sleep " + token + "; sleep " + token + "\"\n");
        Process wave = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "run", "--plan", plan.toString(),
                "--repo", repository.toString(), "--yes", "--progress", "quiet", "--no-backup",
                "--sandbox", mode.name().toLowerCase(Locale.ROOT))
                .redirectErrorStream(true)
                .redirectOutput(repository.resolve("wave.out").toFile())
                .start();
        children.add(wave);
        Processes.awaitAtLeast(token, 3);
        while (!Files.exists(repository.resolve("out.txt"))) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }

        wave.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block runs
        assertThat(wave.waitFor(30, TimeUnit.SECONDS)).isTrue();

        Processes.awaitNone(token);
        assertThat(Files.size(repository.resolve("out.txt"))).isPositive();
        assertThat(Processes.with("echo x >> out.txt")).isEmpty();
    }

    @Test
    @Timeout(30)
    void bubblewrap_writesOutsideTheRepositoryFail_andTmpIsPrivate() throws Exception {
        Path elsewhere = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "sandbox-outside");
        outside.add(elsewhere);
        Path hostTmp = Path.of("/tmp", "wave-sandbox-" + token);
        // Run as root, the task may try to remount the file system writable first: it has not the capability.
        // Nor may it change kernel settings, such as the domain name, whose file root may write by its mode.
        Task task = Task.shell("write", "echo private > " + hostTmp + " && cat " + hostTmp + "; "
                + "mount -o remount,rw / 2>/dev/null; echo wave-sandbox > /proc/sys/kernel/domainname; echo x > "
                + elsewhere.resolve("escaped"), List.of());
        String domain = Files.readString(Path.of("/proc/sys/kernel/domainname"));

        ExecutionResult result;
        try {
            result = run(SandboxMode.BWRAP, task);
        } finally {
            if (!Files.readString(Path.of("/proc/sys/kernel/domainname")).equals(domain)) {
                Files.writeString(Path.of("/proc/sys/kernel/domainname"), domain.strip()); // the sandbox failed: undo
            }
        }

        assertThat(result.succeeded()).isFalse();
        assertThat(log("write")).startsWith("private\n").contains("Read-only file system");
        assertThat(elsewhere.resolve("escaped")).doesNotExist();
        assertThat(hostTmp).doesNotExist();
        assertThat(Path.of("/proc/sys/kernel/domainname")).hasContent(domain.strip());
    }

    @Test
    @Timeout(30)
    void fallback_writesOutsideTheRepositorySucceed_asBeforeTheSandbox() throws Exception {
        Path elsewhere = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "sandbox-outside");
        outside.add(elsewhere);

        ExecutionResult result = run(SandboxMode.OFF, Task.shell("write", "echo x > " + elsewhere.resolve("escaped"),
                List.of()));

        assertThat(result.succeeded()).isTrue();
        assertThat(elsewhere.resolve("escaped")).exists();
    }

    @Test
    @Timeout(30)
    void bubblewrap_wavesOwnStateIsReadOnly_theRestOfTheRepositoryWritable() throws Exception {
        Files.createDirectories(repository.resolve(".wave/runs/r1"));
        Files.createDirectories(repository.resolve(".git/refs/wave/backups"));
        Files.writeString(repository.resolve(".git/refs/wave/backups/r1"), "0123\n");
        Files.writeString(repository.resolve("file.txt"), "old\n");
        Task task = Task.shell("vandal", "rm -rf .wave/runs; rm -f .git/refs/wave/backups/r1; echo new > file.txt; "
                + "mkdir -p .git/refs/heads && echo ok > .git/refs/heads/main", List.of());

        ExecutionResult result = run(SandboxMode.BWRAP, task);

        assertThat(result.succeeded()).as(log("vandal")).isTrue();
        assertThat(repository.resolve(".wave/runs/r1")).isDirectory();
        assertThat(repository.resolve(".git/refs/wave/backups/r1")).hasContent("0123");
        assertThat(repository.resolve("file.txt")).hasContent("new");
        assertThat(repository.resolve(".git/refs/heads/main")).hasContent("ok");
    }

    @Test
    @Timeout(30)
    void bubblewrap_noNetworkUnlessAllowed() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            String connect = "bash -c 'exec 3<>/dev/tcp/127.0.0.1/" + server.getLocalPort() + "' && echo connected";
            TaskExecutor closed = TaskExecutor.shell(sandbox(SandboxMode.BWRAP, false));
            TaskExecutor open = TaskExecutor.shell(sandbox(SandboxMode.BWRAP, true));

            ExecutionResult denied = closed.execute(Task.shell("denied", connect, List.of()), repository,
                    repository.resolve("denied.log"));
            ExecutionResult asked = closed.execute(Task.shell("asked", connect, List.of()).withNetwork(true), repository,
                    repository.resolve("asked.log"));
            ExecutionResult allowed = open.execute(Task.shell("allowed", connect, List.of()), repository,
                    repository.resolve("allowed.log"));

            assertThat(denied.succeeded()).as(log("denied")).isFalse();
            assertThat(log("denied")).contains("Connection refused").doesNotContain("connected");
            assertThat(asked.summary()).as(log("asked")).isEqualTo("connected");
            assertThat(allowed.summary()).as(log("allowed")).isEqualTo("connected");
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"BWRAP", "OFF"})
    @Timeout(30)
    void everyTask_carriesTheMarkerOfItsRunAndTask(SandboxMode mode) throws Exception {
        Sandbox sandbox = Sandbox.of(sandbox(mode, false).policy(), "run-1");

        ExecutionResult result = TaskExecutor.shell(sandbox).execute(Task.shell("t.1", "echo $WAVE_RUN_TASK", List.of()),
                repository, repository.resolve("t.log"));

        assertThat(result.summary()).isEqualTo("run-1/t.1");
    }

    @Test
    void off_saysSoInOneLine() {
        Isolation isolation = Sandbox.of(new SandboxPolicy(SandboxMode.OFF, false)).isolation();

        assertThat(isolation.kind()).isEqualTo(Isolation.Kind.PROCESS_GROUPS);
        assertThat(isolation.describe()).isEqualTo("Sandbox: none, process groups only (sandbox: off): tasks can write "
                + "outside the repository and use the network; wave kills their processes by process group and "
                + "environment marker");
    }

    @Test
    @Timeout(30)
    void auto_withoutBubblewrap_fallsBackToProcessGroups_andSaysWhy() throws Exception {
        Bubblewrap.Probe missing = new Bubblewrap.Probe(Optional.empty(), "bubblewrap is not installed (no bwrap on PATH)");
        Sandbox sandbox = Sandbox.probed(new SandboxPolicy(SandboxMode.AUTO, false), "auto", missing);

        ExecutionResult result = TaskExecutor.shell(sandbox).execute(Task.shell("t", "echo $WAVE_RUN_TASK", List.of()),
                repository, repository.resolve("t.log"));

        assertThat(result.summary()).isEqualTo("auto/t");
        assertThat(sandbox.isolation().describe()).startsWith("Sandbox: none, process groups only (bubblewrap is not "
                + "installed (no bwrap on PATH)): ");
    }

    @Test
    @Timeout(30)
    void bwrapRequired_withoutBubblewrap_failsTheTask_startingNothing() throws Exception {
        Bubblewrap.Probe broken = new Bubblewrap.Probe(Optional.empty(), "bwrap cannot start a sandbox here: No permissions");
        Sandbox sandbox = Sandbox.probed(new SandboxPolicy(SandboxMode.BWRAP, false), "strict", broken);

        ExecutionResult result = TaskExecutor.shell(sandbox).execute(Task.shell("t", "echo ran > ran.txt", List.of()),
                repository, repository.resolve("t.log"));

        assertThat(result.succeeded()).isFalse();
        assertThat(result.summary()).isEqualTo("Sandbox: bwrap is required but bwrap cannot start a sandbox here: No "
                + "permissions: shell tasks will fail. Install bubblewrap, or set sandbox: auto");
        assertThat(repository.resolve("ran.txt")).doesNotExist();
    }

    private static String kernel() {
        StringBuilder binds = new StringBuilder();
        for (String path : Bubblewrap.KERNEL_SETTINGS) {
            if (Bubblewrap.ROOT && Files.exists(Path.of(path))) {
                binds.append(" --ro-bind ").append(path).append(' ').append(path);
            }
        }
        return binds.toString();
    }

    private static String capabilities() {
        return Bubblewrap.ROOT ? " " + String.join(" ", Bubblewrap.ROOT_CAPABILITIES) : "";
    }

    @Test
    void arguments_mountTmpBeforeTheRepository_protectWavesState_andCutTheNetwork() throws Exception {
        Files.createDirectories(repository.resolve(".wave"));
        Path real = repository.toRealPath();

        List<String> closed = Bubblewrap.arguments(Path.of("/usr/bin/bwrap"), real, false, List.of(), List.of("make", "test"));
        List<String> open = Bubblewrap.arguments(Path.of("/usr/bin/bwrap"), real, true, List.of(), List.of("make"));

        assertThat(String.join(" ", closed)).isEqualTo("/usr/bin/bwrap --ro-bind / / --dev /dev --proc /proc" + kernel()
                + " --tmpfs /tmp "
                + "--bind " + real + " " + real + " --ro-bind " + real + "/.wave " + real + "/.wave --unshare-pid "
                + "--unshare-uts --unshare-ipc --as-pid-1 --unshare-net --die-with-parent --new-session" + capabilities() + " --chdir " + real + " -- make test");
        assertThat(open).doesNotContain("--unshare-net").contains("--unshare-pid", "--die-with-parent");
    }
}
