package dev.wave.git;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * How a git invocation ended.
 *
 * @param exitCode git's exit code
 * @param output standard output, as bytes
 * @param error standard error, as text (at most a few kilobytes)
 */
public record Result(int exitCode, byte[] output, String error) {
    public Result {
        output = output.clone();
        requireNonNull(error, "error is null");
    }

    public boolean succeeded() {
        return exitCode == 0;
    }

    /** Standard output as UTF-8 text without its final newline. */
    public String text() {
        String text = new String(output, StandardCharsets.UTF_8);
        return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    }

    /** Standard output split at NUL bytes, as written by git's {@code -z} options; no empty last entry. */
    public List<String> nulSeparated() {
        List<String> entries = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < output.length; i++) {
            if (output[i] == 0) {
                entries.add(new String(output, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        if (start < output.length) {
            entries.add(new String(output, start, output.length - start, StandardCharsets.UTF_8));
        }
        return entries;
    }

    /** Standard output split into lines; no empty last line. */
    public List<String> lines() {
        String text = text();
        return text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }

    /** The first non-blank line git wrote to standard error, or "no message". */
    public String firstErrorLine() {
        for (String line : error.split("\n")) {
            if (!line.isBlank()) {
                String trimmed = line.strip();
                return trimmed.length() <= 300 ? trimmed : trimmed.substring(0, 297) + "...";
            }
        }
        return "no message";
    }
}
