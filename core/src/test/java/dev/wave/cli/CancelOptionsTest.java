package dev.wave.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.testing.ScratchRepository;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** wave cancel's options are checked before it looks for a run: a bad value is the one line, not "no run". */
@Timeout(60)
final class CancelOptionsTest {
    @TempDir
    Path directory;

    @Test
    void negativeWait_isRefusedInOneLine_evenWithNoRunGoing() {
        ScratchRepository repository = ScratchRepository.empty(directory.resolve("repo"));

        Cli.Result result = Cli.run("cancel", "--wait", "-5", "--repo", repository.root().toString());

        assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
        assertThat(result.err()).isEqualTo(
                "wave: --wait must be 0 or more seconds, got -5. Use --wait 0 not to wait." + System.lineSeparator());
    }
}
