package dev.wave.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Runs the wave command line in-process, as a black box: arguments and standard input in; exit code and output out. */
final class Cli {
    private Cli() {}

    record Result(int exitCode, String out, String err) {}

    static Result run(String... args) {
        return runWithInput("", args);
    }

    static Result runWithInput(String input, String... args) {
        CommandLine line = WaveCommand.commandLine(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        int code = line.execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}
