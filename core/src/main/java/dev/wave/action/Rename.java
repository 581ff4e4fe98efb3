package dev.wave.action;

import dev.wave.plan.FileAction;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The rename action: in the name of each selected entry, replaces every match of the pattern.
 * Entries stay in their directory. All new names are checked before anything is renamed: a name
 * that is empty, {@code .}, {@code ..}, {@code .git} or {@code .wave}, two entries that would get
 * the same name, or a name that is already taken fail the task with nothing changed. Deeper entries
 * are renamed first, so renaming a directory and its contents in one action works. Each rename acts
 * inside the entry's directory as opened from the repository ({@link Tree}), never through a link.
 */
final class Rename {
    private Rename() {}

    private record Renaming(Entry entry, String newName, List<String> contents) {}

    static String run(FileAction.Rename rename, Workspace workspace, Tree tree, Changes changes) throws IOException {
        List<String> missing = new ArrayList<>();
        List<Entry> entries = workspace.select(rename.scope(), rename.type(), Workspace.Reach.EXPAND, missing);
        if (!missing.isEmpty()) {
            throw new ActionFailure("paths entry \"%s\" does not exist, so nothing was renamed. Fix the path or remove it",
                    missing.get(0));
        }
        Pattern pattern = Pattern.compile(rename.pattern());
        List<Renaming> renamings = new ArrayList<>();
        Map<Path, Entry> targets = new HashMap<>();
        Map<String, String> newNames = new HashMap<>();
        for (Entry entry : entries) {
            String newName = pattern.matcher(entry.name()).replaceAll(rename.to());
            if (newName.equals(entry.name())) {
                continue;
            }
            if (newName.isEmpty() || newName.equals(".") || newName.equals("..") || newName.contains("/")
                    || Workspace.PROTECTED_NAMES.contains(newName)) {
                throw new ActionFailure("renaming %s would name it \"%s\", which cannot be a file name here; nothing was renamed. "
                        + "Fix pattern or to", entry.recorded(), newName);
            }
            Path target = entry.path().resolveSibling(newName);
            Entry other = targets.putIfAbsent(target, entry);
            if (other != null) {
                throw new ActionFailure("%s and %s would both be renamed to %s; nothing was renamed. Narrow the scope or the pattern",
                        other.recorded(), entry.recorded(), workspace.relative(target));
            }
            if (tree.parentOf(entry.relative()).attributes(newName).isPresent()) {
                throw new ActionFailure("renaming %s to %s would overwrite the existing %s; nothing was renamed. "
                        + "Move it away first or narrow the scope", entry.recorded(), newName, workspace.relative(target));
            }
            List<String> contents = entry.kind() == Entry.Kind.DIRECTORY ? workspace.contents(entry, "rename") : List.of();
            renamings.add(new Renaming(entry, newName, contents));
            newNames.put(entry.relative(), newName);
        }
        renamings.sort(Comparator.comparingInt((Renaming renaming) -> depth(renaming.entry().relative())).reversed());
        int directories = 0;
        for (Renaming renaming : renamings) {
            workspace.checkStop();
            Directory parent = tree.parentOf(renaming.entry().relative());
            if (parent.attributes(renaming.newName()).isPresent()) {
                throw new ActionFailure("renaming %s to %s would overwrite %s, which appeared while the action ran; "
                        + "the renamings before it are listed in the checkpoint", renaming.entry().recorded(),
                        renaming.newName(), workspace.relative(renaming.entry().path().resolveSibling(renaming.newName())));
            }
            parent.move(renaming.entry().name(), parent, renaming.newName());
            record(renaming.entry().recorded(), newNames, changes);
            changes.log("renamed " + renaming.entry().recorded() + " -> " + finalPath(renaming.entry().recorded(), newNames));
            renaming.contents().forEach(path -> record(path, newNames, changes));
            directories += renaming.entry().kind() == Entry.Kind.DIRECTORY ? 1 : 0;
        }
        int others = renamings.size() - directories;
        if (renamings.isEmpty()) {
            return "renamed nothing: no selected name matched /" + rename.pattern() + "/";
        }
        String what = directories == 0 ? Summaries.plural(others, "file")
                : others == 0 ? Summaries.plural(directories, "directory")
                : Summaries.plural(directories, "directory") + " and " + Summaries.plural(others, "file");
        return "renamed " + what + " (" + Summaries.plural(changes.count(), "path") + " changed)";
    }

    private static void record(String oldPath, Map<String, String> newNames, Changes changes) {
        changes.changed(oldPath);
        changes.changed(finalPath(oldPath, newNames));
    }

    /** Where a path ends up once every renaming is done: each renamed ancestor takes its new name. */
    static String finalPath(String recorded, Map<String, String> newNames) {
        boolean directory = recorded.endsWith("/");
        String path = directory ? recorded.substring(0, recorded.length() - 1) : recorded;
        StringBuilder oldPrefix = new StringBuilder(path.length());
        StringBuilder result = new StringBuilder(path.length());
        for (String part : path.split("/")) {
            if (oldPrefix.length() > 0) {
                oldPrefix.append('/');
                result.append('/');
            }
            oldPrefix.append(part);
            result.append(newNames.getOrDefault(oldPrefix.toString(), part));
        }
        return directory ? result.append('/').toString() : result.toString();
    }

    private static int depth(String relative) {
        int depth = 0;
        for (int i = 0; i < relative.length(); i++) {
            depth += relative.charAt(i) == '/' ? 1 : 0;
        }
        return depth;
    }
}
