package dev.wave.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.request.Requests;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.CommandSpec;

/** Each setting's flag is found by its name: a setting without one could be set only by request text or config. */
final class SettingFlagsTest {
    @Test
    void everySettingKey_hasAFlagOfWaveRun_namedAfterTheKey() {
        CommandSpec run = WaveCommand.commandLine(new ByteArrayInputStream(new byte[0]), () -> Cli.MACHINE)
                .getSubcommands().get("run").getCommandSpec();
        List<String> keys = new ArrayList<>(Requests.optionKeys());
        keys.add("agents");

        assertThat(keys).allSatisfy(key -> assertThat(run.findOption("--" + key.replace('_', '-')))
                .as("the flag of %s", key).isNotNull());
    }
}
