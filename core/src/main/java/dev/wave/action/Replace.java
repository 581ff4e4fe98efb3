package dev.wave.action;

import dev.wave.plan.FileAction;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The replace action: replaces every occurrence of the text in the selected regular files,
 * skipping links, binary files and (for regular expressions) files that are not UTF-8. Each
 * changed file is replaced atomically, keeping its permissions, inside its directory as opened
 * from the repository ({@link Tree}). A regular expression stops at the task's timeout, however
 * long it would backtrack.
 */
final class Replace {
    private Replace() {}

    static String run(FileAction.Replace replace, Workspace workspace, Tree tree, Changes changes, FileWork work)
            throws IOException {
        List<String> missing = new ArrayList<>();
        List<Entry> entries = workspace.select(replace.scope(), FileAction.EntryType.FILE, Workspace.Reach.EXPAND, missing);
        if (!missing.isEmpty()) {
            throw new ActionFailure("paths entry \"%s\" does not exist, so nothing was replaced. Fix the path or remove it",
                    missing.get(0));
        }
        TextEdit edit = TextEdit.of(replace.find(), replace.with());
        Tally tally = new Tally();
        List<Entry> files = new ArrayList<>(entries.size());
        for (Entry entry : entries) {
            if (entry.kind() == Entry.Kind.FILE) {
                files.add(entry);
            } else if (entry.kind() == Entry.Kind.LINK) {
                tally.links++;
            }
        }
        work.forEach(files, workspace, entry -> edit(entry, edit, workspace, tree, changes, tally));
        return tally.summary(files.size());
    }

    private static void edit(Entry entry, TextEdit edit, Workspace workspace, Tree tree, Changes changes, Tally tally)
            throws IOException {
        if (entry.attributes().size() > AtomicFiles.MAX_TEXT_FILE_BYTES) {
            tally.tooLarge();
            changes.log("skipped " + entry.relative() + ": larger than " + (AtomicFiles.MAX_TEXT_FILE_BYTES >> 20) + " MiB");
            return;
        }
        Directory directory = tree.parentOf(entry.relative());
        TextEdit.Result result = edit.apply(AtomicFiles.read(directory, entry.name()), workspace::checkStop);
        if (result.outcome() == TextEdit.Outcome.MATCHED) {
            AtomicFiles.replace(directory, entry.name(), result.content(), entry.attributes());
            changes.changed(entry.relative());
            changes.log("replaced " + Summaries.plural(result.count(), "occurrence") + " in " + entry.relative());
        } else if (result.outcome() == TextEdit.Outcome.NOT_UTF8) {
            changes.log("skipped " + entry.relative() + ": not UTF-8 text");
        }
        tally.add(result.outcome(), result.count());
    }

    /** Counts over all files; thread-safe. */
    private static final class Tally {
        private final Object lock = new Object();
        private long occurrences; // guarded by lock
        private int files; // guarded by lock
        private int binary; // guarded by lock
        private int notUtf8; // guarded by lock
        private int tooLarge; // guarded by lock
        int links; // written before the files are edited

        void tooLarge() {
            synchronized (lock) {
                tooLarge++;
            }
        }

        void add(TextEdit.Outcome outcome, int count) {
            synchronized (lock) {
                switch (outcome) {
                    case NO_MATCH -> { }
                    case MATCHED -> {
                        files++;
                        occurrences += count;
                    }
                    case BINARY -> binary++;
                    case NOT_UTF8 -> notUtf8++;
                }
            }
        }

        String summary(int searched) {
            synchronized (lock) {
                StringBuilder summary = new StringBuilder("replaced ")
                        .append(occurrences).append(occurrences == 1 ? " occurrence" : " occurrences")
                        .append(" in ").append(Summaries.plural(files, "file"))
                        .append(" (searched ").append(Summaries.plural(searched, "file"));
                List<String> skipped = new ArrayList<>();
                if (binary > 0) {
                    skipped.add(binary + " binary");
                }
                if (notUtf8 > 0) {
                    skipped.add(notUtf8 + " not UTF-8");
                }
                if (tooLarge > 0) {
                    skipped.add(tooLarge + " too large");
                }
                if (links > 0) {
                    skipped.add(Summaries.plural(links, "symbolic link"));
                }
                if (!skipped.isEmpty()) {
                    summary.append("; skipped ").append(String.join(", ", skipped));
                }
                return summary.append(')').toString();
            }
        }
    }
}
