package dev.wave.action;

import dev.wave.plan.FileAction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The move action: moves each selected entry into the directory {@code to}, like
 * {@code mv entry... to/}, creating {@code to} if needed. A link moves as a link. Entries already in
 * {@code to} stay. Every destination is checked before anything moves: an entry that would
 * overwrite another, two entries with one name, a directory moved into itself, or a directory
 * holding {@code .git} fail the task with nothing changed. Each move is a rename between directories
 * opened from the repository ({@link Tree}), never through a link.
 */
final class Move {
    private Move() {}

    private record Moving(Entry entry, Path target, List<String> contents) {}

    static String run(FileAction.Move move, Workspace workspace, Tree tree, Changes changes) throws IOException {
        List<String> missing = new ArrayList<>();
        List<Entry> entries = workspace.select(move.scope(), FileAction.EntryType.ANY, Workspace.Reach.WHOLE, missing);
        if (!missing.isEmpty()) {
            throw new ActionFailure("paths entry \"%s\" does not exist, so nothing was moved. Fix the path or remove it",
                    missing.get(0));
        }
        Path directory = workspace.resolveDirectory("to", move.to());
        if (Files.exists(directory, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            throw new ActionFailure("to \"%s\" is a file, not a directory; nothing was moved. Name a directory", move.to());
        }
        List<Moving> movings = new ArrayList<>();
        Map<Path, Entry> targets = new HashMap<>();
        int already = 0;
        for (Entry entry : entries) {
            if (directory.startsWith(entry.path())) {
                throw new ActionFailure("cannot move %s into %s, which is inside it; nothing was moved. Exclude it from the scope",
                        entry.recorded(), move.to() + "/");
            }
            if (entry.path().getParent().equals(directory)) {
                already++;
                continue;
            }
            Path target = directory.resolve(entry.path().getFileName());
            Entry other = targets.putIfAbsent(target, entry);
            if (other != null) {
                throw new ActionFailure("%s and %s would both move to %s; nothing was moved. Move them in separate tasks",
                        other.recorded(), entry.recorded(), workspace.relative(target));
            }
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                throw new ActionFailure("moving %s would overwrite the existing %s; nothing was moved. Remove it first or narrow the scope",
                        entry.recorded(), workspace.relative(target));
            }
            List<String> contents = entry.kind() == Entry.Kind.DIRECTORY ? workspace.contents(entry, "move") : List.of();
            movings.add(new Moving(entry, target, contents));
        }
        if (movings.isEmpty()) {
            return already == 0 ? "moved nothing: nothing matched the scope"
                    : "moved nothing: the " + Summaries.plural(already, "entry") + " selected already "
                            + (already == 1 ? "is" : "are") + " in " + move.to() + "/";
        }
        createDirectories(workspace, directory, changes);
        try (Directory into = tree.directory(workspace.relative(directory))) {
            moveAll(movings, into, workspace, tree, changes);
        }
        return "moved " + Summaries.plural(movings.size(), "entry") + " into " + move.to() + "/ ("
                + Summaries.plural(changes.count(), "path") + " changed)";
    }

    private static void moveAll(List<Moving> movings, Directory into, Workspace workspace, Tree tree, Changes changes)
            throws IOException {
        for (Moving moving : movings) {
            workspace.checkStop();
            String name = moving.target().getFileName().toString();
            if (into.attributes(name).isPresent()) {
                throw new ActionFailure("moving %s would overwrite %s, which appeared while the action ran; the moves "
                        + "before it are listed in the checkpoint", moving.entry().recorded(), workspace.relative(moving.target()));
            }
            tree.parentOf(moving.entry().relative()).move(moving.entry().name(), into, name);
            String from = moving.entry().relative();
            String to = workspace.relative(moving.target());
            changes.changed(moving.entry().recorded());
            changes.changed(moving.entry().kind() == Entry.Kind.DIRECTORY ? to + "/" : to);
            changes.log("moved " + moving.entry().recorded() + " -> " + to);
            for (String path : moving.contents()) {
                changes.changed(path);
                changes.changed(to + path.substring(from.length()));
            }
        }
    }

    private static void createDirectories(Workspace workspace, Path directory, Changes changes) throws IOException {
        Deque<Path> created = new ArrayDeque<>();
        for (Path path = directory; !Files.exists(path, LinkOption.NOFOLLOW_LINKS); path = path.getParent()) {
            created.push(path);
        }
        for (Path path : created) {
            Files.createDirectory(path);
            changes.changed("created", workspace.relative(path) + "/");
        }
    }
}
