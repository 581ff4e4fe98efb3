package dev.wave.cli;

import static java.util.Objects.requireNonNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * Asks questions on the command line and reads the answers, one line each, from one reader over
 * standard input, so that answers piped in together are each read by the question they belong to.
 * Thread-safe: one question at a time.
 */
final class Answers {
    private final BufferedReader reader;

    Answers(InputStream in) {
        this.reader = new BufferedReader(new InputStreamReader(requireNonNull(in, "in is null"), StandardCharsets.UTF_8));
    }

    /** Asks a yes/no question; only "yes" or "y" is yes, and the end of input is no. */
    synchronized boolean confirm(PrintWriter out, String question) {
        Optional<String> answer = ask(out, question);
        return answer.isPresent() && (answer.get().equals("yes") || answer.get().equals("y"));
    }

    /** Asks a question and returns the answer, trimmed and in lower case; empty at the end of input. */
    synchronized Optional<String> ask(PrintWriter out, String question) {
        out.print(question);
        out.flush();
        try {
            String line = reader.readLine();
            return line == null ? Optional.empty() : Optional.of(line.trim().toLowerCase(Locale.ROOT));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
