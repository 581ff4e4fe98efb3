package dev.wave.cli;

import static dev.wave.cli.RunSafetyTest.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.testing.ScratchRepository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class RollbackCommandTest {
    @TempDir
    Path directory;

    @TempDir
    Path elsewhere;

    @Test
    void rollback_afterASuccessfulRun_restoresTheStateBeforeItIncludingHead() throws IOException {
        ScratchRepository repository = ScratchRepository.messy(directory);
        ScratchRepository.State before = repository.state();
        Path plan = write(elsewhere.resolve("plan.yaml"), "tasks:\n  - id: a\n    run: echo a > a.txt && rm notes.txt\n");
        Cli.Result run = Cli.run("run", "--plan", plan.toString(), "--repo", repository.root().toString(), "--yes",
                "--progress", "quiet");
        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(repository.state()).isNotEqualTo(before);

        Cli.Result rollback = Cli.run("rollback", "--repo", repository.root().toString());

        assertThat(rollback.exitCode()).as(rollback.out() + rollback.err()).isEqualTo(ExitCodes.OK);
        assertThat(repository.state()).isEqualTo(before);
        assertThat(rollback.out()).contains("Rollback:    restored and verified backup", "ok   working tree: ",
                "ok   HEAD: branch main at ", "'wave rollback undo-");
        assertThat(Files.readString(repository.root().resolve(".wave/runs/latest/orchestrator.log")))
                .contains("rollback (wave rollback) backup=");
    }

    @Test
    void rollback_ofARepositoryWithOneBranch_countsOneRefInTheSingularAndNamesATagARef() throws IOException {
        ScratchRepository repository = ScratchRepository.empty(directory);
        repository.write("notes.txt", "notes\n");
        repository.git("add", "-A");
        repository.git("commit", "-q", "-m", "one");
        Path plan = write(elsewhere.resolve("plan.yaml"), "tasks:\n  - id: a\n    run: echo a > a.txt && git tag made-by-run\n");
        Cli.run("run", "--plan", plan.toString(), "--repo", repository.root().toString(), "--yes", "--progress", "quiet");

        Cli.Result rollback = Cli.run("rollback", "--repo", repository.root().toString());

        assertThat(rollback.exitCode()).as(rollback.out() + rollback.err()).isEqualTo(ExitCodes.OK);
        assertThat(rollback.out()).contains("ok   refs: 1 ref as in the backup", "ref refs/tags/made-by-run: ")
                .doesNotContain("1 refs", "branch refs/");
    }

    @Test
    void rollback_ofTheUndoBackup_bringsTheRunsWorkBack() throws IOException {
        ScratchRepository repository = ScratchRepository.messy(directory);
        Path plan = write(elsewhere.resolve("plan.yaml"), "tasks:\n  - id: a\n    run: echo a > a.txt\n");
        Cli.run("run", "--plan", plan.toString(), "--repo", repository.root().toString(), "--yes", "--progress", "quiet");
        ScratchRepository.State afterRun = repository.state();
        Cli.Result rollback = Cli.run("rollback", "--repo", repository.root().toString());
        String undo = rollback.out().lines().filter(line -> line.contains("'wave rollback undo-")).findFirst().orElseThrow()
                .replaceAll(".*'wave rollback (undo-[^']+)'.*", "$1");

        Cli.Result redo = Cli.run("rollback", "--repo", repository.root().toString(), undo);

        assertThat(redo.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(repository.state()).isEqualTo(afterRun);
    }

    @Test
    void rollback_list_showsBackupsAndChangesNothing() throws IOException {
        ScratchRepository repository = ScratchRepository.messy(directory);
        Path plan = write(elsewhere.resolve("plan.yaml"), "tasks:\n  - id: a\n    critical: true\n    run: echo a > a.txt\n");
        Cli.run("run", "--plan", plan.toString(), "--repo", repository.root().toString(), "--yes", "--approve-critical",
                "--progress", "quiet");
        ScratchRepository.State before = repository.state();

        Cli.Result list = Cli.run("rollback", "--repo", repository.root().toString(), "--list");

        assertThat(list.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(list.out()).startsWith("BACKUP").contains(" run ", " critical ", "-before-a", "(before task a)");
        assertThat(repository.state()).isEqualTo(before);
    }

    @Test
    void rollback_unknownBackup_refusesAndChangesNothing() {
        ScratchRepository repository = ScratchRepository.messy(directory);
        ScratchRepository.State before = repository.state();

        Cli.Result outcome = Cli.run("rollback", "--repo", repository.root().toString(), "no-such-run");

        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(outcome.err()).isEqualTo("wave: no backup no-such-run in " + repository.root()
                + " (it has none). Run 'wave rollback --list' to see the backups.\n");
        assertThat(repository.state()).isEqualTo(before);
    }

    @Test
    void rollback_withoutBackups_saysSo() {
        ScratchRepository repository = ScratchRepository.messy(directory);

        Cli.Result outcome = Cli.run("rollback", "--repo", repository.root().toString());

        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(outcome.err()).isEqualTo("wave: " + repository.root() + " has no wave backups; wave takes one at the start "
                + "of every run. Nothing was changed.\n");
    }
}
