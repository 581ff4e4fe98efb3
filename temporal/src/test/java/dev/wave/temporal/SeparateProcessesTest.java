package dev.wave.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.engine.Approver;
import dev.wave.engine.Orchestrator;
import dev.wave.engine.PreparedRun;
import dev.wave.engine.RunEnvironment;
import dev.wave.engine.RunOutcome;
import dev.wave.engine.RunRequest;
import dev.wave.journal.RunState;
import dev.wave.journal.RunStore;
import dev.wave.scale.Machine;
import dev.wave.schedule.TaskState;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployment the README describes, on one machine: Temporal's test server as a process of its own on a
 * loopback port, two {@code wave worker} processes in their own clones, and the submitting side in this JVM.
 * One worker is killed while it runs a task: the task runs again on the other worker, and the run succeeds with
 * every task run to its end once.
 */
final class SeparateProcessesTest {
    private static final Machine MACHINE = new Machine(2, 8L << 30, Optional.empty());
    private static final int TASKS = 6;

    @TempDir
    Path directory;

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        for (Process process : processes) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    @Timeout(90)
    void workerKilledMidTask_itsTaskRunsAgainOnTheOtherWorker_andTheRunSucceeds() throws Exception {
        int port = freePort();
        processes.add(java(directory.resolve("server.log"), "io.temporal.testserver.TestServer", Integer.toString(port)));
        awaitPort(port);
        Path repo = Repositories.withOneCommit(directory.resolve("repo"));
        Worker first = worker(Repositories.cloneOf(repo, directory.resolve("clone1")), port);
        Worker second = worker(Repositories.cloneOf(repo, directory.resolve("clone2")), port);
        assertThat(first.ready.await(30, TimeUnit.SECONDS)).as("first worker ready: %s", first.lines).isTrue();
        assertThat(second.ready.await(30, TimeUnit.SECONDS)).as("second worker ready: %s", second.lines).isTrue();
        StringBuilder yaml = new StringBuilder("name: six slow files\ntasks:\n");
        for (int i = 0; i < TASKS; i++) {
            yaml.append("  - {id: t").append(i).append(", run: \"sleep 1 && echo ").append(i).append(" > f").append(i)
                    .append(".txt\"}\n");
        }
        Path plan = Files.writeString(directory.resolve("plan.yaml"), yaml);
        Orchestrator orchestrator = Orchestrator.create(() -> MACHINE).withEngine(new TemporalEngineProvider()
                .engine(Map.of("target", "127.0.0.1:" + port, "heartbeat_ms", "2000")));
        StringWriter printed = new StringWriter();
        PreparedRun prepared = orchestrator.prepare(RunRequest.planFile(repo, plan).withFlag("agents", "4")
                .withFlag("progress_display", "summary"));
        Thread killer = new Thread(() -> {
            try {
                if (first.started.await(60, TimeUnit.SECONDS)) {
                    first.process.descendants().forEach(ProcessHandle::destroyForcibly);
                    first.process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "killer");
        killer.start();

        RunOutcome outcome = orchestrator.execute(prepared, RunEnvironment.of(new PrintWriter(printed, true),
                Approver.all()));

        killer.join();
        assertThat(first.process.isAlive()).isFalse();
        assertThat(outcome.verdict()).as("%s%nfirst: %s%nsecond: %s", printed, first.lines, second.lines)
                .isEqualTo(RunOutcome.Verdict.SUCCEEDED);
        String killedTask = first.lines.stream().filter(line -> line.startsWith("wave worker: started ")).findFirst()
                .orElseThrow().split(" ")[4];
        assertThat(second.lines).anyMatch(line -> line.matches("wave worker: started \\S+ " + killedTask
                + " attempt 1 delivery [2-9]"));
        for (int i = 0; i < TASKS; i++) {
            assertThat(Files.readString(repo.resolve("f" + i + ".txt"))).isEqualTo(i + "\n");
        }
        try (RunStore store = RunStore.open(repo)) {
            RunState state = RunState.read(store, outcome.runId().orElseThrow()).orElseThrow();
            assertThat(state.ended()).hasSize(TASKS);
            state.ended().values().forEach(checkpoint -> {
                assertThat(checkpoint.state()).isEqualTo(TaskState.SUCCEEDED);
                assertThat(checkpoint.attempts()).isEqualTo(1);
            });
        }
    }

    /** A worker process and what it printed. */
    private static final class Worker {
        final Process process;
        final List<String> lines = new CopyOnWriteArrayList<>();
        final CountDownLatch ready = new CountDownLatch(1);
        final CountDownLatch started = new CountDownLatch(1);

        Worker(Process process) {
            this.process = process;
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        lines.add(line);
                        if (line.startsWith("wave worker: polling")) {
                            ready.countDown();
                        } else if (line.startsWith("wave worker: started ")) {
                            started.countDown();
                        }
                    }
                } catch (IOException e) {
                    // the process ended
                }
            }, "worker-output");
            reader.setDaemon(true);
            reader.start();
        }
    }

    private Worker worker(Path clone, int port) throws IOException {
        ProcessBuilder builder = command("dev.wave.cli.Main", "worker", "--engine", "temporal", "--temporal-target",
                "127.0.0.1:" + port, "--repo", clone.toString(), "--slots", "2").redirectErrorStream(true);
        Process process = builder.start();
        processes.add(process);
        return new Worker(process);
    }

    private Process java(Path log, String main, String... args) throws IOException {
        Process process = command(main, args).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return process;
    }

    /** A JVM whose temporary files (a worker's scratch worktrees) stay in this test's directory, even when killed. */
    private ProcessBuilder command(String main, String... args) throws IOException {
        Path temporary = Files.createDirectories(directory.resolve("tmp"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Djava.io.tmpdir=" + temporary, "-cp",
                System.getProperty("java.class.path"), main));
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /**
     * Waits, at most 30 s, until something listens on the port: the test server takes a few seconds to start and
     * prints no line when it listens, so this polls the port rather than awaiting its output as for the workers.
     */
    private static void awaitPort(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                TimeUnit.MILLISECONDS.sleep(50); // a refused connect returns at once: pause between tries
            }
        }
        throw new AssertionError("the test server did not listen on port " + port + " within 30 s");
    }
}
