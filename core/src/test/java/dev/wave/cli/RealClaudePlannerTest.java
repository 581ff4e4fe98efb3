package dev.wave.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.testing.AgentProcess;
import dev.wave.testing.FakeModelServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code wave plan --planner claude} with the real Claude Code CLI (installed by {@code .ci/run};
 * {@code WAVE_CLAUDE} names it), pointed at a fake Messages API on 127.0.0.1: the real client in
 * print mode, no network. Skipped where the CLI is not installed.
 */
@Timeout(120)
final class RealClaudePlannerTest {
    @TempDir
    Path base;

    private final FakeModelServer server = new FakeModelServer();

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void planWithClaude_printMode_readsThePlanFromTheCliResult() throws Exception {
        String claude = AgentProcess.installed("WAVE_CLAUDE", "claude", "Claude Code",
                "npm install @anthropic-ai/claude-code@2.1.197");
        MessyRepo messy = MessyRepo.create(base);
        server.thenText("""
                {"name": "auth", "tasks": [
                  {"id": "api", "title": "Login endpoints", "prompt": "Add /login and /logout", "role": "Backend Engineer"},
                  {"id": "docs", "title": "Document auth", "prompt": "Document the endpoints", "depends_on": ["api"]}]}
                """);
        Map<String, String> environment = new HashMap<>();
        environment.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        environment.put("WAVE_CLAUDE", claude);
        AgentProcess.pointClaudeAt(environment, server.anthropicUrl(), Files.createDirectories(base.resolve("home")));

        Cli.Result result = Cli.runWithEnvironment(environment, "", "plan", "Add authentication endpoints",
                "--planner", "claude", "--repo", messy.repo.toString(), "--json");

        assertThat(result.exitCode()).as(result.err()).isEqualTo(0);
        assertThat(result.out()).contains("Planner: claude CLI (" + claude + " -p), chosen by --planner")
                .contains("\"api\"").contains("\"docs\"").doesNotContain(AgentProcess.CLAUDE_KEY);
        assertThat(server.requests()).anySatisfy(request -> assertThat(request.body().toString())
                .contains("Goal: Add authentication endpoints").contains("You are the planner of wave"));
    }
}
