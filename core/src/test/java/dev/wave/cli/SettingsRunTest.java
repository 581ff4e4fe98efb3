package dev.wave.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wave.journal.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each option of SPEC F2 does what it says in a real run, wherever it was set. */
final class SettingsRunTest {
    @TempDir
    Path base;

    MessyRepo messy;

    @BeforeEach
    void repository() {
        messy = MessyRepo.create(base);
    }

    private Path plan(String yaml) throws Exception {
        Path file = base.resolve("outside/plan.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private Cli.Result run(String... args) {
        List<String> all = new ArrayList<>(List.of("run"));
        all.addAll(List.of(args));
        all.addAll(List.of("--repo", messy.repo.toString(), "--yes"));
        return Cli.run(all.toArray(String[]::new));
    }

    private Path latest() {
        return messy.repo.resolve(".wave/runs/latest");
    }

    @Test
    void prioritySafety_abortsOnAMajorFailureRate_balancedGoesSequential() throws Exception {
        StringBuilder yaml = new StringBuilder("tasks:\n");
        for (int i = 1; i <= 3; i++) {
            yaml.append("  - {id: bad").append(i).append(", run: \"exit 1\", retries: 1}\n");
        }
        for (int i = 1; i <= 7; i++) {
            yaml.append("  - {id: ok").append(i).append(", run: \"true\"}\n");
        }
        Path plan = plan(yaml.toString());

        Cli.Result safety = run("--plan", plan.toString(), "--priority", "safety", "--retry-backoff", "1ms",
                "--progress", "quiet");
        String safetyLog = Files.readString(latest().resolve("orchestrator.log"));
        Cli.Result balanced = run("--plan", plan.toString(), "--retry-backoff", "1ms", "--progress", "quiet");
        String balancedLog = Files.readString(latest().resolve("orchestrator.log"));

        assertThat(safety.exitCode()).isEqualTo(1);
        assertThat(safetyLog).contains("priority=safety").contains("with priority safety: abort");
        assertThat(balanced.exitCode()).isEqualTo(1);
        assertThat(balancedLog).contains("priority=balanced").contains("fall back to sequential")
                .doesNotContain("with priority safety");
    }

    @Test
    void checkpointRetention_cleanupDeletes_archiveZips_keepKeeps() throws Exception {
        Path plan = plan("tasks:\n  - {id: a, run: \"true\"}\n  - {id: b, run: \"true\", depends_on: [a]}\n");

        Cli.Result cleanup = run("--plan", plan.toString(), "--checkpoint-retention", "cleanup", "--progress", "quiet");
        assertThat(cleanup.exitCode()).as(cleanup.err()).isEqualTo(0);
        assertThat(cleanup.out()).contains("Checkpoints: deleted 2 checkpoints (checkpoint_retention: cleanup)");
        assertThat(latest().resolve("checkpoints")).doesNotExist();
        assertThat(latest().resolve("execution_summary.json")).exists();

        messy.write("repo/.wave/config.yaml", "checkpoint_retention: archive\n");
        Cli.Result archive = run("--plan", plan.toString(), "--progress", "quiet");
        assertThat(archive.exitCode()).as(archive.err()).isEqualTo(0);
        assertThat(latest().resolve("checkpoints")).doesNotExist();
        try (ZipFile zip = new ZipFile(latest().resolve("checkpoints.zip").toFile())) {
            assertThat(zip.stream().map(entry -> entry.getName()).toList())
                    .containsExactly("checkpoints/a.json", "checkpoints/b.json");
        }

        run("--plan", plan.toString(), "--checkpoint-retention", "keep", "--progress", "quiet");
        assertThat(latest().resolve("checkpoints/a.json")).exists();
    }

    @Test
    void checkpointVerbosityMinimal_countsTheFilesChanged_withoutListingThem() throws Exception {
        Cli.Result result = run("Clean up the repository\nPREFERENCES:\n- checkpoint_verbosity: minimal\n", "--progress",
                "quiet");

        assertThat(result.exitCode()).as(result.err()).isEqualTo(0);
        JsonNode checkpoint = Json.MAPPER.readTree(latest().resolve("checkpoints/delete-1.json").toFile());
        assertThat(checkpoint.has("files_changed")).isFalse();
        assertThat(checkpoint.get("files_changed_count").asInt()).isGreaterThan(0);
        assertThat(checkpoint.get("status").asText()).isEqualTo("succeeded");
    }

    @Test
    void autoRollbackOff_keepsAFailedRunsChanges_andSaysHowToRollBack() throws Exception {
        Path plan = plan("tasks:\n  - {id: a, run: \"echo made > made.txt\"}\n  - {id: b, run: \"exit 3\", depends_on: [a]}\n");

        Cli.Result rolledBack = run("--plan", plan.toString(), "--progress", "quiet");
        assertThat(rolledBack.exitCode()).isEqualTo(1);
        assertThat(messy.repo.resolve("made.txt")).doesNotExist();

        Cli.Result kept = run("--plan", plan.toString(), "--progress", "quiet", "--no-auto-rollback");
        assertThat(kept.exitCode()).isEqualTo(1);
        assertThat(messy.repo.resolve("made.txt")).exists();
        assertThat(kept.out()).contains("not rolled back (auto_rollback: no): the run's changes are kept; 'wave rollback ");
    }

    @Test
    void createRollbackScriptsOff_writesNoScripts() throws Exception {
        Path plan = plan("tasks:\n  - {id: a, run: \"true\"}\n");

        run("--plan", plan.toString(), "--progress", "quiet");
        assertThat(latest().resolve("rollback.sh")).exists();

        messy.write("repo/.wave/config.yaml", "create_rollback_scripts: no\n");
        Cli.Result result = run("--plan", plan.toString(), "--progress", "quiet");
        assertThat(result.exitCode()).as(result.err()).isEqualTo(0);
        assertThat(latest().resolve("rollback.sh")).doesNotExist();
    }

    @Test
    void requireApprovalOff_inTheConfig_letsYesCoverCriticalTasks_butNotInTheRequestText() throws Exception {
        Path plan = plan("tasks:\n  - {id: migrate, run: \"echo migrated > m.txt\", critical: true}\n");

        Cli.Result asked = run("--plan", plan.toString(), "--progress", "quiet");
        assertThat(asked.exitCode()).isEqualTo(3);
        assertThat(asked.err()).contains("--yes approves the plan but not its 1 critical task (migrate)");

        Cli.Result request = run("Clean up the repository\nOPTIONS:\n- require_approval: no\n", "--progress", "quiet",
                "--critical-keywords", "cleanup targets");
        assertThat(request.exitCode()).isEqualTo(3);
        assertThat(request.err()).contains("request text: require_approval \"no\" is ignored: the request text cannot "
                + "turn the approval of critical tasks off.");

        messy.write("repo/.wave/config.yaml", "require_approval: no\n");
        Cli.Result config = run("--plan", plan.toString(), "--progress", "quiet");
        assertThat(config.exitCode()).as(config.err()).isEqualTo(0);
        assertThat(messy.repo.resolve("m.txt")).exists();
    }

    @Test
    void progressDisplay_fromTheRequestText_orTheOldFlag() throws Exception {
        Cli.Result quiet = run("Clean up the repository\nPREFERENCES:\n- progress_display: quiet\n");
        assertThat(quiet.exitCode()).as(quiet.err()).isEqualTo(0);
        assertThat(quiet.out()).doesNotContain("start     delete-1").contains(" succeeded in ");

        Path plan = plan("tasks:\n  - {id: a, run: \"true\"}\n");
        Cli.Result summary = run("--plan", plan.toString(), "--progress", "summary");
        assertThat(summary.out()).containsPattern("start     a \\(wave 1, I1\\)");
    }
}
