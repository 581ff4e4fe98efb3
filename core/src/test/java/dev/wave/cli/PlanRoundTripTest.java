package dev.wave.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wave.journal.Json;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plan written with {@code wave plan "GOAL" --out} reads back with the same tasks, critical
 * tasks, waves and estimates: keywords its prompts repeat from the goal do not make more tasks
 * critical (the written plan says {@code critical_in_prompts: false}).
 */
final class PlanRoundTripTest {
    @TempDir
    Path base;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "add a last_login_at column with an alembic migration and update the login endpoint",
        "Add a database migration for the users table with an alembic upgrade and a schema change",
        "Fix the login bug: the session crashes after a database migration",
        "Clean up the repository",
        "Fix the typo 'recieve' -> 'receive' in all Python files",
        "Add a dark mode toggle to the settings page",
    })
    void writtenPlan_readsBackWithTheSameTasksCriticalTasksWavesAndEstimates(String goal) throws Exception {
        MessyRepo messy = MessyRepo.create(base);
        messy.write("repo/alembic.ini", "[alembic]\n");
        String repo = messy.repo.toString();
        Path out = base.resolve("plan.yaml");

        Cli.Result written = Cli.run("plan", goal, "--repo", repo, "--agents", "4", "--json", "--out", out.toString());
        Cli.Result read = Cli.run("plan", "--plan", out.toString(), "--repo", repo, "--agents", "4", "--json");

        assertThat(written.exitCode()).as(written.err()).isZero();
        assertThat(read.exitCode()).as(read.err()).isZero();
        JsonNode before = Json.MAPPER.readTree(written.out());
        JsonNode after = Json.MAPPER.readTree(read.out());
        assertThat(after.get("tasks")).isEqualTo(before.get("tasks"));
        assertThat(ids(after.get("critical_tasks"))).isEqualTo(ids(before.get("critical_tasks")));
        assertThat(after.get("wave_structure")).isEqualTo(before.get("wave_structure"));
        assertThat(after.get("estimate").get("makespan_seconds")).isEqualTo(before.get("estimate").get("makespan_seconds"));
        assertThat(after.get("estimate").get("sequential_seconds")).isEqualTo(before.get("estimate").get("sequential_seconds"));
    }

    private static String ids(JsonNode critical) {
        StringBuilder ids = new StringBuilder();
        critical.forEach(task -> ids.append(task.get("id").asText()).append(' '));
        return ids.toString();
    }
}
