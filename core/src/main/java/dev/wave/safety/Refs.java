package dev.wave.safety;

import dev.wave.git.Command;
import dev.wave.git.Git;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The refs a backup keeps and a rollback restores: every ref ({@code refs/heads}, {@code refs/tags},
 * {@code refs/stash}, notes, remotes and the rest) except wave's own {@code refs/wave/} and symbolic
 * refs, plus the stash's reflog, which is where {@code stash@{1}} and older entries live.
 */
final class Refs {
    static final String STASH = "refs/stash";
    static final String WAVE_PREFIX = "refs/wave/";

    private Refs() {}

    /** Every ref and the object it points at, sorted by name. */
    static Map<String, String> read(Git git) {
        Map<String, String> refs = new TreeMap<>();
        for (String line : git.run(Command.of("for-each-ref", "--format=%(objectname) %(symref) %(refname)")).lines()) {
            String[] fields = line.split(" ", 3);
            if (fields.length == 3 && fields[1].isEmpty() && !fields[2].startsWith(WAVE_PREFIX)) {
                refs.put(fields[2], fields[0]);
            }
        }
        return refs;
    }

    /** Refs pointing at something other than a commit (annotated tags, mostly), which a commit cannot keep alive. */
    static List<String> nonCommitTargets(Git git) {
        List<String> objects = new ArrayList<>();
        for (String line : git.run(Command.of("for-each-ref", "--format=%(objecttype) %(objectname) %(refname)")).lines()) {
            String[] fields = line.split(" ", 3);
            if (fields.length == 3 && !fields[0].equals("commit") && !fields[2].startsWith(WAVE_PREFIX)) {
                objects.add(fields[1]);
            }
        }
        return objects;
    }

    /** The commits of every stash entry, newest first. */
    static List<String> stashEntries(Git git) {
        if (!git.attempt(Command.of("rev-parse", "-q", "--verify", STASH)).succeeded()) {
            return List.of();
        }
        return git.run(Command.of("log", "-g", "--format=%H", STASH)).lines();
    }

    static Path stashLog(Git git) {
        return git.gitPath("logs/" + STASH);
    }

    /** The stash's reflog as bytes, if there is one. */
    static Optional<byte[]> readStashLog(Git git) {
        Path log = stashLog(git);
        try {
            return Files.isRegularFile(log) ? Optional.of(Files.readAllBytes(log)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Branches checked out in other work trees of this repository: theirs to move, never the rollback's. */
    static Set<String> checkedOutElsewhere(Git git) {
        Set<String> branches = new TreeSet<>();
        String worktree = null;
        for (String line : git.run(Command.of("worktree", "list", "--porcelain")).lines()) {
            if (line.startsWith("worktree ")) {
                worktree = line.substring("worktree ".length());
            } else if (line.startsWith("branch ") && worktree != null
                    && !Path.of(worktree).toAbsolutePath().normalize().equals(git.root())) {
                branches.add(line.substring("branch ".length()));
            }
        }
        return branches;
    }

    /**
     * Moves refs back to {@code recorded}: changed ones back, deleted ones recreated, new ones (made since)
     * deleted, all in one git transaction that checks each ref still has the value just read. Refs in
     * {@code leaveAlone} are not touched.
     *
     * @return what moved, as {@code name: from -> to}
     */
    static List<String> restore(Git git, Map<String, String> recorded, Map<String, String> current, Set<String> leaveAlone) {
        List<String> commands = new ArrayList<>();
        List<String> restored = new ArrayList<>();
        Map<String, String> all = new LinkedHashMap<>(recorded);
        current.forEach(all::putIfAbsent);
        for (String ref : new TreeSet<>(all.keySet())) {
            if (leaveAlone.contains(ref)) {
                continue;
            }
            String want = recorded.get(ref);
            String now = current.get(ref);
            if (want != null && !want.equals(now)) {
                commands.add(now == null ? "create " + ref + " " + want : "update " + ref + " " + want + " " + now);
                restored.add(name(ref) + ": " + (now == null ? "deleted" : abbreviate(now)) + " -> " + abbreviate(want));
            } else if (want == null) {
                commands.add("delete " + ref + " " + now);
                restored.add(name(ref) + ": " + abbreviate(now) + " -> deleted (created by the run)");
            }
        }
        if (!commands.isEmpty()) {
            git.run(Command.of("update-ref", "-m", "wave rollback", "--stdin").withLines(commands));
        }
        return restored;
    }

    static String name(String ref) {
        return ref.startsWith("refs/heads/") ? ref.substring("refs/heads/".length()) : ref;
    }

    static String abbreviate(String sha) {
        return sha.substring(0, Math.min(12, sha.length()));
    }
}
