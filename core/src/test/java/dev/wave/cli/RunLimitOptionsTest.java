package dev.wave.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** wave run's budget, caps and fix-wave flags, as a black box: help, and refusal of bad values before anything runs. */
final class RunLimitOptionsTest {
    @TempDir
    Path repo;

    @Test
    void help_describesTheBudgetCapsAndFixWaves() {
        Cli.Result result = Cli.run("run", "--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("--budget-usd=DOLLARS").contains("--budget-tokens=N")
                .contains("--caps=GROUP=N,...").contains("--fix-attempts=N");
    }

    @Test
    void badBudget_isRefusedInOneLine_andNothingIsWritten() throws Exception {
        Path plan = repo.resolve("plan.yaml");
        Files.writeString(plan, "tasks:\n  - {id: a, run: \"echo A > a.txt\"}\n");

        Cli.Result result = Cli.run("run", "--plan", plan.toString(), "--repo", repo.toString(), "--yes", "--no-backup",
                "--budget-usd", "-3");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err().strip()).isEqualTo("wave: --budget-usd must be an amount of US dollars above 0, such as 5 "
                + "or 2.50, got \"-3\". Omit it for the default (no budget).");
        assertThat(repo.resolve("a.txt")).doesNotExist();
        assertThat(repo.resolve(".wave")).doesNotExist();
    }

    @Test
    void unknownCapGroup_isRefused() throws Exception {
        Path plan = repo.resolve("plan.yaml");
        Files.writeString(plan, "tasks:\n  - {id: a, run: \"true\"}\n");

        Cli.Result result = Cli.run("run", "--plan", plan.toString(), "--repo", repo.toString(), "--yes", "--no-backup",
                "--caps", "gpu=2");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--caps must be caps such as prompt=2,claude=1");
    }

    @Test
    void capOnShellTasks_runsThemOneAtATime_thoughTwoAgentsAreFree() throws Exception {
        // Each task fails if another holds the directory "busy": run side by side, one of them would fail.
        String command = "mkdir busy && sleep 0.3 && rmdir busy";
        Path plan = repo.resolve("plan.yaml");
        Files.writeString(plan, "tasks:\n  - {id: a, run: \"" + command + "\"}\n  - {id: b, run: \"" + command + "\"}\n");

        Cli.Result result = Cli.run("run", "--plan", plan.toString(), "--repo", repo.toString(), "--yes", "--no-backup",
                "--progress", "quiet", "--agents", "2", "--caps", "run=1", "--verify", "none");

        assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
        assertThat(result.out()).contains("peak 1 running");
    }
}
