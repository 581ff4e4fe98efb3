package dev.wave.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.testing.ScratchRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code wave report} shows a rollback made with {@code wave rollback} after the run, not the run's own decision. */
final class ReportAfterRollbackTest {
    @TempDir
    Path temporary;

    @Test
    @Timeout(120)
    void reportAfterRollback_showsTheRollback_verifiedAndWhen() throws Exception {
        ScratchRepository repository = ScratchRepository.empty(Files.createDirectory(temporary.resolve("repo")));
        repository.write("README.md", "hello\n");
        repository.git("add", "-A");
        repository.git("commit", "-q", "-m", "initial");
        Path plan = Files.writeString(temporary.resolve("plan.yaml"), "name: adds a file\ntasks:\n"
                + "  - {id: add, run: \"echo new > added.txt\"}\n");
        String repo = repository.root().toString();
        Cli.Result run = Cli.run("run", "--plan", plan.toString(), "--repo", repo, "--yes", "--no-commit", "--progress",
                "quiet");
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(Cli.run("report", "--repo", repo).out()).contains("Rollback:    not needed");

        Path page = repository.path(".wave/runs/latest").toRealPath().resolve("report.html");
        assertThat(Files.readString(page)).doesNotContain("restored and verified");
        Cli.Result rollback = Cli.run("rollback", "--repo", repo);
        assertThat(rollback.exitCode()).as(rollback.out() + rollback.err()).isZero();
        assertThat(Files.readString(page)).as("the run's page is written again").contains("restored and verified");
        Cli.Result report = Cli.run("report", "--repo", repo);

        assertThat(report.exitCode()).as(report.err()).isZero();
        assertThat(report.out()).containsPattern("Rollback:    'wave rollback' at \\d{4}-\\d\\d-\\d\\dT[^:]+:\\d\\d:\\d\\d.*: "
                + "restored and verified, 1 file removed, 0 restored; 'wave rollback undo-")
                .contains("(at the end of the run: not needed: the run succeeded)");
        Cli.Result html = Cli.run("report", "--repo", repo, "--html");
        assertThat(html.exitCode()).as(html.err()).isZero();
        assertThat(Files.readString(page)).contains("restored and verified");
    }
}
