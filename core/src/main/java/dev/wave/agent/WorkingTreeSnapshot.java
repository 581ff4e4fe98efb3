package dev.wave.agent;

import static java.util.Objects.requireNonNull;

import dev.wave.git.Command;
import dev.wave.git.Git;
import dev.wave.git.Result;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A commit of a working tree exactly as it is now (tracked, modified and untracked files; ignored
 * files and {@code .wave/} left out), for an agent task's worktree to start from. Made with a
 * temporary index, {@code git add -A}, {@code write-tree} and {@code commit-tree}, and kept reachable
 * under {@code refs/wave/agent-bases/<run>}: the user's index, HEAD and branches are never written.
 * Thread-safe as far as git is; callers serialise it with integrations so that no snapshot sees a
 * half-written merge.
 */
public final class WorkingTreeSnapshot {
    public static final String REF_PREFIX = "refs/wave/agent-bases/";

    private WorkingTreeSnapshot() {}

    /** Commits the working tree of {@code git} as it is now, and returns the commit's id. */
    public static String commit(Git git, String runId) {
        requireNonNull(git, "git is null");
        requireNonNull(runId, "runId is null");
        Path scratch = git.gitDirectory().resolve("wave").resolve("tmp");
        Path index = null;
        try {
            Files.createDirectories(scratch);
            index = Files.createTempDirectory(scratch, "snapshot-").resolve("index");
            Path userIndex = git.gitPath("index");
            if (Files.isRegularFile(userIndex)) {
                Files.copy(userIndex, index); // its stat data spares git hashing unchanged files again
            }
            boolean waveIgnored = git.attempt(Command.of("check-ignore", "-q", ".wave/")).exitCode() == 0;
            // git add refuses a pathspec that names an ignored path, even to exclude it
            git.run((waveIgnored ? Command.of("add", "-A") : Command.of("add", "-A", "--", ".", ":(exclude).wave"))
                    .withIndex(index));
            String tree = git.run(Command.of("write-tree").withIndex(index)).text();
            List<String> args = new ArrayList<>(List.of("commit-tree", tree, "-m", "wave: working tree of run " + runId));
            Result head = git.attempt(Command.of("rev-parse", "-q", "--verify", "HEAD^{commit}"));
            if (head.succeeded()) {
                args.addAll(List.of("-p", head.text()));
            }
            String commit = git.run(Command.of(args)).text();
            git.run(Command.of("update-ref", REF_PREFIX + runId, commit));
            return commit;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a temporary index in " + scratch, e);
        } finally {
            deleteQuietly(index);
        }
    }

    private static void deleteQuietly(Path index) {
        if (index == null) {
            return;
        }
        try {
            Files.deleteIfExists(index);
            Files.deleteIfExists(index.resolveSibling("index.lock"));
            Files.deleteIfExists(index.getParent());
        } catch (IOException e) {
            // a temporary file left in the git directory is harmless
        }
    }
}
