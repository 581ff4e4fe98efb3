package dev.wave.agent;

import dev.wave.sandbox.TaskProcess;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One process of an agent attempt (the agent CLI, or the task's check): started by the launcher, its
 * output read line by line on a thread of its own into the stream and, with secrets masked, into the
 * task's log; stopped with its whole process tree on timeout or interrupt, and its leftovers killed
 * when it ends.
 */
final class AgentRun {
    private static final long READER_GRACE_SECONDS = 10;

    private AgentRun() {}

    /** The launcher could not start the command: usually, the program is not installed. */
    static final class NotStarted extends IOException {
        private static final long serialVersionUID = 1L;

        NotStarted(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /**
     * How the process ended.
     *
     * @param exitCode its exit code; empty when it was killed on timeout
     */
    record Ending(Optional<Integer> exitCode) {
        boolean timedOut() {
            return exitCode.isEmpty();
        }
    }

    /**
     * Runs the command to its end, or until {@code timeout}.
     *
     * @throws InterruptedException if interrupted, after the process tree has been killed
     * @throws IOException if the process cannot be started ({@link NotStarted}), or its log cannot be opened, after
     *     its process tree has been killed
     */
    static Ending run(AgentLauncher launcher, List<String> command, Path workDirectory, Map<String, String> environment,
            Optional<Duration> timeout, Path log, Secrets secrets, AgentStream stream, Consumer<AgentProgress> onProgress)
            throws IOException, InterruptedException {
        TaskProcess task;
        try {
            task = launcher.start(command, workDirectory, environment);
        } catch (IOException e) {
            throw new NotStarted(e);
        }
        Process process = task.process();
        BufferedWriter writer;
        Thread reader;
        try {
            writer = Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException | RuntimeException e) {
            task.kill(); // the process started: it must not run on unwatched, nor its children
            throw new IOException("cannot write its log " + log + " (" + e.getMessage() + "); its process was stopped", e);
        }
        try {
            reader = new Thread(() -> copy(process, stream, writer, secrets, onProgress), "wave-agent-output-" + process.pid());
            reader.setDaemon(true);
            reader.start();
        } catch (RuntimeException | Error e) {
            task.kill(); // no thread to read its output (out of threads): stop it rather than let it block on a full pipe
            writer.close();
            throw e;
        }
        try {
            boolean ended = true;
            if (timeout.isPresent()) {
                ended = process.waitFor(timeout.get().toMillis(), TimeUnit.MILLISECONDS);
            } else {
                process.waitFor();
            }
            if (ended) {
                task.reap(); // what it left running; kill() would close the output the reader has not read yet
            } else {
                task.kill();
            }
            return new Ending(ended ? Optional.of(process.exitValue()) : Optional.empty());
        } catch (InterruptedException e) {
            task.kill();
            throw e;
        } finally {
            awaitReader(reader, process);
            writer.close();
        }
    }

    private static void copy(Process process, AgentStream stream, BufferedWriter writer, Secrets secrets,
            Consumer<AgentProgress> onProgress) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            AgentProgress last = stream.progress();
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                stream.accept(line);
                writer.write(secrets.redact(line));
                writer.newLine();
                writer.flush();
                AgentProgress now = stream.progress();
                if (!now.equals(last)) {
                    last = now;
                    onProgress.accept(now);
                }
            }
        } catch (IOException e) {
            // the pipe closed under us when the process tree was killed: the output ends here
        }
    }

    /** Waits for the reader to see the end of the output; the tree is dead, so the pipe closes soon. */
    private static void awaitReader(Thread reader, Process process) throws InterruptedException {
        boolean interrupted = Thread.interrupted();
        try {
            while (true) {
                try {
                    reader.join(TimeUnit.SECONDS.toMillis(READER_GRACE_SECONDS));
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (reader.isAlive()) {
                process.getInputStream().close(); // a grandchild outside the group holds the pipe open
                reader.join(TimeUnit.SECONDS.toMillis(1));
            }
        } catch (IOException e) {
            // closing a pipe: nothing to do about a failure
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
