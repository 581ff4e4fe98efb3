package dev.wave.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The analysis says in one line when shell tasks would run without bubblewrap, and why. */
final class SandboxAnalysisTest {
    @TempDir
    Path directory;

    @Test
    void plan_withTheSandboxOff_saysSoInTheAnalysis() throws Exception {
        Path plan = Files.writeString(directory.resolve("plan.yaml"), "tasks:\n  - {id: a, run: make}\n");

        Cli.Result result = Cli.run("plan", "--plan", plan.toString(), "--repo", directory.toString(), "--sandbox", "off",
                "--json");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("\"Sandbox: none, process groups only (sandbox: off): tasks can write outside "
                + "the repository and use the network; wave kills their processes by process group and environment "
                + "marker\"");
    }

    @Test
    void plan_withoutShellTasks_saysNothingOfTheSandbox() throws Exception {
        Path plan = Files.writeString(directory.resolve("plan.yaml"), "tasks:\n  - {id: a, action: remove-empty-dirs}\n");

        Cli.Result result = Cli.run("plan", "--plan", plan.toString(), "--repo", directory.toString(), "--sandbox", "off",
                "--json");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).doesNotContain("Sandbox:");
    }
}
