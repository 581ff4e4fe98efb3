package dev.wave.safety;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wave.WaveException;
import dev.wave.git.Git;
import dev.wave.journal.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.InstantSource;
import java.util.Optional;

/**
 * One wave run per repository at a time: an exclusive lock on {@code <git-dir>/wave/run.lock} (outside
 * git, {@code <root>/.wave/run.lock}). Inside the git directory no task's cleanup of the work tree removes
 * it, and a {@code .wave} link cannot redirect it.
 *
 * <p>The lock is the operating system's file lock, so it ends with the process that holds it, however
 * that process ends; a lock left by a dead process is therefore taken over without any guessing about
 * process ids. The file names the holder (run id, process id, start time, command) so a refused run can
 * say who holds the lock; a holder that ends normally empties it, so a non-empty file found by a new
 * holder tells of a run that died, which {@link #tookOver} reports. The file itself is never deleted:
 * deleting a lock file another process has open lets two processes each lock a different file.
 *
 * <p>Thread-safe. Within one JVM a second acquisition of the same lock is refused like one from another process.
 */
public final class RunLock implements AutoCloseable {
    public static final String FILE_NAME = "run.lock";
    static final long HOLDER_WAIT_MILLIS = 1000;

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final Optional<Holder> tookOver;
    private final Object closeLock = new Object();
    private boolean closed; // guarded by closeLock

    private RunLock(Path file, FileChannel channel, FileLock lock, Optional<Holder> tookOver) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.tookOver = tookOver;
    }

    /**
     * Takes the lock of the repository at {@code root} for run {@code runId}, without waiting.
     *
     * @throws WaveException of kind UNSAFE_STATE when another run holds it, naming that run and its process
     */
    public static RunLock acquire(Path root, String runId, String command, InstantSource clock) {
        requireNonNull(root, "root is null");
        requireNonNull(runId, "runId is null");
        requireNonNull(command, "command is null");
        requireNonNull(clock, "clock is null");
        Path file = lockFile(root);
        FileChannel channel;
        try {
            Files.createDirectories(file.getParent());
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw WaveException.unsafeState("cannot open the run lock %s (%s). Check that the repository is writable.", file,
                    e.getMessage());
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException e) {
            closeQuietly(channel);
            throw WaveException.unsafeState("cannot lock %s (%s). wave needs a file system with file locks for its run lock.",
                    file, e.getMessage());
        }
        if (lock == null) {
            Optional<Holder> holder = holder(channel);
            closeQuietly(channel);
            throw WaveException.unsafeState("another wave run is in progress in %s: %s. Wait for it to end, or stop it%s; "
                    + "wave takes the lock over once that process has gone.", root, holder.map(Holder::describe)
                    .orElse("a run that is just starting"), holder.map(h -> " with 'kill " + h.pid() + "'").orElse(""));
        }
        try {
            Optional<Holder> previous = read(channel);
            ObjectNode node = Json.object();
            node.put("run_id", runId);
            node.put("pid", ProcessHandle.current().pid());
            node.put("started_at", Json.time(clock.instant()));
            node.put("command", command);
            byte[] bytes = Json.MAPPER.writeValueAsBytes(node);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(bytes), 0);
            channel.force(false);
            return new RunLock(file, channel, lock, previous);
        } catch (IOException e) {
            closeQuietly(channel);
            throw WaveException.unsafeState("cannot write the run lock %s (%s). Check that the repository is writable.", file,
                    e.getMessage());
        }
    }

    /** Where the lock of the work tree at {@code root} lives: in its git directory, or in {@code .wave} outside git. */
    static Path lockFile(Path root) {
        Path absolute = root.toAbsolutePath().normalize();
        return Git.open(absolute).filter(git -> git.root().equals(absolute))
                .map(git -> git.gitDirectory().resolve("wave").resolve(FILE_NAME))
                .orElse(absolute.resolve(".wave").resolve(FILE_NAME));
    }

    /** The run whose process died holding this lock before it was taken, if one did. */
    public Optional<Holder> tookOver() {
        return tookOver;
    }

    public Path file() {
        return file;
    }

    /** Empties the file and releases the lock. Idempotent. */
    @Override
    public void close() {
        synchronized (closeLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            channel.truncate(0);
            lock.release();
        } catch (IOException e) {
            // The lock ends with the channel, below, in any case.
        } finally {
            closeQuietly(channel);
        }
    }

    /**
     * The holder named in the file. A holder writes its name right after it takes the lock, so an empty
     * file is read again for up to {@link #HOLDER_WAIT_MILLIS} before giving up on a name.
     */
    private static Optional<Holder> holder(FileChannel channel) {
        Optional<Holder> holder = read(channel);
        long deadline = System.nanoTime() + HOLDER_WAIT_MILLIS * 1_000_000;
        while (holder.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            holder = read(channel);
        }
        return holder;
    }

    private static Optional<Holder> read(FileChannel channel) {
        try {
            long size = channel.size();
            if (size == 0 || size > 64 * 1024) {
                return Optional.empty();
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) size);
            channel.read(buffer, 0);
            JsonNode node = Json.MAPPER.readTree(new String(buffer.array(), StandardCharsets.UTF_8));
            return Optional.of(new Holder(node.path("run_id").asText("unknown"), node.path("pid").asLong(-1),
                    node.path("started_at").asText("unknown"), node.path("command").asText("")));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // Nothing more to release.
        }
    }

    /**
     * Who holds, or held, a lock.
     *
     * @param runId the run
     * @param pid its process id
     * @param startedAt when it took the lock
     * @param command what it was doing (run, rollback)
     */
    public record Holder(String runId, long pid, String startedAt, String command) {
        public Holder {
            requireNonNull(runId, "runId is null");
            requireNonNull(startedAt, "startedAt is null");
            requireNonNull(command, "command is null");
        }

        public String describe() {
            return (command.isEmpty() ? "" : command + " ") + runId + ", process " + pid + ", started " + startedAt;
        }
    }
}
