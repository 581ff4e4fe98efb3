package dev.wave.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.journal.Json;
import dev.wave.testing.ScratchRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A real pytest whose tests cannot be collected, before and after a run: the run is not called verified. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
final class CollectionErrorRunTest {
    @TempDir
    Path directory;

    @TempDir
    Path elsewhere;

    @Test
    void collectionErrorBeforeAndAfter_saysTheCheckCouldNotRun_notNoNewFailures() throws Exception {
        ScratchRepository repository = ScratchRepository.empty(directory);
        repository.write("app.py", "def greet():\n    return \"hello\"\n");
        repository.write("tests/test_app.py", "import module_that_is_not_installed\n\n\ndef test_greet():\n    pass\n");
        repository.git("add", "-A");
        repository.git("commit", "-q", "-m", "a project whose tests cannot be collected");
        Path plan = Files.writeString(elsewhere.resolve("plan.yaml"), """
                name: Say goodbye
                tasks:
                  - id: reword
                    action: {name: replace, paths: [app.py], find: '"hello"', with: '"goodbye"'}
                """);

        Cli.Result outcome = Cli.run("run", "--plan", plan.toString(), "--repo", repository.root().toString(), "--yes",
                "--progress", "summary");

        assertThat(outcome.exitCode()).as(outcome.out() + outcome.err()).isEqualTo(ExitCodes.OK);
        assertThat(outcome.out())
                .contains("Wave 0: check baseline (python3 -m pytest -q): collection error, no test ran (pytest: 1 error "
                        + "during collection)")
                .contains("Check after the tasks (python3 -m pytest -q): check could not run: collection error before and "
                        + "after the tasks")
                .doesNotContain("no new failures");
        assertThat(Json.MAPPER.readTree(repository.root().resolve(".wave/runs/latest/check/check.json").toFile())
                .get("after").get("outcome").asText()).isEqualTo("not_verified");
    }
}
