package dev.wave.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs peer commands and times them by wall clock. */
final class Processes {
    private Processes() {}

    /** Runs the command in {@code directory} with output discarded; returns the wall time in ns, or throws on failure. */
    static long time(Path directory, List<String> command) throws IOException, InterruptedException {
        return time(directory, command, java.util.Map.of());
    }

    /** {@link #time(Path, List)} with {@code environment} added to the command's environment. */
    static long time(Path directory, List<String> command, java.util.Map<String, String> environment)
            throws IOException, InterruptedException {
        Path output = Files.createTempFile("bench", ".out");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            builder.environment().putAll(environment);
            long start = System.nanoTime();
            Process process = builder.start();
            int exit = process.waitFor();
            long time = System.nanoTime() - start;
            if (exit != 0) {
                String text = Files.readString(output, StandardCharsets.UTF_8);
                throw new IOException(String.join(" ", command) + " exited " + exit + ": "
                        + text.substring(Math.max(0, text.length() - 2000)));
            }
            return time;
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /** The best (shortest) of {@code repetitions} timed runs, with {@code before} run untimed before each. */
    static long best(int repetitions, Path directory, List<String> command, Runnable before)
            throws IOException, InterruptedException {
        long best = Long.MAX_VALUE;
        for (int r = 0; r < repetitions; r++) {
            before.run();
            best = Math.min(best, time(directory, command));
        }
        return best;
    }

    static boolean available(String program) {
        for (String directory : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(directory, program))) {
                return true;
            }
        }
        return false;
    }

    /** The wave launcher command: {@code <root>/wave} when it exists, else {@code java -jar <root>/target/wave.jar}. */
    static List<String> wave(Path root, String... args) {
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(root.resolve("wave"))) {
            command.add(root.resolve("wave").toString());
        } else {
            command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                    root.resolve("core/target/wave.jar").toString()));
        }
        command.addAll(List.of(args));
        return command;
    }

    /**
     * Makes {@code repo} an empty git repository with one empty commit: wave's backup and final commit
     * then cover this repository, not the checkout the bench runs in, which holds it.
     */
    static void emptyRepository(Path repo) {
        delete(repo);
        try {
            Files.createDirectories(repo);
            for (List<String> command : List.of(List.of("git", "init", "-q"),
                    List.of("git", "-c", "user.name=bench", "-c", "user.email=bench@localhost", "commit", "-q", "--allow-empty",
                            "-m", "empty"))) {
                time(repo, command);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Deletes a directory tree; ignores what is already gone. */
    static void delete(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (var walk = Files.walk(root)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
