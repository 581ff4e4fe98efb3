package dev.wave.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Runs the wave command line in this JVM, as a black box: arguments and standard input in, exit code and output out. */
final class Cli {
    private Cli() {}

    static Outcome withInput(String input, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine line = WaveCommand.commandLine(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        int code = line.execute(args);
        return new Outcome(code, out.toString(), err.toString());
    }

    static Outcome run(String... args) {
        return withInput("", args);
    }

    record Outcome(int exitCode, String out, String err) {}
}
