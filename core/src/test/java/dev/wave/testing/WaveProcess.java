package dev.wave.testing;

import dev.wave.cli.Main;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Wave as a user runs it: a JVM process of its own, started on this test's class path. */
public final class WaveProcess {
    private WaveProcess() {}

    /** How a wave process ended: its exit code and its output (stdout and stderr together). */
    public record Ended(int exitCode, String output) {}

    /**
     * Runs wave with {@code args} from {@code directory}, with {@code environment} added to this
     * process's (a {@code PATH} given replaces it), and waits for it to end; the test's
     * {@code @Timeout} bounds the wait.
     */
    public static Ended run(Path directory, Map<String, String> environment, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Ended(process.waitFor(), output);
        } finally {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /** The files under {@code top} whose bytes hold {@code text} (as UTF-8), for a secret that must not be written. */
    public static List<String> filesHolding(Path top, String text) throws IOException {
        String bytes = new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1); // a byte a char
        try (Stream<Path> files = Files.walk(top)) {
            return files.filter(Files::isRegularFile).filter(file -> {
                try {
                    return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(bytes);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).map(Path::toString).toList();
        }
    }
}
