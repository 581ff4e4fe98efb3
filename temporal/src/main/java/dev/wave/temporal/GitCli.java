package dev.wave.temporal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs git in a directory and returns what it printed. Thread-safe; blocks. */
final class GitCli {
    /** What a git command did. */
    record Output(int exitCode, String out, String err) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    private GitCli() {}

    static Output runWithInput(Path directory, String input, String... args) throws InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("git");
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
        builder.environment().put("GIT_TERMINAL_PROMPT", "0");
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return new Output(127, "", "cannot start git: " + e.getMessage());
        }
        try {
            // stderr on a thread of its own, stdout here: neither pipe can fill up while the other is read
            StringBuilder err = new StringBuilder();
            Thread errors = new Thread(() -> err.append(read(process.getErrorStream())), "git-stderr");
            errors.setDaemon(true);
            errors.start();
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // git did not read its input: its exit code says why
            }
            String out = read(process.getInputStream());
            int code = process.waitFor();
            errors.join();
            return new Output(code, out, err.toString().strip());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    static Output run(Path directory, String... args) throws InterruptedException {
        return runWithInput(directory, "", args);
    }

    private static String read(InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
