package dev.wave.cli;

import static dev.wave.testing.WaveProcess.filesHolding;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.testing.ScratchRepository;
import dev.wave.testing.SeedProject;
import dev.wave.testing.WaveProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seeds' second feature request, {@code wave run "Add new API endpoint with tests"}, as a user
 * runs it: a wave process of its own with an API key in its environment, {@code --agent claude}
 * finding the seed agent of {@link SeedProject} (a fake Claude Code that edits the sample project
 * and prints the key) first on {@code PATH}; then {@code wave rollback}.
 */
@Timeout(180)
final class SeedRequestCliTest {
    private static final String KEY = "sk-ant-seed-request-key-0123456789abcdef";

    @TempDir
    Path directory;

    @Test
    void addNewApiEndpointWithTests_runsItsAgentsWithClaude_checksCommits_andRollsBack_withTheKeyNowhere()
            throws Exception {
        Path repo = directory.resolve("repo");
        ScratchRepository repository = SeedProject.create(repo);
        ScratchRepository.State before = repository.state();
        Path bin = SeedProject.installAgent(directory.resolve("bin")).getParent();

        WaveProcess.Ended run = WaveProcess.run(repo, Map.of("ANTHROPIC_API_KEY", KEY, "PATH", bin + ":" + System.getenv("PATH")),
                "run", "Add new API endpoint with tests", "--agent", "claude", "--planner", "heuristic", "--yes",
                "--progress", "summary");

        assertThat(run.exitCode()).as(run.output()).isEqualTo(0);
        assertThat(run.output()).contains("Pattern detected: Full-stack feature")
                .contains("Agent tasks: 8, run by claude (agent from --agent)")
                .contains("Wave 0: check baseline (python3 -m pytest -q): 2 passed, 0 failed")
                .contains("Check after the tasks (python3 -m pytest -q): passed (exit 0: 4 passed, 0 failed")
                .contains("Tasks:       8 succeeded, 0 failed");
        assertThat(repository.read("app/server.py")).contains("@route(\"/login\")", "from app.auth import token_for");
        assertThat(repository.read("app/auth.py")).contains("def token_for(");
        assertThat(repository.git("status", "--porcelain", "--untracked-files=all")).isEmpty();
        assertThat(repository.git("log", "-1", "--format=%s")).startsWith("wave: ");
        assertThat(run.output()).doesNotContain(KEY);
        assertThat(filesHolding(repo.resolve(".wave"), KEY)).isEmpty();
        assertThat(filesHolding(repo.resolve(".wave"), "debug: ANTHROPIC_API_KEY=[redacted]")).as("the agents' logs, masked")
                .isNotEmpty();
        assertThat(repository.git("log", "-p", "--all")).doesNotContain(KEY);

        Cli.Result rollback = Cli.run("rollback", "--repo", repo.toString());

        assertThat(rollback.exitCode()).as(rollback.out() + rollback.err()).isEqualTo(ExitCodes.OK);
        assertThat(repository.state()).isEqualTo(before);
    }
}
