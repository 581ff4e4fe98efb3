package dev.wave.cli;

import dev.wave.WaveException;
import dev.wave.journal.Json;
import dev.wave.journal.RunDirectory;
import dev.wave.report.HtmlReport;
import dev.wave.report.LaterRollbacks;
import dev.wave.safety.Backup;
import dev.wave.safety.RollbackResult;
import dev.wave.safety.RunLock;
import dev.wave.safety.SafetyNet;
import dev.wave.safety.SafetyOptions;
import dev.wave.safety.SafetyReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = {
            "Restores the repository exactly to a backup, and verifies it.",
            "%nThe backup is a run's Wave 0 backup (default: the newest) or the one taken before a critical task. "
                    + "Files the run created are removed; changed and deleted ones come back byte for byte with their "
                    + "permissions, symbolic links as links, directories (empty ones too) with their modes; the index, "
                    + "HEAD, branches, tags and the stash are as they were. What the backup left out (ignored entries "
                    + "over backup_ignored_max, dependency trees) and anything outside the repository are never touched; "
                    + "a branch that another work tree moved meanwhile is left alone and reported. The current state is "
                    + "backed up first ('undo-...'), so a rollback can be undone. The whole result is compared with the "
                    + "backup: 'verified' and exit 0 only when every path, the index, HEAD and every ref are equal; "
                    + "otherwise each difference is listed and the exit code is 3.",
        })
final class RollbackCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "BACKUP_ID",
            description = "The backup to restore: a run id, or an id from --list. Default: the newest run's Wave 0 backup.")
    String backupId;

    @Mixin
    RepositoryOption repo;

    @Option(names = "--list", description = "List the backups of the repository, oldest first, and change nothing.")
    boolean list;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Path repository = repo.directory("Give the repository to roll back.");
        if (dev.wave.git.Git.open(repository).isEmpty()) {
            throw WaveException.unsafeState("%s is not inside a git work tree, so it holds no wave backups to restore. "
                    + "Pass --repo DIR for the repository the run was in; 'wave rollback --list --repo DIR' lists its backups.",
                    repository);
        }
        Clock clock = Clock.systemUTC();
        SafetyNet safety = SafetyNet.open(repository, SafetyOptions.defaults(), clock);
        if (list) {
            return list(safety, out);
        }
        String id = backupId != null ? backupId : safety.newestRunBackup().id();
        safety.backup(id);
        try (RunLock lock = safety.lock("rollback-" + id, "rollback")) {
            lock.tookOver().ifPresent(previous -> out.printf("wave: took over the run lock of %s, whose process is gone.%n",
                    previous.describe()));
            out.printf("Rolling %s back to backup %s...%n", safety.root(), id);
            out.flush();
            RollbackResult result = safety.rollback(id);
            SafetyReport.print(out, result);
            out.flush();
            logToRun(safety.root(), result);
            if (!result.verified()) {
                spec.commandLine().getErr().printf("wave: the rollback to %s could not be verified; see the checks above.%n", id);
                return ExitCodes.NOT_APPROVED;
            }
            return ExitCodes.OK;
        }
    }

    private int list(SafetyNet safety, PrintWriter out) {
        List<Backup> backups = safety.backups();
        java.util.Map<String, java.time.Instant> unfinished = safety.unfinishedBackups();
        if (backups.isEmpty() && unfinished.isEmpty()) {
            out.printf("%s has no wave backups.%n", safety.root());
            return ExitCodes.OK;
        }
        out.printf("%-44s %-9s %-24s %6s  %s%n", "BACKUP", "KIND", "TAKEN", "FILES", "HEAD");
        for (Backup backup : backups) {
            out.printf("%-44s %-9s %-24s %6d  %s%s%n", backup.id(), backup.kind().label(), Json.time(backup.createdAt()),
                    backup.files(), backup.head(), backup.task().map(task -> " (before task " + task + ")").orElse(""));
        }
        unfinished.forEach((id, started) -> out.printf("%-44s %-9s %-24s %6s  %s%n", id, "run", Json.time(started), "-",
                "incomplete: the run stopped during Wave 0, before any task; nothing to restore"));
        out.flush();
        return ExitCodes.OK;
    }

    /**
     * Notes the rollback in the run's orchestrator.log and its rollbacks.json (which 'wave report' shows) when the
     * backup is a run's.
     */
    private void logToRun(Path root, RollbackResult result) {
        Path runDirectory = RunDirectory.runs(root).resolve(LaterRollbacks.runOf(result.backupId()));
        Path log = runDirectory.resolve("orchestrator.log");
        if (Files.isRegularFile(runDirectory.resolve("execution_plan.json"))) {
            try {
                LaterRollbacks.append(runDirectory, result, Clock.systemUTC().instant());
            } catch (java.io.UncheckedIOException e) {
                spec.commandLine().getErr().println("wave: could not record the rollback in " + runDirectory + ": "
                        + e.getMessage());
            }
            if (Files.isRegularFile(runDirectory.resolve(HtmlReport.FILE))) {
                // The run's page said what the run decided; it now says what became of its changes.
                try {
                    HtmlReport.write(runDirectory);
                } catch (RuntimeException e) {
                    spec.commandLine().getErr().println("wave: the rollback is recorded, but " + HtmlReport.FILE
                            + " could not be written again (" + e.getMessage() + "); 'wave report "
                            + runDirectory.getFileName() + " --html' tries again.");
                }
            }
        }
        if (Files.isRegularFile(log)) {
            try {
                Files.writeString(log, Json.time(Clock.systemUTC().instant()) + " rollback (wave rollback) backup="
                        + result.backupId() + " verified=" + result.verified() + " removed=" + result.removed() + " restored="
                        + result.restored() + " took=" + result.millis() + "ms undo=" + result.undoBackupId().orElse("none")
                        + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            } catch (IOException e) {
                spec.commandLine().getErr().println("wave: could not note the rollback in " + log + ": " + e.getMessage());
            }
        }
    }
}
