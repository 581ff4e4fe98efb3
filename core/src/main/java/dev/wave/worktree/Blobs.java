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

    static byte[] content(Git git, Entry entry) {
        return git.run(Command.of("cat-file", "blob", entry.objectId())).output();
    }
}
