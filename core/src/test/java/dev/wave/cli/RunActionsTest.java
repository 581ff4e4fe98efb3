package dev.wave.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wave.testing.SampleRepo;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code wave run --plan} with built-in action tasks, through the command line. */
final class RunActionsTest {
    @TempDir
    Path base;

    SampleRepo sample;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @BeforeEach
    void createRepo() {
        sample = SampleRepo.create(base);
    }

    private int run(String plan) throws IOException {
        Path file = base.resolve("plan.yaml");
        Files.writeString(file, plan);
        CommandLine line = WaveCommand.commandLine(new ByteArrayInputStream(new byte[0]));
        line.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        return line.execute("run", "--plan", file.toString(), "--repo", sample.repo.toString(), "--yes", "--progress", "quiet",
                "--no-backup");
    }

    private JsonNode checkpoint(String task) throws IOException {
        return new ObjectMapper().readTree(sample.repo.resolve(".wave/runs/latest/checkpoints/" + task + ".json").toFile());
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    @Test
    void actionTasks_runInOrder_andTheirCheckpointsListTheFilesChanged() throws IOException {
        int exit = run("""
                tasks:
                  - id: fix-typo
                    action:
                      name: replace
                      glob: "**/*.py"
                      find: recieve
                      with: receive
                  - id: clean
                    action: {name: delete, glob: ["**/__pycache__", "**/*.log"]}
                  - id: tidy
                    action: remove-empty-dirs
                    depends_on: [clean]
                  - id: check
                    run: grep -q receive top.py
                    depends_on: [fix-typo]
                """);

        assertThat(exit).as(err.toString()).isEqualTo(0);
        JsonNode fix = checkpoint("fix-typo");
        assertThat(fix.get("status").asText()).isEqualTo("succeeded");
        assertThat(fix.get("output_summary").asText())
                .isEqualTo("replaced 6 occurrences in 4 files (searched 5 files; skipped 1 binary, 1 symbolic link)");
        assertThat(texts(fix.get("files_changed"))).containsExactly("latin1.py", "src/a.py", "src/nested/c.py", "top.py");
        assertThat(texts(checkpoint("clean").get("files_changed"))).containsExactly("__pycache__/", "__pycache__/m.pyc",
                "logs/app.log", "logs/old/debug.log", "src/__pycache__/", "src/__pycache__/a.cpython.pyc");
        assertThat(texts(checkpoint("tidy").get("files_changed")))
                .containsExactly("empty/", "empty/a/", "empty/a/b/", "logs/", "logs/old/");
        assertThat(checkpoint("check").get("status").asText()).isEqualTo("succeeded");
        assertThat(Files.readString(sample.repo.resolve(".git/config.py"))).isEqualTo("recieve\n");
        assertThat(Files.readString(sample.outside.resolve("target.py"))).isEqualTo("recieve\n");
        assertThat(sample.outside.resolve("sub/x.log")).exists();
        assertThat(Files.readAllLines(sample.repo.resolve(".wave/runs/latest/logs/clean.log")))
                .startsWith("wave action: delete entries **/__pycache__, **/*.log", "deleted __pycache__/m.pyc");
    }

    @Test
    void failingAction_failsItsTask_exit1() throws IOException {
        int exit = run("""
                tasks:
                  - id: escape
                    action: {name: delete, paths: [link-out/target.py]}
                """);

        assertThat(exit).isEqualTo(1);
        JsonNode escape = checkpoint("escape");
        assertThat(escape.get("status").asText()).isEqualTo("failed");
        assertThat(escape.get("output_summary").asText()).startsWith("paths entry \"link-out/target.py\" resolves outside");
        assertThat(sample.outside.resolve("target.py")).exists();
    }

    @Test
    void badParameters_exit2WithOneLine_andNothingWritten() throws IOException {
        Map<String, String> before = sample.snapshot();

        int exit = run("""
                tasks:
                  - id: fix-typo
                    action: {name: replace, glob: "**/*.py", find: recieve}
                """);

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("wave: " + base.resolve("plan.yaml")
                + ": task \"fix-typo\" action replace has no \"with\". Add with: <the new text (\"\" to delete it)>.\n");
        assertThat(out.toString()).isEmpty();
        assertThat(SampleRepo.changed(before, sample.snapshot())).isEmpty();
    }

    @Test
    void promptTasks_outsideGit_stopTheRunBeforeAnythingRuns_sayingWhy() throws IOException {
        Map<String, String> before = sample.snapshot();

        int exit = run("""
                tasks:
                  - id: tidy
                    action: remove-empty-dirs
                  - id: feature
                    prompt: add a login page
                    agent: "/no/such/agent {prompt}"
                """);

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("wave: the plan's 1 agent (prompt) task (feature) works in git worktrees, and "
                + sample.repo.toAbsolutePath().normalize() + " is not in a git repository. Run 'git init' and commit there first. Nothing was "
                + "changed.\n");
        assertThat(SampleRepo.changed(before, sample.snapshot())).isEmpty();
    }
}
