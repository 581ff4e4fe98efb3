package dev.wave.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 9, items 7 and 9: messages a person can act on, and a quiet run that prints only its summary. */
final class Issue9MessagesTest {
    @TempDir
    Path directory;

    private Path plan() throws Exception {
        Path plan = directory.resolve("plan.yaml");
        Files.writeString(plan, "tasks:\n  - {id: a, run: \"true\"}\n  - {id: b, run: \"true\", depends_on: [a]}\n");
        return plan;
    }

    @Test
    void flags_areEchoedAsTyped() throws Exception {
        Cli.Result shown = Cli.run("plan", "--plan", plan().toString(), "--repo", directory.toString(), "--progress", "summary",
                "--no-dry-run");
        Cli.Result refused = Cli.run("plan", "--plan", plan().toString(), "--repo", directory.toString(), "--progress", "loud");

        assertThat(shown.out()).contains("progress_display summary (--progress)").contains("dry_run no (--no-dry-run)")
                .doesNotContain("--progress-display");
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).isEqualTo("wave: --progress must be one of live, summary, quiet, got \"loud\". Omit it "
                + "for the default (live).\n");
    }

    @Test
    void resume_refusesAnUnknownProgressStyle_asRunDoes() {
        Cli.Result refused = Cli.run("resume", "--repo", directory.toString(), "--progress", "loud");

        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).isEqualTo("wave: --progress must be one of live, summary, quiet, got \"loud\". Omit it "
                + "for the default (live).\n");
        assertThat(directory).isEmptyDirectory();
    }

    @Test
    void rollback_outsideGit_suggestsWhatRollbackAccepts() {
        Cli.Result result = Cli.run("rollback", "--repo", directory.toString());

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.err()).isEqualTo("wave: " + directory.toAbsolutePath() + " is not inside a git work tree, so it "
                + "holds no wave backups to restore. Pass --repo DIR for the repository the run was in; 'wave rollback "
                + "--list --repo DIR' lists its backups.\n").doesNotContain("--no-backup");
    }

    @Test
    void quietRun_printsOnlyTheFinalSummary() throws Exception {
        Cli.Result result = Cli.run("run", "--plan", plan().toString(), "--repo", directory.toString(), "--yes",
                "--no-backup", "--progress", "quiet");

        assertThat(result.exitCode()).as(result.err()).isEqualTo(0);
        assertThat(result.out()).startsWith("\nRun ").contains(" succeeded in ").contains("  Report:      ")
                .doesNotContain("TASK ANALYSIS").doesNotContain("Wave 0:").doesNotContain("start ");
    }
}
