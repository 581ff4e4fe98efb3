package dev.wave.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The shared --repo option: a path that is not a directory is refused in one line, and nothing is written. */
final class RepositoryOptionTest {
    @TempDir
    Path directory;

    @ParameterizedTest
    @ValueSource(strings = {"report", "rollback", "history", "status", "gc"})
    void repoThatIsNotADirectory_isRefusedInOneLine(String command) {
        Path missing = directory.resolve("missing");

        Cli.Result result = Cli.run(command, "--repo", missing.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("wave: --repo " + missing + " is not a directory. Give the repository ")
                .endsWith(".\n").hasLineCount(1);
        assertThat(directory).isEmptyDirectory();
    }
}
