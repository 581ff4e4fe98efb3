package dev.wave.planner;

import static java.util.regex.Pattern.CASE_INSENSITIVE;
import static java.util.regex.Pattern.compile;

import dev.wave.plan.Action;
import dev.wave.plan.FileAction;
import dev.wave.scale.Batching;
import dev.wave.scale.ExecutorKind;
import dev.wave.scale.Scaler;
import dev.wave.scale.TaskType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * Plans a mass rename of files by extension ("Rename all .jpeg files to .jpg"): built-in
 * {@code rename} tasks over the files found, in batches of neighbouring paths, then the tests. A
 * file whose new name is taken is left out and named; references to the files in code are listed
 * as a note, not changed.
 */
final class FileRenamePlanner {
    static final java.util.regex.Pattern EXTENSION_RENAME = compile(
            "\\b(?:rename|change|convert)\\s+(?:all\\s+|every\\s+|each\\s+)?(?:the\\s+)?(?:extensions?\\s+of\\s+(?:all\\s+|the\\s+)?)?"
                    + "\\*?\\.([a-z0-9]{1,10})\\s+(?:files?\\s+|extensions?\\s+)?(?:to|into|as)\\s+(?:\\*?\\.)([a-z0-9]{1,10})\\b",
            CASE_INSENSITIVE);
    static final long MILLIS_PER_FILE = 1;

    private FileRenamePlanner() {}

    /** The extensions named: {@code {jpeg, jpg}}; empty when the goal names no extension rename. */
    static Optional<String[]> extensions(String goal) {
        Matcher matcher = EXTENSION_RENAME.matcher(goal);
        return matcher.find() ? Optional.of(new String[] {matcher.group(1), matcher.group(2)}) : Optional.empty();
    }

    static GeneratedPlan plan(Goal goal, PatternMatcher.Match match) {
        String[] extensions = extensions(goal.text()).orElseThrow();
        String from = extensions[0];
        String to = extensions[1];
        FileScope scope = FileScope.of(goal.text(), goal.repository());
        List<String> files = new ArrayList<>();
        Set<String> all = new HashSet<>();
        for (RepositoryFiles.FileEntry file : RepositoryFiles.list(goal.repository())) {
            all.add(file.path());
        }
        List<String> taken = new ArrayList<>();
        for (String path : new java.util.TreeSet<>(all)) {
            if (path.toLowerCase(Locale.ROOT).endsWith("." + from.toLowerCase(Locale.ROOT)) && scope.inDirectories(path)) {
                String target = path.substring(0, path.length() - from.length()) + to;
                if (all.contains(target)) {
                    taken.add(path);
                } else {
                    files.add(path);
                }
            }
        }
        List<String> findings = new ArrayList<>();
        findings.add("scope: *." + from + " files" + (scope.directories().isEmpty() ? "" : " under " + String.join("/, ", scope.directories()) + "/")
                + " (" + files.size() + (files.size() == 1 ? " file)" : " files)"));
        if (!taken.isEmpty()) {
            findings.add(taken.size() + " left alone: their ." + to + " name is taken (" + String.join(", ", taken.subList(0, Math.min(5, taken.size())))
                    + (taken.size() > 5 ? ", ..." : "") + ")");
        }
        List<String> notes = new ArrayList<>();
        notes.add("Recognised by: renaming ." + from + " files to ." + to);
        notes.add("Files are renamed in place; code or documents that name them by their old name are not changed.");
        PlanBuilder builder = new PlanBuilder(goal.text(), TestCommand.detect(goal.repository()));
        String pattern = "(?i)\\." + java.util.regex.Pattern.quote(from) + "$";
        List<String> renames = new ArrayList<>();
        Optional<Batching> batching = Optional.empty();
        if (files.isEmpty()) {
            notes.add("No ." + from + " file found: the plan only lists them.");
            renames.add(builder.builtin("find-files", "List *." + from + " files (none were found)", Roles.FILE_OPERATOR,
                    Actions.find("**/*." + from), Duration.ofMillis(ExecutorKind.BUILTIN.startupMillis()), List.of()));
        } else {
            Batching batches = Scaler.batch(files.size(), files.size() * MILLIS_PER_FILE, ExecutorKind.BUILTIN, TaskType.FILE_OPERATIONS,
                    goal.limits(), goal.machine());
            batching = Optional.of(batches);
            List<List<String>> parts = Partition.of(files, batches.batches());
            for (int i = 0; i < parts.size(); i++) {
                List<String> part = parts.get(i);
                renames.add(builder.builtin("rename-" + (i + 1), "Rename " + part.size() + " ." + from + (part.size() == 1 ? " file in " : " files in ")
                        + Partition.describeDirectories(part) + " to ." + to, Roles.FILE_OPERATOR,
                        new Action.Builtin(new FileAction.Rename(new FileAction.Scope(List.of(), part, List.of()), pattern, "." + to,
                                FileAction.EntryType.FILE)),
                        Duration.ofMillis(ExecutorKind.BUILTIN.startupMillis() + part.size() * MILLIS_PER_FILE), List.of()));
            }
            builder.verify(renames, false);
        }
        return new GeneratedPlan(builder.build(), Pattern.FILE_RENAME, Pattern.FILE_RENAME.taskType(), findings, notes, batching);
    }
}
