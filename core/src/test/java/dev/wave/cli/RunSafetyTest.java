package dev.wave.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wave.journal.Json;
import dev.wave.testing.ScratchRepository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class RunSafetyTest {
    @TempDir
    Path directory;

    @TempDir
    Path elsewhere;

    @Test
    void run_outsideGit_refusesInOneLineAndChangesNothing() throws IOException {
        Path plan = write(elsewhere.resolve("plan.yaml"), "tasks:\n  - id: a\n    run: touch created\n");
        Path plain = Files.createDirectory(directory.resolve("plain"));

        Cli.Result outcome = Cli.run("run", "--plan", plan.toString(), "--repo", plain.toString(), "--yes");

        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.NOT_APPROVED);
        assertThat(outcome.err()).isEqualTo("wave: " + plain + " is not inside a git work tree, so wave cannot back it up "
                + "or roll it back. Run 'git init' there, or pass --no-backup to run without a safety net.\n");
        try (var files = Files.list(plain)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void run_outsideGitWithNoBackup_runsAndSaysNothingCanBeRolledBack() throws IOException {
        Path plan = write(elsewhere.resolve("plan.yaml"), "tasks:\n  - id: a\n    run: touch created\n");
        Path plain = Files.createDirectory(directory.resolve("plain"));

        Cli.Result outcome = Cli.run("run", "--plan", plan.toString(), "--repo", plain.toString(), "--yes", "--no-backup",
                "--progress", "quiet");

        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(plain.resolve("created")).exists();
        JsonNode summary = summary(plain);
        assertThat(summary.get("backup").get("id").isNull()).isTrue();
        assertThat(summary.get("backup").get("note").asText())
                .isEqualTo("not a git repository (--no-backup): nothing can be rolled back");
        assertThat(summary.get("commit").get("note").asText()).isEqualTo("not committed: not a git repository");
    }

    @Test
    void run_planThatChangesFilesThenFails_rollsBackToTheExactStateBefore() throws IOException {
        ScratchRepository repository = ScratchRepository.messy(directory);
        ScratchRepository.State before = repository.state();
        Path plan = write(elsewhere.resolve("plan.yaml"), """
                tasks:
                  - id: create
                    run: mkdir -p made/deep && echo new > made/deep/file.txt && echo x > created.txt
                  - id: change
                    run: echo changed >> src/util.py && chmod +x src/app.py && chmod 644 secret.txt
                  - id: delete
                    run: rm README.md notes.txt latest && rm -r docs
                  - id: rename
                    run: git mv src/util.py src/helpers.py && mv tool.sh tool2.sh
                  - id: commit
                    run: git add -A && git commit -q -m 'the run commits' && git branch made-by-run
                    depends_on: [create, change, delete, rename]
                  - id: fail
                    run: echo partial > partial.txt && exit 7
                    depends_on: [commit]
                """);

        Cli.Result outcome = Cli.run("run", "--plan", plan.toString(), "--repo", repository.root().toString(), "--yes",
                "--progress", "quiet");

        assertThat(outcome.exitCode()).as(outcome.out() + outcome.err()).isEqualTo(ExitCodes.TASK_FAILED);
        assertThat(repository.state()).isEqualTo(before);
        JsonNode rollback = summary(repository.root()).get("rollback");
        assertThat(rollback.get("performed").asBoolean()).isTrue();
        assertThat(rollback.get("verified").asBoolean()).isTrue();
        assertThat(rollback.get("note").asText()).isEqualTo("rolled back because \"fail\" failed");
        assertThat(rollback.get("branches").toString()).contains("made-by-run");
        assertThat(outcome.out()).contains("Rollback:    restored and verified backup");
    }

    @Test
    void run_succeeds_commitsOnlyTheRunsChangesAndLeavesTheUsersAsTheyWere() throws IOException {
        ScratchRepository repository = ScratchRepository.messy(directory);
        String headBefore = repository.git("rev-parse", "HEAD").trim();
        String userStatus = repository.git("status", "--porcelain=v2");
        Path plan = write(elsewhere.resolve("plan.yaml"), """
                name: Add a changelog and fix the guide
                tasks:
                  - id: changelog
                    run: echo '# changes' > CHANGELOG.md
                  - id: guide
                    run: echo 'better guide' > docs/guide.md
                """);

        Cli.Result outcome = Cli.run("run", "--plan", plan.toString(), "--repo", repository.root().toString(), "--yes",
                "--progress", "quiet");

        assertThat(outcome.exitCode()).as(outcome.out() + outcome.err()).isEqualTo(ExitCodes.OK);
        assertThat(repository.git("rev-parse", "HEAD^").trim()).isEqualTo(headBefore);
        assertThat(repository.git("log", "-1", "--format=%s")).isEqualTo("wave: Add a changelog and fix the guide\n");
        assertThat(repository.git("log", "-1", "--format=%b")).startsWith("Ran 2 tasks in 1 wave on 2 agents (flow mode); "
                + "2 files changed.\nMeasured: wall ");
        assertThat(repository.git("log", "-1", "--format=%b")).contains("task time ", "(the sum of measured task durations)")
                .containsPattern("(\\d+% less|no less) wall time than the task time\\.")
                .doesNotContain("faster than one agent");
        assertThat(repository.git("show", "--name-only", "--format=", "HEAD")).isEqualTo("CHANGELOG.md\ndocs/guide.md\n");
        assertThat(repository.git("status", "--porcelain=v2")).isEqualTo(userStatus);
        JsonNode commit = summary(repository.root()).get("commit");
        assertThat(commit.get("sha").asText()).isEqualTo(repository.git("rev-parse", "HEAD").trim());
        assertThat(commit.get("branch").asText()).isEqualTo("main");
        assertThat(commit.get("files_changed").asInt()).isEqualTo(2);
        assertThat(Files.readString(repository.root().resolve(".git/info/exclude"))).contains("\n.wave/\n");
    }

    @Test
    void run_onFailurePauseWithoutATerminal_actsAsRollback() throws IOException {
        ScratchRepository repository = ScratchRepository.messy(directory);
        ScratchRepository.State before = repository.state();
        Path plan = write(elsewhere.resolve("plan.yaml"), "tasks:\n  - id: a\n    run: echo a > a.txt && exit 1\n");

        Cli.Result outcome = Cli.run("run", "--plan", plan.toString(), "--repo", repository.root().toString(), "--yes",
                "--progress", "quiet", "--on-failure", "pause");

        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.TASK_FAILED);
        assertThat(repository.state()).isEqualTo(before);
        assertThat(summary(repository.root()).get("rollback").get("note").asText()).isEqualTo("rolled back because \"a\" "
                + "failed (on_failure: pause, with no terminal to ask on, acts as rollback: stop the run)");
    }

    @Test
    void run_taskDeletedWhatWaveCannotRecreate_reportsEachDifferenceAndExitsThree() throws Exception {
        ScratchRepository repository = ScratchRepository.messy(directory);
        Process mkfifo = new ProcessBuilder("mkfifo", repository.path("pipe").toString()).start();
        assertThat(mkfifo.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(mkfifo.exitValue()).isZero();
        Path plan = write(elsewhere.resolve("plan.yaml"), """
                tasks:
                  - id: a
                    run: rm pipe && echo changed > src/util.py && exit 1
                """);

        Cli.Result outcome = Cli.run("run", "--plan", plan.toString(), "--repo", repository.root().toString(), "--yes",
                "--progress", "quiet");

        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.NOT_APPROVED);
        assertThat(repository.read("src/util.py")).isEqualTo("def util():\n    return 2\n");
        assertThat(outcome.out()).contains("Rollback:    restored but NOT verified backup",
                "left alone: pipe (a special file: wave cannot recreate it)",
                "differs: working tree pipe: the backup has special file, found nothing")
                .doesNotContain("restored and verified");
        assertThat(outcome.err()).contains("could not be verified; see the checks above.");
        JsonNode rollback = summary(repository.root()).get("rollback");
        assertThat(rollback.get("verified").asBoolean()).isFalse();
        assertThat(rollback.get("differences")).singleElement().satisfies(difference ->
                assertThat(difference.get("path").asText()).isEqualTo("pipe"));
    }

    @Test
    void run_unknownOnFailure_isInvalidInput() throws IOException {
        Path plan = write(elsewhere.resolve("plan.yaml"), "tasks:\n  - id: a\n    run: true\n");

        Cli.Result outcome = Cli.run("run", "--plan", plan.toString(), "--repo", directory.toString(), "--on-failure", "retry");

        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(outcome.err()).isEqualTo("wave: --on-failure must be one of rollback, pause, continue, got \"retry\". "
                + "Omit it for the default (rollback).\n");
    }

    @Test
    void run_withBranch_commitsOnANewBranchAndMovesHeadThere() throws IOException {
        ScratchRepository repository = ScratchRepository.messy(directory);
        String mainBefore = repository.git("rev-parse", "main").trim();
        Path plan = write(elsewhere.resolve("plan.yaml"), "tasks:\n  - id: a\n    run: echo a > a.txt\n");

        Cli.Result outcome = Cli.run("run", "--plan", plan.toString(), "--repo", repository.root().toString(), "--yes",
                "--progress", "quiet", "--branch", "wave/feature");

        assertThat(outcome.exitCode()).as(outcome.out() + outcome.err()).isEqualTo(ExitCodes.OK);
        assertThat(repository.git("symbolic-ref", "HEAD")).isEqualTo("refs/heads/wave/feature\n");
        assertThat(repository.git("rev-parse", "main").trim()).isEqualTo(mainBefore);
        assertThat(repository.git("rev-parse", "wave/feature^").trim()).isEqualTo(mainBefore);
    }

    @Test
    void run_withExistingBranch_refusesBeforeChangingAnything() throws IOException {
        ScratchRepository repository = ScratchRepository.messy(directory);
        ScratchRepository.State before = repository.state();
        Path plan = write(elsewhere.resolve("plan.yaml"), "tasks:\n  - id: a\n    run: echo a > a.txt\n");

        Cli.Result outcome = Cli.run("run", "--plan", plan.toString(), "--repo", repository.root().toString(), "--yes",
                "--branch", "feature");

        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(outcome.err()).isEqualTo("wave: --branch feature exists already. Give a new branch name, or omit --branch "
                + "to commit on the current branch.\n");
        assertThat(repository.state()).isEqualTo(before);
        assertThat(repository.root().resolve(".wave")).doesNotExist();
    }

    @Test
    void run_withNoCommit_leavesTheChangesUncommitted() throws IOException {
        ScratchRepository repository = ScratchRepository.messy(directory);
        String headBefore = repository.git("rev-parse", "HEAD").trim();
        Path plan = write(elsewhere.resolve("plan.yaml"), "tasks:\n  - id: a\n    run: echo a > a.txt\n");

        Cli.Result outcome = Cli.run("run", "--plan", plan.toString(), "--repo", repository.root().toString(), "--yes",
                "--progress", "quiet", "--no-commit");

        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(repository.git("rev-parse", "HEAD").trim()).isEqualTo(headBefore);
        assertThat(repository.read("a.txt")).isEqualTo("a\n");
        assertThat(summary(repository.root()).get("commit").get("note").asText()).isEqualTo("not committed: --no-commit");
    }

    @Test
    void run_onFailureContinue_keepsTheChangesAndSaysSo() throws IOException {
        ScratchRepository repository = ScratchRepository.messy(directory);
        Path plan = write(elsewhere.resolve("plan.yaml"), """
                tasks:
                  - id: good
                    run: echo kept > kept.txt
                  - id: bad
                    run: exit 1
                  - id: after-bad
                    run: echo never > never.txt
                    depends_on: [bad]
                """);

        Cli.Result outcome = Cli.run("run", "--plan", plan.toString(), "--repo", repository.root().toString(), "--yes",
                "--progress", "quiet", "--on-failure", "continue");

        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.TASK_FAILED);
        assertThat(repository.read("kept.txt")).isEqualTo("kept\n");
        assertThat(repository.root().resolve("never.txt")).doesNotExist();
        JsonNode summary = summary(repository.root());
        assertThat(summary.get("rollback").get("performed").asBoolean()).isFalse();
        assertThat(summary.get("rollback").get("note").asText()).startsWith("not rolled back (on_failure: continue): the run's "
                + "changes are kept; 'wave rollback ");
        assertThat(summary.get("skipped").get(0).get("id").asText()).isEqualTo("after-bad");
        assertThat(summary.get("skipped").get(0).get("reason").asText()).isEqualTo("skipped: it depends on \"bad\", which failed");
    }

    @Test
    void run_retriedTask_isListedWithItsFailures() throws IOException {
        ScratchRepository repository = ScratchRepository.messy(directory);
        Path counter = elsewhere.resolve("count");
        Path plan = write(elsewhere.resolve("plan.yaml"), """
                tasks:
                  - id: flaky
                    retries: 2
                    run: echo x >> %s && test $(wc -l < %s) -ge 2
                """.formatted(counter, counter));

        // The counter is outside the repository, where the sandbox lets no task write.
        Cli.Result outcome = Cli.run("run", "--plan", plan.toString(), "--repo", repository.root().toString(), "--yes",
                "--progress", "quiet", "--retry-backoff", "1ms", "--sandbox", "off");

        assertThat(outcome.exitCode()).as(outcome.out() + outcome.err()).isEqualTo(ExitCodes.OK);
        JsonNode summary = summary(repository.root());
        assertThat(summary.get("retried").get(0).get("id").asText()).isEqualTo("flaky");
        assertThat(summary.get("retried").get(0).get("attempts").asInt()).isEqualTo(2);
        assertThat(summary.get("failure_decisions").get(0).get("reason").asText())
                .isEqualTo("failure rate 1/1 tasks = 100.0%, but a single failing task is treated as transient: retry");
        assertThat(Files.readString(repository.root().resolve(".wave/runs/latest/orchestrator.log")))
                .contains("decide  flaky attempt=1 action=retry failed_tasks=1/1 rate=100.0% agents=1->1");
    }

    static Path write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    static JsonNode summary(Path repository) throws IOException {
        return Json.MAPPER.readTree(repository.resolve(".wave/runs/latest/execution_summary.json").toFile());
    }

    static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file);
    }
}
