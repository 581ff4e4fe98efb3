package dev.wave.planner;

import dev.wave.WaveException;
import dev.wave.git.Command;
import dev.wave.git.Git;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What git knows of the repository's paths, for a cleanup: tracked files, and ignored ones
 * (directories git ignores whole end in {@code /}). Outside git, or when git fails, every path is
 * untracked. Reads only; immutable.
 */
final class GitStatus {
    enum State {
        TRACKED,
        UNTRACKED,
        IGNORED
    }

    private final boolean repository;
    private final String prefix; // the planned directory inside the git work tree, "" or ending in "/"
    private final Set<String> tracked;
    private final Set<String> trackedDirectories;
    private final List<String> ignored;

    private GitStatus(boolean repository, String prefix, Set<String> tracked, List<String> ignored) {
        this.repository = repository;
        this.prefix = prefix;
        this.tracked = tracked;
        this.ignored = ignored;
        this.trackedDirectories = new HashSet<>();
        for (String file : tracked) {
            for (int slash = file.indexOf('/'); slash >= 0; slash = file.indexOf('/', slash + 1)) {
                trackedDirectories.add(file.substring(0, slash));
            }
        }
    }

    static GitStatus of(Path root) {
        Optional<Git> git;
        try {
            git = Git.installed() ? Git.open(root) : Optional.empty();
        } catch (WaveException e) {
            git = Optional.empty();
        }
        if (git.isEmpty() || !root.startsWith(git.get().root())) {
            return new GitStatus(false, "", Set.of(), List.of());
        }
        String inside = git.get().root().relativize(root).toString().replace(java.io.File.separatorChar, '/');
        String prefix = inside.isEmpty() ? "" : inside + "/";
        try {
            Set<String> tracked = new HashSet<>(split(git.get().run(Command.of("ls-files", "-z")).output()));
            List<String> ignored = split(git.get().run(
                    Command.of("ls-files", "-z", "--others", "--ignored", "--exclude-standard", "--directory")).output());
            return new GitStatus(true, prefix, tracked, ignored);
        } catch (WaveException e) {
            return new GitStatus(false, "", Set.of(), List.of());
        }
    }

    boolean isRepository() {
        return repository;
    }

    /** A file's state, or a directory's: tracked when it holds a tracked file. */
    State state(String relative) {
        String path = prefix + relative;
        if (tracked.contains(path) || trackedDirectories.contains(path)) {
            return State.TRACKED;
        }
        for (String entry : ignored) {
            if (entry.equals(path) || entry.endsWith("/") && (path + "/").startsWith(entry)) {
                return State.IGNORED;
            }
        }
        return State.UNTRACKED;
    }

    private static List<String> split(byte[] output) {
        List<String> paths = new ArrayList<>();
        for (String path : new String(output, StandardCharsets.UTF_8).split("\0")) {
            if (!path.isEmpty()) {
                paths.add(path);
            }
        }
        return paths;
    }
}
