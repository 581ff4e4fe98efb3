package dev.wave.action;

import dev.wave.plan.FileAction;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The find action: lists the selected entries in the task log, one path per line, sorted;
 * with {@code contains}, only the regular files whose text matches (binary files never do).
 * Changes nothing.
 */
final class Find {
    private static final int NAMES_IN_SUMMARY = 5;

    private Find() {}

    static String run(FileAction.Find find, Workspace workspace, Tree tree, Changes changes, FileWork work)
            throws IOException {
        List<String> missing = new ArrayList<>();
        List<Entry> entries = workspace.select(find.scope(), find.type(), Workspace.Reach.EXPAND, missing);
        List<String> found = new ArrayList<>();
        AtomicInteger skipped = new AtomicInteger();
        if (find.contains().isEmpty()) {
            entries.forEach(entry -> found.add(entry.recorded()));
        } else {
            TextEdit search = TextEdit.search(find.contains().get());
            List<Entry> files = entries.stream().filter(entry -> entry.kind() == Entry.Kind.FILE).toList();
            work.forEach(files, workspace, entry -> {
                TextEdit.Outcome outcome = entry.attributes().size() > AtomicFiles.MAX_TEXT_FILE_BYTES
                        ? TextEdit.Outcome.BINARY
                        : search.contains(AtomicFiles.read(tree.parentOf(entry.relative()), entry.name()), workspace::checkStop);
                if (outcome == TextEdit.Outcome.MATCHED) {
                    synchronized (found) {
                        found.add(entry.recorded());
                    }
                } else if (outcome != TextEdit.Outcome.NO_MATCH) {
                    skipped.incrementAndGet();
                }
            });
            found.sort(null);
        }
        found.forEach(changes::log);
        StringBuilder summary = new StringBuilder("found ").append(Summaries.count(found.size(), find.type()));
        if (!found.isEmpty()) {
            summary.append(": ").append(Summaries.names(found, NAMES_IN_SUMMARY));
        }
        if (skipped.get() > 0) {
            summary.append("; skipped ").append(Summaries.plural(skipped.get(), "binary, non-UTF-8 or too large file"));
        }
        if (!missing.isEmpty()) {
            summary.append("; not there: ").append(Summaries.names(missing, NAMES_IN_SUMMARY));
        }
        return summary.toString();
    }
}
