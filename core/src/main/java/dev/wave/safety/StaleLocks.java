package dev.wave.safety;

import dev.wave.WaveException;
import dev.wave.git.Git;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Git's lock files ({@code index.lock}, {@code HEAD.lock}, {@code refs/heads/*.lock},
 * {@code packed-refs.lock}) left behind by a git command that was killed, typically a task wave
 * stopped in the middle of {@code git commit} when the run aborted. A rollback needs the index and
 * the refs, so it clears them first.
 *
 * <p>A lock file still there after {@link #WAIT_MILLIS} while no git process runs on this machine
 * cannot belong to a live command: it is removed and reported. When a git process does run, the lock
 * may be its own, and the rollback refuses before changing anything.
 */
final class StaleLocks {
    static final long WAIT_MILLIS = 1000;

    private StaleLocks() {}

    /**
     * Waits for lock files to go, removes stale ones, and returns what it removed.
     *
     * @throws WaveException of kind UNSAFE_STATE when a lock stays while a git process runs
     */
    static List<String> clear(Git git, String backupId) {
        List<Path> locks = find(git);
        long deadline = System.nanoTime() + WAIT_MILLIS * 1_000_000;
        while (!locks.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            locks = find(git);
        }
        if (locks.isEmpty()) {
            return List.of();
        }
        Optional<ProcessHandle> running = runningGit();
        if (running.isPresent()) {
            throw WaveException.unsafeState("cannot roll back while %s exists and a git command runs (process %d). Wait for it "
                    + "to end, or remove the lock if it is stale, then run 'wave rollback %s'. Nothing was changed.",
                    locks.get(0), running.get().pid(), backupId);
        }
        List<String> removed = new ArrayList<>();
        for (Path lock : locks) {
            try {
                Files.deleteIfExists(lock);
                removed.add(git.root().relativize(lock).toString());
            } catch (IOException e) {
                throw WaveException.unsafeState("cannot remove the stale git lock %s (%s). Remove it, then run 'wave rollback %s'.",
                        lock, e.getMessage(), backupId);
            }
        }
        return removed;
    }

    private static List<Path> find(Git git) {
        List<Path> locks = new ArrayList<>();
        Path gitDirectory = git.gitDirectory();
        Path common = git.gitPath("refs").getParent();
        for (Path candidate : List.of(gitDirectory.resolve("index.lock"), gitDirectory.resolve("HEAD.lock"),
                common.resolve("packed-refs.lock"), common.resolve("HEAD.lock"))) {
            if (Files.exists(candidate) && !locks.contains(candidate)) {
                locks.add(candidate);
            }
        }
        Path heads = common.resolve("refs").resolve("heads");
        if (Files.isDirectory(heads)) {
            try (Stream<Path> files = Files.walk(heads)) {
                files.filter(file -> file.getFileName().toString().endsWith(".lock")).forEach(locks::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot look for lock files in " + heads, e);
            }
        }
        return locks;
    }

    /** A git process running on this machine, as far as this user can see. */
    private static Optional<ProcessHandle> runningGit() {
        long self = ProcessHandle.current().pid();
        try (Stream<ProcessHandle> processes = ProcessHandle.allProcesses()) {
            return processes.filter(process -> process.pid() != self)
                    .filter(process -> process.info().command()
                            .map(command -> Path.of(command).getFileName().toString())
                            .filter(name -> name.equals("git") || name.startsWith("git-"))
                            .isPresent())
                    .findFirst();
        }
    }
}
