package dev.wave.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.testing.ScratchRepository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What the run's check writes (test tools' caches and data) stays out of the repository and the final commit. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
final class CheckLeftoversTest {
    /** Writes what pytest-benchmark, pytest, Hypothesis and coverage.py leave, as they would with no redirection. */
    private static final String LITTERING_CHECK = "mkdir -p .benchmarks/Linux-CPython && echo {} > .benchmarks/Linux-CPython/"
            + "0001_run.json && mkdir -p .pytest_cache/v && echo x > .pytest_cache/v/lastfailed && mkdir -p .hypothesis/examples"
            + " && echo x > .hypothesis/examples/one && echo data > .coverage && echo data > \"$COVERAGE_FILE\" && echo '1 passed in 0.01s'";

    @TempDir
    Path directory;

    @TempDir
    Path elsewhere;

    @Test
    void testToolsLeftovers_madeByTheCheck_areRemoved_andTheFinalCommitHoldsOnlyTheTasksChange() throws IOException {
        ScratchRepository repository = ScratchRepository.withCommit(directory.resolve("repo"), "app.txt", "hello\n");
        Path plan = Files.writeString(elsewhere.resolve("plan.yaml"), """
                tasks:
                  - {id: write, run: "echo done > out.txt"}
                """);

        Cli.Result outcome = Cli.run("run", "--plan", plan.toString(), "--repo", repository.root().toString(), "--yes",
                "--progress", "quiet", "--verify", LITTERING_CHECK);

        assertThat(outcome.exitCode()).as(outcome.out() + outcome.err()).isEqualTo(ExitCodes.OK);
        assertThat(repository.git("show", "--name-only", "--format=", "HEAD").strip()).isEqualTo("out.txt");
        assertThat(repository.git("status", "--porcelain", "--untracked-files=all", "--ignored").lines())
                .allMatch(line -> line.startsWith("!! .wave/"));
        assertThat(repository.root().resolve(".benchmarks")).as("not even an empty directory").doesNotExist();
        assertThat(repository.root().resolve(".pytest_cache")).doesNotExist();
        assertThat(repository.root().resolve(".hypothesis")).doesNotExist();
        assertThat(repository.root().resolve(".coverage")).doesNotExist();
    }

    @Test
    void byproductsOfAShellTaskRunningATool_stayOutOfTheFinalCommit_andTheSummarySaysSo() throws IOException {
        ScratchRepository repository = ScratchRepository.withCommit(directory.resolve("repo"), "src/app.py", "print('hello')\n");
        Path plan = Files.writeString(elsewhere.resolve("plan.yaml"), """
                tasks:
                  - {id: edit, run: "echo \\"print('hi')\\" >> src/app.py"}
                  - {id: test, run: "python3 -m compileall -q src && mkdir -p .pytest_cache/v && echo x > .pytest_cache/v/lastfailed", depends_on: [edit]}
                """);

        Cli.Result outcome = Cli.run("run", "--plan", plan.toString(), "--repo", repository.root().toString(), "--yes",
                "--progress", "quiet", "--verify", "none");

        assertThat(outcome.exitCode()).as(outcome.out() + outcome.err()).isEqualTo(ExitCodes.OK);
        assertThat(repository.git("show", "--name-only", "--format=", "HEAD").strip()).isEqualTo("src/app.py");
        assertThat(repository.git("status", "--porcelain")).isEqualTo("?? .pytest_cache/\n?? src/__pycache__/\n");
        assertThat(outcome.out()).contains("left out, as tool byproducts nothing tracked: .pytest_cache/ (1 file), "
                + "src/__pycache__/ (1 file)");
    }

    @Test
    void testToolsFiles_thatWereThereBeforeTheCheck_stay() throws IOException {
        ScratchRepository repository = ScratchRepository.empty(directory.resolve("repo"));
        repository.write("app.txt", "hello\n");
        repository.write(".gitignore", ".benchmarks/\n");
        repository.write(".benchmarks/Linux-CPython/0001_saved.json", "{}\n");
        repository.git("add", "-A");
        repository.git("commit", "-q", "-m", "base");

        Cli.Result outcome = Cli.run("run", "Replace 'hello' with 'hi' in app.txt", "--repo", repository.root().toString(),
                "--yes", "--progress", "quiet", "--verify", LITTERING_CHECK);

        assertThat(outcome.exitCode()).as(outcome.out() + outcome.err()).isEqualTo(ExitCodes.OK);
        assertThat(repository.read(".benchmarks/Linux-CPython/0001_saved.json")).isEqualTo("{}\n");
        assertThat(repository.root().resolve(".hypothesis")).doesNotExist();
        assertThat(repository.git("show", "--name-only", "--format=", "HEAD").strip()).isEqualTo("app.txt");
    }
}
