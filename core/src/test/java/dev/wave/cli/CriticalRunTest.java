package dev.wave.cli;

import static dev.wave.cli.RunSafetyTest.summary;
import static dev.wave.cli.RunSafetyTest.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wave.testing.ScratchRepository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class CriticalRunTest {
    @TempDir
    Path directory;

    @TempDir
    Path elsewhere;

    @Test
    void run_dangerousCommandWithYesOnly_exitsThreeAndNeverRunsIt() throws IOException {
        ScratchRepository repository = ScratchRepository.messy(directory);
        ScratchRepository.State before = repository.state();
        Path marker = elsewhere.resolve("ran");
        Path plan = write(elsewhere.resolve("plan.yaml"), """
                tasks:
                  - id: harmless
                    run: touch %s
                  - id: wipe
                    run: git reset --hard && touch %s
                """.formatted(marker, marker));

        Cli.Result outcome = Cli.run("run", "--plan", plan.toString(), "--repo", repository.root().toString(), "--yes");

        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.NOT_APPROVED);
        assertThat(outcome.out()).contains("wipe: dangerous command: git reset --hard (git reset --hard)");
        assertThat(outcome.err()).isEqualTo("wave: --yes approves the plan but not its 1 critical task (wipe); nothing was "
                + "changed. Pass --approve-critical as well, or run without --yes and answer the question.\n");
        assertThat(marker).doesNotExist();
        assertThat(repository.state()).isEqualTo(before);
        assertThat(repository.root().resolve(".wave")).doesNotExist();
    }

    @Test
    void run_criticalQuestionAnsweredNo_exitsThreeAndChangesNothing() throws IOException {
        ScratchRepository repository = ScratchRepository.messy(directory);
        ScratchRepository.State before = repository.state();
        Path plan = write(elsewhere.resolve("plan.yaml"), """
                tasks:
                  - id: drop
                    title: Drop table users
                    run: touch dropped
                """);

        Cli.Result outcome = Cli.runWithInput("yes\nno\n", "run", "--plan", plan.toString(), "--repo",
                repository.root().toString());

        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.NOT_APPROVED);
        assertThat(outcome.out()).contains("Ready to execute? (yes/no) Run the 1 critical task above (drop)? (yes/no) ");
        assertThat(outcome.err()).isEqualTo("wave: the critical tasks (drop) were not approved; nothing was changed. "
                + "Answer yes, or pass --approve-critical.\n");
        assertThat(repository.state()).isEqualTo(before);
    }

    @Test
    void run_criticalQuestionAnsweredYes_runsIt() throws IOException {
        ScratchRepository repository = ScratchRepository.messy(directory);
        Path plan = write(elsewhere.resolve("plan.yaml"), "tasks:\n  - id: drop\n    title: Drop table users\n    run: touch dropped\n");

        Cli.Result outcome = Cli.runWithInput("yes\nyes\n", "run", "--plan", plan.toString(), "--repo",
                repository.root().toString(), "--progress", "quiet");

        assertThat(outcome.exitCode()).as(outcome.out() + outcome.err()).isEqualTo(ExitCodes.OK);
        assertThat(repository.git("show", "--name-only", "--format=", "HEAD")).isEqualTo("dropped\n");
    }

    @Test
    void run_approvedCriticalTask_runsAloneAfterItsOwnBackupAndIsVerified() throws IOException {
        ScratchRepository repository = ScratchRepository.messy(directory);
        Path timeline = elsewhere.resolve("timeline");
        String step = "echo \"start %1$s\" >> " + timeline + " && sleep 0.2 && echo \"end %1$s\" >> " + timeline;
        StringBuilder tasks = new StringBuilder("tasks:\n");
        for (int i = 0; i < 4; i++) {
            tasks.append("  - id: plain").append(i).append("\n    run: ").append(step.formatted("plain" + i)).append('\n');
        }
        tasks.append("  - id: migrate\n    title: Database migration of users\n    run: ")
                .append(step.formatted("migrate")).append(" && echo migrated > migrated.txt\n")
                .append("    verify: test -f migrated.txt\n");
        for (int i = 4; i < 8; i++) {
            tasks.append("  - id: plain").append(i).append("\n    run: ").append(step.formatted("plain" + i)).append('\n');
        }
        Path plan = write(elsewhere.resolve("plan.yaml"), tasks.toString());

        // The timeline is outside the repository, where the sandbox lets no task write.
        Cli.Result outcome = Cli.run("run", "--plan", plan.toString(), "--repo", repository.root().toString(), "--yes",
                "--approve-critical", "--progress", "quiet", "--agents", "8", "--sandbox", "off");

        assertThat(outcome.exitCode()).as(outcome.out() + outcome.err()).isEqualTo(ExitCodes.OK);
        List<String> events = Files.readAllLines(timeline);
        int start = events.indexOf("start migrate");
        assertThat(events.get(start + 1)).isEqualTo("end migrate");
        int running = 0;
        for (String event : events.subList(0, start)) {
            running += event.startsWith("start") ? 1 : -1;
        }
        assertThat(running).as("tasks running when the critical task started: " + events).isZero();
        JsonNode critical = summary(repository.root()).get("critical_tasks").get(0);
        assertThat(critical.get("id").asText()).isEqualTo("migrate");
        assertThat(critical.get("reasons").get(0).asText()).isEqualTo("keyword \"database migration\" in its title");
        assertThat(critical.get("verify_result").asText()).isEqualTo("passed");
        String backup = critical.get("backup").asText();
        assertThat(backup).endsWith("-before-migrate");
        assertThat(repository.git("rev-parse", "--verify", "refs/wave/backups/" + backup)).isNotBlank();
        Path script = repository.root().resolve(".wave/runs/latest").resolve(critical.get("rollback_script").asText());
        assertThat(Files.readString(script)).contains("rollback --repo " + repository.root() + " " + backup);
        assertThat(Files.isExecutable(script)).isTrue();
    }

    @Test
    void run_criticalTaskWithoutVerify_isVerifiedByTheProjectsTestCommand() throws IOException {
        ScratchRepository repository = ScratchRepository.messy(directory);
        Files.writeString(repository.root().resolve("Makefile"), "test:\n\techo tested > tests-ran.txt\n");
        repository.git("add", "Makefile");
        repository.git("commit", "-q", "-m", "a Makefile with a test target");
        Path plan = write(elsewhere.resolve("plan.yaml"), "tasks:\n  - id: migrate\n    title: Alembic upgrade\n"
                + "    run: echo migrated > migrated.txt\n");

        Cli.Result outcome = Cli.run("run", "--plan", plan.toString(), "--repo", repository.root().toString(), "--yes",
                "--approve-critical", "--progress", "quiet");

        assertThat(outcome.exitCode()).as(outcome.out() + outcome.err()).isEqualTo(ExitCodes.OK);
        assertThat(repository.root().resolve("tests-ran.txt")).hasContent("tested");
        assertThat(summary(repository.root()).get("critical_tasks").get(0).get("verify").asText()).isEqualTo("make test");
    }

    @Test
    void run_criticalTaskFailsHalfway_rollsBackEverythingTheRunDid() throws IOException {
        ScratchRepository repository = ScratchRepository.messy(directory);
        ScratchRepository.State before = repository.state();
        Path plan = write(elsewhere.resolve("plan.yaml"), """
                tasks:
                  - id: prepare
                    run: echo prepared > prepared.txt && rm src/util.py
                  - id: migrate
                    critical: true
                    run: echo half > half.txt && git mv docs/guide.md docs/moved.md && exit 2
                    depends_on: [prepare]
                  - id: after
                    run: echo never > never.txt
                    depends_on: [migrate]
                """);

        Cli.Result outcome = Cli.run("run", "--plan", plan.toString(), "--repo", repository.root().toString(), "--yes",
                "--approve-critical", "--progress", "quiet");

        assertThat(outcome.exitCode()).as(outcome.out() + outcome.err()).isEqualTo(ExitCodes.TASK_FAILED);
        assertThat(repository.state()).isEqualTo(before);
        JsonNode summary = summary(repository.root());
        assertThat(summary.get("rollback").get("verified").asBoolean()).isTrue();
        assertThat(summary.get("critical_tasks").get(0).get("verify_result").asText())
                .isEqualTo("none: the task has no verify command and the run has no check (no test command detected, "
                        + "or --verify none)");
    }

    @Test
    void run_verifyFails_failsTheTaskAndRollsBack() throws IOException {
        ScratchRepository repository = ScratchRepository.messy(directory);
        ScratchRepository.State before = repository.state();
        Path plan = write(elsewhere.resolve("plan.yaml"), """
                tasks:
                  - id: schema
                    title: Schema change for orders
                    run: echo broken > schema.sql
                    verify: grep -q valid schema.sql
                """);

        Cli.Result outcome = Cli.run("run", "--plan", plan.toString(), "--repo", repository.root().toString(), "--yes",
                "--approve-critical", "--progress", "quiet");

        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.TASK_FAILED);
        assertThat(repository.state()).isEqualTo(before);
        JsonNode summary = summary(repository.root());
        assertThat(summary.get("tasks").get(0).get("summary").asText()).isEqualTo("verify failed (exit 1)");
        assertThat(summary.get("critical_tasks").get(0).get("verify_result").asText()).isEqualTo("failed (exit 1)");
    }

    @Test
    void plan_showsCriticalTasksAndTheirReasons() throws IOException {
        Path plan = write(elsewhere.resolve("plan.yaml"), """
                tasks:
                  - id: publish
                    run: npm publish
                  - id: tidy
                    run: rm -rf ../elsewhere
                  - id: safe
                    run: rm -rf build
                """);
        List<String> args = new ArrayList<>(List.of("plan", "--plan", plan.toString()));

        Cli.Result outcome = Cli.run(args.toArray(String[]::new));

        assertThat(outcome.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(outcome.out()).contains("Critical tasks (2): each runs alone, after a backup, followed by its verify "
                + "command, and needs approval\n  publish: keyword \"npm publish\" in its command\n"
                + "  tidy: dangerous command: rm -r reaching outside the repository (../elsewhere)\n");
        assertThat(outcome.out()).doesNotContain("  safe:");
    }
}
