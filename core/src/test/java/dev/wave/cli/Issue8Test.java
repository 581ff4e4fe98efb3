package dev.wave.cli;

import static dev.wave.cli.RunSafetyTest.summary;
import static dev.wave.cli.RunSafetyTest.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.testing.ScratchRepository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 8's reproductions through the command line, as a user meets them. */
final class Issue8Test {
    @TempDir
    Path directory;

    @TempDir
    Path elsewhere;

    @Test
    void run_failingTaskRemovesANestedRepository_bringsItBackWithItsHistory() throws IOException {
        ScratchRepository repository = ScratchRepository.messy(directory);
        ScratchRepository nested = ScratchRepository.empty(repository.path("vendor"));
        nested.write("lib.py", "lib = 1\n");
        nested.git("add", "-A");
        nested.git("commit", "-q", "-m", "nested history");
        Path plan = write(elsewhere.resolve("plan.yaml"), "tasks:\n  - id: clean\n    run: rm -rf vendor && exit 1\n");

        Cli.Result outcome = Cli.run("run", "--plan", plan.toString(), "--repo", repository.root().toString(), "--yes",
                "--progress", "summary");

        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.TASK_FAILED);
        assertThat(outcome.out()).contains("Rollback:    restored and verified backup");
        assertThat(nested.git("log", "--format=%s")).isEqualTo("nested history\n");
        assertThat(repository.read("vendor/lib.py")).isEqualTo("lib = 1\n");
    }

    @Test
    void run_userHasAnUnstagedLineInTheFileTheRunChanges_commitsOnlyTheRunsChange() throws IOException {
        ScratchRepository repository = ScratchRepository.messy(directory);
        repository.write("app.conf", "name=app\n\n\n\n\nport=80\n");
        repository.git("add", "app.conf");
        repository.git("commit", "-q", "-m", "config");
        repository.write("app.conf", "name=app\npassword=hunter2\n\n\n\n\nport=80\n");
        Path plan = write(elsewhere.resolve("plan.yaml"), "tasks:\n  - id: port\n    run: sed -i s/port=80/port=8080/ app.conf\n");

        Cli.Result outcome = Cli.run("run", "--plan", plan.toString(), "--repo", repository.root().toString(), "--yes",
                "--progress", "summary");

        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(repository.git("show", "HEAD:app.conf")).isEqualTo("name=app\n\n\n\n\nport=8080\n");
        assertThat(repository.git("diff", "HEAD", "--", "app.conf")).contains("+password=hunter2");
        assertThat(repository.read("app.conf")).isEqualTo("name=app\npassword=hunter2\n\n\n\n\nport=8080\n");
    }

    @Test
    void rollback_newestRunStoppedDuringWaveZero_refusesToRestoreAnOlderRunsBackup() throws IOException {
        ScratchRepository repository = ScratchRepository.messy(directory);
        Path plan = write(elsewhere.resolve("plan.yaml"), "tasks:\n  - id: a\n    run: echo one > one.txt\n");
        assertThat(Cli.run("run", "--plan", plan.toString(), "--repo", repository.root().toString(), "--yes",
                "--progress", "summary").exitCode()).isZero();
        String head = repository.git("rev-parse", "HEAD");
        Files.writeString(repository.path(".git/wave/backups/29990101-000000-dead.pending"), "run 2999-01-01T00:00:00Z\n");

        Cli.Result outcome = Cli.run("rollback", "--repo", repository.root().toString());

        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.NOT_APPROVED);
        assertThat(outcome.err()).startsWith("wave: the newest run, 29990101-000000-dead, stopped during Wave 0 before its "
                + "backup was complete").doesNotContain("\n\n");
        assertThat(repository.git("rev-parse", "HEAD")).isEqualTo(head);
        assertThat(repository.read("one.txt")).isEqualTo("one\n");
        assertThat(Cli.run("rollback", "--repo", repository.root().toString(), "--list").out())
                .contains("29990101-000000-dead", "incomplete: the run stopped during Wave 0");
    }

    @Test
    void run_committedWaveLink_refusesInOneLineAndWritesNothingThere() throws IOException {
        ScratchRepository repository = ScratchRepository.messy(directory);
        Path target = Files.createDirectory(elsewhere.resolve("target"));
        repository.link(".wave", target.toString());
        repository.git("add", ".wave");
        repository.git("commit", "-q", "-m", "a .wave link");
        Path plan = write(elsewhere.resolve("plan.yaml"), "tasks:\n  - id: a\n    run: echo one > one.txt\n");

        Cli.Result outcome = Cli.run("run", "--plan", plan.toString(), "--repo", repository.root().toString(), "--yes",
                "--progress", "summary");

        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.NOT_APPROVED);
        assertThat(outcome.err()).isEqualTo("wave: " + repository.path(".wave") + " is a symbolic link (to " + target
                + "), so wave's run files would be written wherever it points. Remove the link (git rm .wave if it is "
                + "committed) and run again.\n");
        assertThat(target).isEmptyDirectory();
        assertThat(repository.path("one.txt")).doesNotExist();
    }

    @Test
    void run_ignoredEntriesOverTheCap_areNamedInTheWaveZeroLine() throws IOException {
        ScratchRepository repository = ScratchRepository.messy(directory);
        repository.write(".gitignore", "*.log\nbuild/\n.env\nnode_modules/\n");
        repository.write("node_modules/left-pad/index.js", "module.exports = 1;\n");
        Path plan = write(elsewhere.resolve("plan.yaml"), "tasks:\n  - id: a\n    run: rm .env && exit 1\n");

        Cli.Result planned = Cli.run("plan", "--plan", plan.toString(), "--repo", repository.root().toString());
        assertThat(planned.out().replaceAll("[\\s║]+", " ")).as("the analysis says it beforehand")
                .contains("Backup: everything except node_modules/ (ignored dependency tree); a rollback leaves those as they are.");

        Cli.Result outcome = Cli.run("run", "--plan", plan.toString(), "--repo", repository.root().toString(), "--yes",
                "--progress", "summary");

        assertThat(outcome.out()).contains("Not backed up, so a rollback leaves them as they are: node_modules/ (ignored "
                + "dependency tree).");
        assertThat(repository.read(".env")).isEqualTo("TOKEN=ignored\n");
        assertThat(summary(repository.root()).get("rollback").get("verified").asBoolean()).isTrue();
    }
}
