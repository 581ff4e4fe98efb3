package dev.wave.cli;

import dev.wave.scale.Machine;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;

/**
 * Runs the wave command line in-process, as a black box: arguments and standard input in; exit code and output out.
 * Scaling sees {@link #MACHINE}, so agent counts do not depend on the machine the tests run on, and the
 * planner sees an empty environment (no API key, no PATH) unless a test passes one, so no test depends
 * on a key or a {@code claude} on the machine it runs on.
 */
final class Cli {
    /** Two cores and 8 GB available: 16 agents of 500 MB, 128 shell tasks of 64 MB. */
    static final Machine MACHINE = new Machine(2, 8L << 30, Optional.empty());

    private Cli() {}

    record Result(int exitCode, String out, String err) {}

    static Result run(String... args) {
        return runWithInput("", args);
    }

    static Result runWithInput(String input, String... args) {
        return runWithEnvironment(Map.of(), input, args);
    }

    /** Runs with {@code environment} as the process environment the planner reads. */
    static Result runWithEnvironment(Map<String, String> environment, String input, String... args) {
        CommandLine line = WaveCommand.commandLine(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                () -> MACHINE, () -> environment);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        int code = line.execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}
