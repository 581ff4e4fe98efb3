package dev.wave.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wave.WaveException;
import dev.wave.plan.Action;
import dev.wave.plan.Task;
import dev.wave.planner.model.ModelClient;
import dev.wave.scale.Limits;
import dev.wave.scale.Machine;
import dev.wave.testing.FakeModelServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
final class ModelPlannerTest {
    private static final String KEY = "ak-test-key-that-must-never-leak-0002";
    private static final String VALID = """
            Here is the plan:
            ```json
            {"name": "add auth", "tasks": [
              {"id": "schema", "title": "Add users table", "prompt": "Add a users table in src/db/schema.py", "role": "Database Analyst", "estimate": "3m"},
              {"id": "migrate", "title": "Alembic upgrade", "run": "alembic upgrade head", "depends_on": ["schema"], "critical": true},
              {"id": "api", "prompt": "Add login endpoints in src/api/auth.py", "role": "Backend Engineer", "depends_on": ["migrate"]},
              {"id": "tests", "run": "pytest -q", "depends_on": ["api"]}
            ]}
            ```
            """;

    @TempDir
    Path repository;

    private final FakeModelServer server = new FakeModelServer();

    @AfterEach
    void stop() {
        server.close();
    }

    private GeneratedPlan plan(String goal) throws Exception {
        Files.createDirectories(repository.resolve("src/api"));
        Files.writeString(repository.resolve("src/api/auth.py"), "def login(): pass\n");
        ModelClient client = ModelClient.anthropic(server.anthropicUrl(), KEY, "claude-test", Duration.ofSeconds(5));
        return Planner.model(client, 3).plan(new Goal(goal, repository, Limits.automatic(), Machine.detect()));
    }

    @Test
    void validReply_becomesTheValidatedPlan_andTheModelSawTheRepository() throws Exception {
        server.thenText(VALID);

        GeneratedPlan generated = plan("Add authentication endpoints with a database migration");

        assertThat(generated.plan().tasks()).extracting(Task::id).containsExactly("schema", "migrate", "api", "tests");
        assertThat(generated.plan().task(1).critical()).isTrue();
        assertThat(generated.plan().task(2).action()).isInstanceOf(Action.Agent.class);
        assertThat(generated.agentTasks()).containsExactly("schema", "api");
        assertThat(generated.notes()).isEmpty();
        String asked = server.requests().get(0).body().path("messages").get(0).path("content").asText();
        assertThat(asked).contains("Goal: Add authentication endpoints with a database migration")
                .contains("src/api/auth.py").contains("1 files.");
    }

    @Test
    void invalidReply_isSentBackWithItsError_andTheRepairedPlanIsUsed() throws Exception {
        server.thenText("{\"tasks\": [{\"id\": \"a\", \"prompt\": \"x\", \"depends_on\": [\"b\"]}, "
                + "{\"id\": \"b\", \"prompt\": \"y\", \"depends_on\": [\"a\"]}]}").thenText(VALID);

        GeneratedPlan generated = plan("Add authentication endpoints");

        assertThat(generated.plan().size()).isEqualTo(4);
        assertThat(generated.notes().get(0)).startsWith("The model's plan was valid on attempt 2 of 3;");
        var second = server.requests().get(1).body().path("messages");
        assertThat(second).hasSize(3);
        assertThat(second.get(1).path("role").asText()).isEqualTo("assistant");
        assertThat(second.get(2).path("content").asText()).contains("dependency cycle: a -> b -> a");
    }

    @Test
    void invalidRepliesEveryTime_failAfterTheBound_inOneLine() {
        server.thenText("no json here").thenText("{\"tasks\": 3}").thenText("{\"tasks\": [{\"id\": \"a\"}]}").thenText(VALID);

        assertThatThrownBy(() -> plan("Add authentication endpoints"))
                .isInstanceOf(WaveException.class)
                .hasMessageStartingWith("the model planner gave no valid plan in 3 attempts; the last error: ")
                .hasMessageEndingWith("or plan offline with --planner heuristic.")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(KEY).doesNotContain("\n"));
        assertThat(server.requests()).hasSize(3);
    }

    @Test
    void openAiCompatible_malformedThenValid_usesTheRepairedPlan() throws Exception {
        Files.writeString(repository.resolve("app.py"), "x = 1\n");
        server.thenText("```json\n{\"tasks\": [{\"id\": \"a\", \"prompt\": \"x\", \"depends_on\": [\"ghost\"]}]}\n```")
                .thenText(VALID);
        ModelClient client = ModelClient.openAiCompatible(server.openAiUrl(), Optional.empty(), "llama3.1",
                Duration.ofSeconds(5));

        GeneratedPlan generated = Planner.model(client, 2).plan(new Goal("Add authentication endpoints", repository,
                Limits.automatic(), Machine.detect()));

        assertThat(generated.plan().size()).isEqualTo(4);
        var second = server.requests().get(1).body().path("messages");
        assertThat(second.findValuesAsText("role")).containsExactly("system", "user", "assistant", "user");
        assertThat(second.get(3).path("content").asText()).contains("unknown task \"ghost\"");
    }

    @Test
    void seedsPlannerFormat_isReadToo() throws Exception {
        server.thenText("""
                {"name": "cleanup", "subtasks": [
                  {"id": "scan", "description": "Find junk files", "agent_type": "Code Analyzer", "estimated_duration": 30},
                  {"id": "delete junk", "description": "Delete them", "estimated_duration": "2m"}],
                 "dependencies": {"delete junk": ["scan"]}}
                """);

        GeneratedPlan generated = plan("Clean up the repository");

        assertThat(generated.plan().tasks()).extracting(Task::id).containsExactly("scan", "delete-junk");
        assertThat(generated.plan().task(1).dependsOn()).containsExactly("scan");
        assertThat(generated.plan().task(0).estimate()).contains(Duration.ofSeconds(30));
        assertThat(generated.plan().task(0).role()).contains("Code Analyzer");
        assertThat(generated.pattern()).isEqualTo(Pattern.CLEANUP);
    }

    @Test
    void unreachableModel_isOneLineThatSaysHowToPlanOffline() {
        server.then(new FakeModelServer.Reply.Error(401, "authentication_error", "invalid x-api-key", ""));

        assertThatThrownBy(() -> plan("Add authentication endpoints"))
                .isInstanceOf(WaveException.class)
                .hasMessage("the model planner could not plan: the Anthropic API answered HTTP 401: invalid x-api-key "
                        + "Check ANTHROPIC_API_KEY.. Check the model's address and key, or plan offline with --planner heuristic.");
        assertThat(Optional.of(server.requests().size())).contains(1);
    }
}
