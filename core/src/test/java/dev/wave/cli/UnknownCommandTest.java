package dev.wave.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A mistyped command is named as an unknown command, with the commands there are, in one line. */
final class UnknownCommandTest {
    @Test
    void anUnknownCommand_isNamed_withTheCommandsThereAre_exit2() {
        Cli.Result result = Cli.run("frobnicate", "--repo", ".");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).startsWith("wave: unknown command 'frobnicate' (commands: ").contains("run, ", "report")
                .endsWith("). See 'wave --help'.\n").hasLineCount(1);
    }

    @Test
    void anUnknownOptionOfACommand_keepsItsOwnWording() {
        Cli.Result result = Cli.run("run", "--agnets", "3");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).isEqualTo("wave: Unknown option: '--agnets'. See 'wave run --help'.\n");
    }

    @Test
    void aStartNamingOneCommand_takesTheInheritedVerbose_andWordsABadOptionAsTheFullCommandLineDoes() {
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine line = WaveCommand.commandLine(System.in, new String[] {"run", "--verbose", "--agnets", "3"});
        line.setErr(new java.io.PrintWriter(err, true));

        assertThat(line.execute("run", "--verbose", "--agnets", "3")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("wave: Unknown option: '--agnets'. See 'wave run --help'.\n");
    }

    @Test
    void theCommandLineOfAStart_holdsTheNamedCommandOnly_andEveryCommandForHelpOrAnUnknownOne() {
        assertThat(WaveCommand.commandLine(System.in, new String[] {"status", "--all"}).getSubcommands()).containsOnlyKeys("status");
        for (String[] args : new String[][] {{}, {"--help"}, {"help", "run"}, {"frobnicate"}, {"--verbose", "run"}}) {
            assertThat(WaveCommand.commandLine(System.in, args).getSubcommands()).as(String.join(" ", args)).hasSize(14)
                    .containsKeys("plan", "run", "status", "report", "worker", "help");
        }
    }
}
