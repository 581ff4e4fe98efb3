package dev.wave.report;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wave.WaveException;
import dev.wave.git.Command;
import dev.wave.git.Git;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a past run left for inspection: the agent worktrees and branches it kept when it ended
 * ({@code kept_worktrees} in the summary), each checked now on disk and in git, so one removed since
 * (by {@code git worktree remove}, {@code wave rollback} or {@code wave gc}) is said removed; and the
 * merge conflicts it recorded ({@code logs/<task>.conflict.md}), with the conflicting files and whether a
 * resolution ran. Read from the run's files and, for the branches, one {@code git for-each-ref}; changes
 * nothing. Immutable.
 *
 * @param worktrees the kept worktrees, in the summary's order
 * @param conflicts the conflicts recorded, by task id, at most {@link #MAX_CONFLICTS}
 * @param moreConflicts how many more conflict records there are
 */
record KeptForInspection(List<Worktree> worktrees, List<Conflict> conflicts, int moreConflicts) {
    static final int MAX_CONFLICTS = 200;
    static final int MAX_FILES = 20;
    static final String CONFLICT_SUFFIX = ".conflict.md";

    KeptForInspection {
        worktrees = List.copyOf(worktrees);
        conflicts = List.copyOf(conflicts);
    }

    /**
     * A worktree kept at the end of the run, as it is now.
     *
     * @param present whether its directory is still there
     * @param branchPresent whether its branch is still there; empty when git could not say
     */
    record Worktree(String task, Path path, String branch, boolean present, Optional<Boolean> branchPresent) {
        Worktree {
            requireNonNull(task, "task is null");
            requireNonNull(path, "path is null");
            requireNonNull(branch, "branch is null");
            requireNonNull(branchPresent, "branchPresent is null");
        }

        /** {@code kept at P (branch B)}, {@code removed since the run (was P, branch B)}, or which of the two is left. */
        String describe(Path base) {
            String where = RunReport.relative(base, path);
            boolean branchGone = branchPresent.equals(Optional.of(false));
            if (present && !branchGone) {
                return "kept for inspection at " + where + " (branch " + branch + ")";
            }
            if (!present && branchGone) {
                return "removed since the run (was at " + where + ", branch " + branch + ")";
            }
            if (!present) {
                return "worktree removed since the run (was at " + where + "); branch " + branch
                        + (branchPresent.isPresent() ? " kept" : "");
            }
            return "kept at " + where + "; its branch " + branch + " was removed since the run";
        }

        String state() {
            boolean branchGone = branchPresent.equals(Optional.of(false));
            return present && !branchGone ? "kept" : !present && branchGone ? "removed" : "partly removed";
        }
    }

    /**
     * A merge conflict the run recorded.
     *
     * @param status how the task ended (succeeded: its conflict was resolved)
     * @param record the conflict file, {@code logs/<task>.conflict.md}
     * @param files the conflicting files with why each conflicted, at most {@link #MAX_FILES}
     * @param resolveLog the resolving agent's log, when a resolution ran
     */
    record Conflict(String task, String status, Path record, List<String> files, int moreFiles, Optional<Path> resolveLog) {
        Conflict {
            requireNonNull(task, "task is null");
            requireNonNull(status, "status is null");
            requireNonNull(record, "record is null");
            files = List.copyOf(files);
            requireNonNull(resolveLog, "resolveLog is null");
        }

        /** How it ended: resolved by the resolution task, or left for a person. */
        String outcome() {
            if ("succeeded".equals(status)) {
                return resolveLog.isPresent() ? "resolved by " + task + ".resolve" : "resolved";
            }
            return resolveLog.isPresent() ? "not resolved: its resolution failed, the task " + status
                    : "not resolved: the task " + (status.isEmpty() ? "did not finish" : status);
        }
    }

    static KeptForInspection of(PastRun run) {
        List<Path> records = conflictFiles(run);
        return new KeptForInspection(worktrees(run), conflicts(run, records.subList(0, Math.min(records.size(), MAX_CONFLICTS))),
                Math.max(0, records.size() - MAX_CONFLICTS));
    }

    private static List<Worktree> worktrees(PastRun run) {
        List<RunFiles.KeptWorktree> kept = run.summary().keptWorktrees() == null ? List.of()
                : run.summary().keptWorktrees().stream().filter(w -> w != null && w.task() != null && w.path() != null
                        && w.branch() != null).toList();
        if (kept.isEmpty()) {
            return List.of();
        }
        Optional<Set<String>> branches = branches(run.repository(), kept);
        List<Worktree> worktrees = new ArrayList<>();
        for (RunFiles.KeptWorktree worktree : kept) {
            Path path = run.repository().resolve(worktree.path());
            worktrees.add(new Worktree(worktree.task(), path, worktree.branch(), Files.isDirectory(path),
                    branches.map(present -> present.contains(worktree.branch()))));
        }
        return worktrees;
    }

    /** The kept branches that still exist, from one {@code git for-each-ref}; empty when git cannot say. */
    private static Optional<Set<String>> branches(Path repository, List<RunFiles.KeptWorktree> kept) {
        try {
            Optional<Git> git = Git.open(repository);
            if (git.isEmpty()) {
                return Optional.empty();
            }
            List<String> args = new ArrayList<>(List.of("for-each-ref", "--format=%(refname)"));
            kept.forEach(worktree -> args.add("refs/heads/" + worktree.branch()));
            dev.wave.git.Result result = git.get().attempt(Command.of(args));
            if (!result.succeeded()) {
                return Optional.empty();
            }
            Set<String> present = new HashSet<>();
            result.lines().forEach(line -> present.add(line.substring(Math.min(line.length(), "refs/heads/".length()))));
            return Optional.of(present);
        } catch (WaveException | UncheckedIOException e) {
            return Optional.empty();
        }
    }

    private static List<Path> conflictFiles(PastRun run) {
        Path logs = run.root().resolve("logs");
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(logs)) {
            return files;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(logs, "*" + CONFLICT_SUFFIX)) {
            entries.forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + logs, e);
        }
        files.sort(null);
        return files;
    }

    private static List<Conflict> conflicts(PastRun run, List<Path> records) {
        Map<String, String> status = new HashMap<>();
        run.tasks().forEach(task -> status.put(task.id(), PastRun.text(task.status())));
        List<Conflict> conflicts = new ArrayList<>();
        for (Path file : records) {
            String name = file.getFileName().toString();
            String task = name.substring(0, name.length() - CONFLICT_SUFFIX.length());
            Path resolveLog = file.resolveSibling(task + ".resolve.log");
            List<String> files = conflicting(file);
            conflicts.add(new Conflict(task, status.getOrDefault(task, ""), file, files.subList(0, Math.min(MAX_FILES,
                    files.size())), Math.max(0, files.size() - MAX_FILES),
                    Files.isRegularFile(resolveLog) ? Optional.of(resolveLog) : Optional.empty()));
        }
        return conflicts;
    }

    /**
     * The conflicting files a conflict record names: its {@code ## path: reason} headings after "Conflicting
     * files", outside the fenced blocks that quote the files' contents.
     */
    static List<String> conflicting(Path record) {
        List<String> files = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(record, StandardCharsets.UTF_8)) {
            boolean listing = false;
            String fence = null;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (fence != null) {
                    fence = line.equals(fence) ? null : fence;
                } else if (line.equals("```") || line.equals("~~~~")) {
                    fence = line;
                } else if (line.startsWith("Conflicting files (")) {
                    listing = true;
                } else if (listing && line.startsWith("## ")) {
                    files.add(line.substring(3));
                }
            }
        } catch (IOException e) {
            files.add("(cannot read " + record.getFileName() + ": " + e.getMessage() + ")");
        }
        return files;
    }

    /** Adds {@code kept} (worktrees and conflicts, paths relative to the repository) to the page's data. */
    void addTo(ObjectNode root, Path repository) {
        ObjectNode kept = root.putObject("kept");
        ArrayNode trees = kept.putArray("worktrees");
        for (Worktree worktree : worktrees) {
            trees.addObject().put("task", worktree.task()).put("path", RunReport.relative(repository, worktree.path()))
                    .put("branch", worktree.branch()).put("state", worktree.state())
                    .put("describe", worktree.describe(repository));
        }
        ArrayNode list = kept.putArray("conflicts");
        for (Conflict conflict : conflicts) {
            ObjectNode node = list.addObject().put("task", conflict.task()).put("status", conflict.status())
                    .put("outcome", conflict.outcome()).put("record", RunReport.relative(repository, conflict.record()))
                    .put("more_files", conflict.moreFiles());
            conflict.files().forEach(node.putArray("files")::add);
            conflict.resolveLog().ifPresent(log -> node.put("resolve_log", RunReport.relative(repository, log)));
        }
        kept.put("more_conflicts", moreConflicts);
    }

    /** The console lines: a {@code Worktree:} line per kept worktree and a {@code Conflict:} line per conflict. */
    void print(PrintWriter out, Path base) {
        for (Worktree worktree : worktrees) {
            out.printf("  Worktree:    %s %s%n", worktree.task(), worktree.describe(base));
        }
        for (Conflict conflict : conflicts) {
            String files = conflict.files().isEmpty() ? "" : " in " + String.join(", ", conflict.files())
                    + (conflict.moreFiles() > 0 ? " and " + conflict.moreFiles() + " more" : "");
            out.printf("  Conflict:    %s%s; %s; both sides in %s%n", conflict.task(), files, conflict.outcome(),
                    RunReport.relative(base, conflict.record()));
        }
        if (moreConflicts > 0) {
            out.printf("  Conflict:    ... and %d more in logs/*%s%n", moreConflicts, CONFLICT_SUFFIX);
        }
    }
}
