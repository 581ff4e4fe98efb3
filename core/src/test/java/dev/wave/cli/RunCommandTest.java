package dev.wave.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wave.journal.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class RunCommandTest {
    @TempDir
    Path repo;

    private Path plan(String yaml) throws Exception {
        Path file = repo.resolve("plan.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private Cli.Result run(Path plan, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("run", "--plan", plan.toString(), "--repo", repo.toString(),
                "--progress", "quiet", "--no-backup"));
        args.addAll(List.of(extra));
        return Cli.run(args.toArray(String[]::new));
    }

    private JsonNode summary() throws Exception {
        return Json.MAPPER.readTree(repo.resolve(".wave/runs/latest/execution_summary.json").toFile());
    }

    @Test
    void run_succeeds_writesTheRunDirectory() throws Exception {
        Path plan = plan("""
                tasks:
                  - {id: a, run: "echo A > a.txt", estimate: 1s}
                  - {id: b, run: "cat a.txt", depends_on: [a], env: {X: "1"}}
                """);

        Cli.Result result = run(plan, "--yes");

        assertThat(result.exitCode()).as(result.err()).isEqualTo(0);
        assertThat(result.out()).contains("Run ").contains(" succeeded in ").contains("(measured)");
        Path latest = repo.resolve(".wave/runs/latest");
        assertThat(Files.isSymbolicLink(latest)).isTrue();
        assertThat(latest.resolve("execution_plan.json")).exists();
        assertThat(latest.resolve("orchestrator.log")).content().contains("start   a").contains("succeeded b");
        assertThat(latest.resolve("logs/b.log")).hasContent("A");
        JsonNode checkpoint = Json.MAPPER.readTree(latest.resolve("checkpoints/a.json").toFile());
        assertThat(checkpoint.get("task_id").asText()).isEqualTo("a");
        assertThat(checkpoint.get("status").asText()).isEqualTo("succeeded");
        assertThat(checkpoint.get("next_dependencies").get(0).asText()).isEqualTo("b");
        assertThat(checkpoint.get("wave").asInt()).isEqualTo(1);

        JsonNode summary = summary();
        assertThat(summary.get("run_id").asText()).isEqualTo(Files.readSymbolicLink(latest).toString());
        assertThat(summary.get("status").asText()).isEqualTo("succeeded");
        assertThat(summary.get("mode").asText()).isEqualTo("flow");
        assertThat(summary.get("agents").asInt()).isEqualTo(1);
        for (String field : List.of("wall_seconds", "sequential_seconds", "efficiency", "peak_concurrency", "waves")) {
            assertThat(summary.has(field)).as(field).isTrue();
        }
        JsonNode task = summary.get("tasks").get(1);
        assertThat(task.get("id").asText()).isEqualTo("b");
        assertThat(task.get("status").asText()).isEqualTo("succeeded");
        assertThat(task.get("instance").asText()).isEqualTo("I1");
        assertThat(task.get("wave").asInt()).isEqualTo(2);
        assertThat(task.get("started_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(task.get("exit_code").asInt()).isEqualTo(0);
        assertThat(task.get("attempts").asInt()).isEqualTo(1);
    }

    @Test
    void failedTask_exits1_andSkipsDependents() throws Exception {
        Path plan = plan("""
                tasks:
                  - {id: bad, run: "exit 7"}
                  - {id: after, run: "true", depends_on: [bad]}
                  - {id: other, run: "true"}
                """);

        Cli.Result result = run(plan, "--yes");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).contains("Failed:      bad (exit 7, no output) log: ");
        JsonNode summary = summary();
        assertThat(summary.get("status").asText()).isEqualTo("failed");
        assertThat(summary.get("tasks").get(0).get("exit_code").asInt()).isEqualTo(7);
        assertThat(summary.get("tasks").get(1).get("status").asText()).isEqualTo("skipped");
        assertThat(summary.get("tasks").get(2).get("status").asText()).isEqualTo("succeeded");
    }

    @Test
    void invalidPlan_exits2_andWritesNothing() throws Exception {
        Path plan = plan("tasks:\n  - {id: a, run: ls, depends_on: [ghost]}\n");

        Cli.Result result = run(plan, "--yes");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).isEqualTo("wave: " + plan + ": task \"a\" depends on unknown task \"ghost\" (known: a). "
                + "Fix depends_on or add the task.\n");
        assertThat(result.err()).doesNotContain("Exception");
        assertThat(repo.resolve(".wave")).doesNotExist();
    }

    @Test
    void badFlags_exit2_withOneLine() throws Exception {
        Path plan = plan("tasks:\n  - {id: a, run: ls}\n");

        assertThat(run(plan, "--yes", "--agents", "0").err())
                .isEqualTo("wave: --agents must be a whole number from 1 to 1000, got \"0\". "
                        + "Omit it for the default (automatic scaling).\n");
        assertThat(run(plan, "--yes", "--mode", "fast").err()).isEqualTo("wave: --mode must be flow or waves, got \"fast\". "
                + "Omit it for the default (flow).\n");
        Cli.Result unknown = run(plan, "--frobnicate");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).startsWith("wave: Unknown option: '--frobnicate'. See 'wave run --help'.");
        assertThat(repo.resolve(".wave")).doesNotExist();
    }

    @Test
    void notApproved_exits3_andChangesNothing() throws Exception {
        Path plan = plan("tasks:\n  - {id: a, run: touch made.txt}\n");

        Cli.Result declined = Cli.runWithInput("no\n", "run", "--plan", plan.toString(), "--repo", repo.toString(),
                "--no-backup");
        Cli.Result endOfInput = Cli.runWithInput("", "run", "--plan", plan.toString(), "--repo", repo.toString(), "--no-backup");

        assertThat(declined.exitCode()).isEqualTo(3);
        assertThat(declined.out()).contains("Ready to execute? (yes/no)");
        assertThat(declined.err()).contains("not approved, nothing was changed").contains("--yes");
        assertThat(endOfInput.exitCode()).isEqualTo(3);
        assertThat(repo.resolve("made.txt")).doesNotExist();
        assertThat(repo.resolve(".wave")).doesNotExist();
    }

    @Test
    void yesOnStandardInput_approves() throws Exception {
        Path plan = plan("tasks:\n  - {id: a, run: touch made.txt}\n");

        Cli.Result result = Cli.runWithInput("yes\n", "run", "--plan", plan.toString(), "--repo", repo.toString(),
                "--progress", "summary", "--no-backup");

        assertThat(result.exitCode()).isEqualTo(0);
        assertThat(repo.resolve("made.txt")).exists();
        assertThat(result.out()).containsPattern("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} start     a \\(wave 1, I1\\)");
        assertThat(result.out()).containsPattern("done      a \\(\\d+ms\\) \\[1/1\\]");
    }

    @Test
    void latest_pointsAtTheNewestRun() throws Exception {
        Path plan = plan("tasks:\n  - {id: a, run: \"true\"}\n");

        run(plan, "--yes");
        String first = Files.readSymbolicLink(repo.resolve(".wave/runs/latest")).toString();
        run(plan, "--yes");
        String second = Files.readSymbolicLink(repo.resolve(".wave/runs/latest")).toString();

        assertThat(second).isNotEqualTo(first);
        try (Stream<Path> runs = Files.list(repo.resolve(".wave/runs"))) {
            assertThat(runs.filter(Files::isDirectory).filter(path -> !Files.isSymbolicLink(path)).count()).isEqualTo(2);
        }
    }
}
