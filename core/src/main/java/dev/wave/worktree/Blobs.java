package dev.wave.worktree;

import dev.wave.git.Command;
import dev.wave.git.Git;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The mode and object id of paths in a commit, read in one {@code git ls-tree} per batch of paths. */
final class Blobs {
    private static final int BATCH = 500;

    private Blobs() {}

    /** A file in a commit: {@code 100644}, {@code 100755} or {@code 120000}, and its blob. */
    record Entry(String mode, String objectId) {
        boolean executable() {
            return mode.equals("100755");
        }

        boolean link() {
            return mode.equals("120000");
        }
    }

    /** The entries of {@code paths} in {@code commit}; a path the commit lacks is absent from the map. */
    static Map<String, Entry> list(Git git, String commit, List<String> paths) {
        Map<String, Entry> entries = new HashMap<>();
        for (int start = 0; start < paths.size(); start += BATCH) {
            List<String> args = new ArrayList<>(List.of("ls-tree", "-z", "--full-tree", commit, "--"));
            args.addAll(paths.subList(start, Math.min(paths.size(), start + BATCH)));
            for (String line : git.run(Command.of(args)).nulSeparated()) {
                int tab = line.indexOf('\t');
                String[] fields = line.substring(0, tab).split(" ");
                if (fields[1].equals("blob")) {
                    entries.put(line.substring(tab + 1), new Entry(fields[0], fields[2]));
                }
            }
        }
        return entries;
    }

    /** A path that differs between two commits, with its entry on each side (null where it is absent or not a blob). */
    record Change(String path, Entry before, Entry after) {}

    /**
     * Every path that differs between {@code from} and {@code to}, sorted, with both sides' entries, in
     * one {@code git diff-tree --raw} (what {@code diff --name-only} and an {@code ls-tree} per side
     * would take three processes for).
     */
    static List<Change> changes(Git git, String from, String to) {
        List<String> fields = git.run(Command.of("diff-tree", "-r", "-z", "--no-renames", "--no-abbrev", from, to))
                .nulSeparated();
        List<Change> changes = new ArrayList<>();
        for (int i = 0; i + 1 < fields.size(); i += 2) {
            String[] raw = fields.get(i).substring(1).split(" ");
            changes.add(new Change(fields.get(i + 1), entry(raw[0], raw[2]), entry(raw[1], raw[3])));
        }
        changes.sort(java.util.Comparator.comparing(Change::path));
        return changes;
    }

    private static Entry entry(String mode, String objectId) {
        return mode.equals("100644") || mode.equals("100755") || mode.equals("120000") ? new Entry(mode, objectId) : null;
    }

    static byte[] content(Git git, Entry entry) {
        return git.run(Command.of("cat-file", "blob", entry.objectId())).output();
    }
}
