package dev.wave.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --engine without its module: core alone has only the local engine, so --engine temporal is a one-line error
 * saying how to get the module, and nothing is written.
 */
final class EngineOptionTest {
    @TempDir
    Path repository;

    @Test
    void runWithTemporalEngine_withoutTheModule_saysHowToInstallIt() throws Exception {
        Path plan = Files.writeString(repository.resolve("plan.yaml"), "tasks:\n  - {id: a, run: \"true\"}\n");

        Cli.Result result = Cli.run("run", "--plan", plan.toString(), "--repo", repository.toString(), "--yes",
                "--engine", "temporal", "--temporal-target", "127.0.0.1:7233");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("wave: --engine temporal: that engine is not installed (its module is not on "
                + "the class path; installed: local). Build it with ").hasLineCount(1);
        try (var entries = Files.list(repository)) {
            assertThat(entries).containsExactly(plan);
        }
    }

    @Test
    void temporalTarget_withTheLocalEngine_isRefused() throws Exception {
        Path plan = Files.writeString(repository.resolve("plan.yaml"), "tasks:\n  - {id: a, run: \"true\"}\n");

        Cli.Result result = Cli.run("run", "--plan", plan.toString(), "--repo", repository.toString(), "--yes",
                "--temporal-target", "127.0.0.1:7233");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).isEqualTo("wave: --temporal-target is an option of the Temporal engine, and the local "
                + "engine does not take it. Add --engine temporal, or drop --temporal-target.\n");
    }

    @Test
    void worker_withoutTheModule_saysHowToInstallIt() {
        Cli.Result result = Cli.run("worker", "--engine", "temporal", "--repo", repository.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("wave: --engine temporal: that engine is not installed").hasLineCount(1);
    }

    @Test
    void worker_withTheLocalEngine_isRefused() {
        Cli.Result result = Cli.run("worker", "--repo", repository.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).isEqualTo("wave: wave worker needs an engine that runs tasks elsewhere, got --engine local "
                + "(the local engine runs its tasks inside 'wave run'). Add --engine temporal.\n");
    }
}
