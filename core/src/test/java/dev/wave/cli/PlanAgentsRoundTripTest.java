package dev.wave.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wave.journal.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent count a request asks for survives {@code wave plan --out} and {@code --plan}; a flag still wins. */
final class PlanAgentsRoundTripTest {
    @TempDir
    Path base;

    @Test
    void agentCountOfTheRequest_isWrittenToThePlanFile_andReadBack() throws Exception {
        MessyRepo messy = MessyRepo.create(base);
        String repo = messy.repo.toString();
        Path out = base.resolve("plan.yaml");

        Cli.Result written = Cli.run("plan", "Fix the typo 'recieve' -> 'receive' in all Python files using 3 parallel agents",
                "--repo", repo, "--json", "--out", out.toString());
        Cli.Result read = Cli.run("plan", "--plan", out.toString(), "--repo", repo, "--json");
        Cli.Result overridden = Cli.run("plan", "--plan", out.toString(), "--repo", repo, "--agents", "2", "--json");

        assertThat(written.exitCode()).as(written.err()).isZero();
        assertThat(Files.readString(out)).contains("\nagents: 3\n");
        assertThat(read.exitCode()).as(read.err()).isZero();
        JsonNode before = Json.MAPPER.readTree(written.out());
        JsonNode after = Json.MAPPER.readTree(read.out());
        assertThat(agents(before)).isEqualTo(3);
        assertThat(agents(after)).isEqualTo(3);
        assertThat(after.get("settings").toString()).contains("\"agents\":{\"value\":3,\"source\":\"request\",\"origin\":\"plan file\"}");
        assertThat(agents(Json.MAPPER.readTree(overridden.out()))).isEqualTo(2);
    }

    @Test
    void aPlanFileWithABadAgentCount_isRefusedInOneLine() throws Exception {
        MessyRepo messy = MessyRepo.create(base);
        Path plan = Files.writeString(base.resolve("bad.yaml"), "agents: many\ntasks:\n  - {id: a, run: \"true\"}\n");

        Cli.Result read = Cli.run("plan", "--plan", plan.toString(), "--repo", messy.repo.toString());

        assertThat(read.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(read.err().strip()).endsWith("the plan's \"agents\" must be a whole number of at least 1, found "
                + "\"many\". Fix it, or remove it to let wave choose.");
    }

    private static int agents(JsonNode analysis) {
        return analysis.get("scaling").get("agents").asInt();
    }
}
