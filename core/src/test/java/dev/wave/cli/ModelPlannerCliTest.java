package dev.wave.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wave.journal.Json;
import dev.wave.testing.FakeModelServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code wave plan} and {@code wave run} with a model planner, end to end through the command line,
 * against a fake model API on 127.0.0.1 named by the environment the test passes.
 */
@Timeout(60)
final class ModelPlannerCliTest {
    private static final String KEY = "sk-test-key-that-must-never-leak-0004";
    private static final String PLAN = """
            {"name": "auth", "tasks": [
              {"id": "schema", "title": "Users table", "prompt": "Add a users table", "role": "Database Analyst", "estimate": "3m"},
              {"id": "api", "title": "Login endpoints", "prompt": "Add /login and /logout", "depends_on": ["schema"]},
              {"id": "docs", "title": "Document auth", "prompt": "Document the endpoints", "depends_on": ["api"]}]}
            """;

    @TempDir
    Path base;

    private final FakeModelServer server = new FakeModelServer();
    private MessyRepo messy;

    @BeforeEach
    void repository() {
        messy = MessyRepo.create(base);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Cli.Result wave(Map<String, String> environment, String... args) {
        return Cli.runWithEnvironment(environment, "", args);
    }

    @Test
    void planWithOpenAi_fromOpenAiBaseUrl_showsTheModelsPlan_andWhichPlannerMadeIt() throws Exception {
        server.thenText(PLAN);

        Cli.Result result = wave(Map.of("OPENAI_BASE_URL", server.openAiUrl().toString(), "OPENAI_API_KEY", KEY),
                "plan", "Add authentication endpoints", "--planner", "openai", "--planner-model", "llama3.1",
                "--repo", messy.repo.toString(), "--json");

        assertThat(result.exitCode()).as(result.err()).isEqualTo(0);
        JsonNode json = Json.MAPPER.readTree(result.out());
        assertThat(json.toString()).contains("Planner: openai-compatible (llama3.1 at " + server.openAiUrl()
                + "), chosen by --planner; --planner heuristic plans offline").doesNotContain(KEY);
        assertThat(json.path("settings").path("planner").path("value").asText()).isEqualTo("openai");
        assertThat(json.path("settings").path("planner_model").path("origin").asText()).isEqualTo("--planner-model");
        assertThat(json.findValuesAsText("id")).contains("schema", "api", "docs");
        FakeModelServer.Request request = server.requests().get(0);
        assertThat(request.path()).isEqualTo("/v1/chat/completions");
        assertThat(request.header("authorization")).isEqualTo("Bearer " + KEY);
        assertThat(request.body().path("model").asText()).isEqualTo("llama3.1");
    }

    @Test
    void auto_withAnAnthropicKey_asksTheModelForJudgement_butNotForACleanup() {
        Map<String, String> environment = Map.of("ANTHROPIC_API_KEY", KEY, "ANTHROPIC_BASE_URL", server.anthropicUrl().toString());
        server.thenText(PLAN);

        Cli.Result feature = wave(environment, "plan", "Add authentication endpoints", "--repo", messy.repo.toString());
        Cli.Result cleanup = wave(environment, "plan", "Clean up the repository", "--repo", messy.repo.toString());

        assertThat(feature.exitCode()).as(feature.err()).isEqualTo(0);
        assertThat(feature.out().replaceAll("[║│\\s]+", " ")).contains("Planner: anthropic (claude-sonnet-4-5 at "
                + server.anthropicUrl() + "), ANTHROPIC_API_KEY is set").doesNotContain(KEY);
        assertThat(cleanup.exitCode()).as(cleanup.err()).isEqualTo(0);
        assertThat(cleanup.out().replaceAll("[║│\\s]+", " ")).contains("Planner: heuristic (a built-in pattern plans this "
                + "goal: Mass file operations (cleanup); --planner to ask a model)");
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void noKeyNoClaude_plansOffline_andSaysSo() {
        Cli.Result result = wave(Map.of("PATH", base.toString()), "plan", "Add authentication endpoints",
                "--repo", messy.repo.toString());

        assertThat(result.exitCode()).as(result.err()).isEqualTo(0);
        assertThat(result.out().replaceAll("[║│\\s]+", " ")).contains("Planner: heuristic (no ANTHROPIC_API_KEY or "
                + "OPENAI_API_KEY, no claude on PATH; --planner to choose)");
    }

    @Test
    void alwaysMalformedReplies_endInOneLineNamingTheFallback_withNothingChanged() throws Exception {
        server.thenText("I cannot plan that.").thenText("{\"tasks\": 3}").thenText("{\"tasks\": [{\"id\": \"a\"}]}");
        Map<String, String> before = dev.wave.testing.Trees.snapshot(base);

        Cli.Result result = wave(Map.of("OPENAI_BASE_URL", server.openAiUrl().toString()), "run",
                "Add authentication endpoints", "--repo", messy.repo.toString(), "--yes");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err().lines()).hasSize(1);
        assertThat(result.err()).startsWith("wave: the model planner gave no valid plan in 3 attempts; the last error: ")
                .contains("or plan offline with --planner heuristic.");
        assertThat(server.requests()).hasSize(3);
        assertThat(dev.wave.testing.Trees.snapshot(base)).isEqualTo(before);
    }

    @Test
    void refusedKey_isOneLine_thatNeverHoldsTheKey() {
        server.then(new FakeModelServer.Reply.Error(401, "authentication_error", "invalid x-api-key", ""));

        Cli.Result result = wave(Map.of("ANTHROPIC_API_KEY", KEY, "ANTHROPIC_BASE_URL", server.anthropicUrl().toString()),
                "plan", "Add authentication endpoints", "--repo", messy.repo.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).isEqualTo("wave: the model planner could not plan: the Anthropic API answered HTTP 401: "
                + "invalid x-api-key Check ANTHROPIC_API_KEY.. Check the model's address and key, or plan offline with "
                + "--planner heuristic.\n").doesNotContain(KEY);
    }

    @Test
    void runOfAModelPlan_leavesTheKeyNowhere_inTheOutputTheRunDirectoryOrTheCommit() throws Exception {
        server.thenText("""
                {"name": "typo", "tasks": [{"id": "fix", "title": "Fix the typo",
                  "action": {"name": "replace", "glob": "**/*.py", "find": "recieve", "with": "receive"}}]}
                """);

        Cli.Result result = wave(Map.of("ANTHROPIC_API_KEY", KEY, "ANTHROPIC_BASE_URL", server.anthropicUrl().toString()),
                "run", "Make the spelling of receive consistent", "--planner", "anthropic", "--repo", messy.repo.toString(),
                "--yes", "--verify", "none");

        assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(0);
        assertThat(Files.readString(messy.repo.resolve("src/app/core.py"))).contains("receive").doesNotContain("recieve");
        assertThat(result.out() + result.err()).doesNotContain(KEY);
        assertThat(filesHolding(messy.repo.resolve(".wave"), KEY)).isEmpty();
        assertThat(filesHolding(messy.repo.resolve(".git"), KEY)).isEmpty();
    }

    @Test
    void aModelsPromptNamingACriticalOperation_isMarkedCritical_whateverTheModelSaid() {
        server.thenText("""
                {"name": "sessions", "critical_in_prompts": false, "tasks": [
                  {"id": "purge", "title": "Purge sessions", "prompt": "Drop table sessions and recreate it empty"}]}
                """);

        Cli.Result result = wave(Map.of("OPENAI_BASE_URL", server.openAiUrl().toString()), "plan",
                "Reset the sessions storage", "--repo", messy.repo.toString());

        assertThat(result.exitCode()).as(result.err()).isEqualTo(0);
        assertThat(result.out()).contains("CRITICAL").contains("purge");
    }

    @Test
    void compoundGoal_offline_isOnePlanWithItsCriticalTaskAlone() {
        Cli.Result result = wave(Map.of(), "plan", "fix the schema mismatch, add authentication endpoints, write tests and "
                + "update the documentation", "--repo", messy.repo.toString());

        assertThat(result.exitCode()).as(result.err()).isEqualTo(0);
        assertThat(result.out()).contains("Pattern detected: Compound goal (a part per concern)")
                .contains("CRITICAL (1 agent, runs alone)").contains("fix-schema.run-migration");
    }

    private static List<Path> filesHolding(Path root, String text) throws IOException {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).filter(file -> {
                try {
                    return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)
                            .contains(new String(needle, StandardCharsets.ISO_8859_1));
                } catch (IOException e) {
                    return false;
                }
            }).toList();
        }
    }
}
