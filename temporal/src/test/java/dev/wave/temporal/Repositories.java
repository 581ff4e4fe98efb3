package dev.wave.temporal;

import java.nio.file.Files;
import java.nio.file.Path;

/** Scratch git repositories for tests. */
final class Repositories {
    private Repositories() {}

    /** A repository at {@code directory} with one commit holding README.md. */
    static Path withOneCommit(Path directory) throws Exception {
        Files.createDirectories(directory);
        git(directory, "init", "-q", "-b", "main");
        git(directory, "config", "user.email", "test@example.com");
        git(directory, "config", "user.name", "test");
        Files.writeString(directory.resolve("README.md"), "hello\n");
        git(directory, "add", "-A");
        git(directory, "commit", "-q", "-m", "start");
        return directory;
    }

    /** A clone of {@code origin} at {@code directory}: a worker's repository. */
    static Path cloneOf(Path origin, Path directory) throws Exception {
        git(origin.getParent(), "clone", "-q", origin.toString(), directory.toString());
        return directory;
    }

    static String git(Path directory, String... args) throws Exception {
        GitCli.Output output = GitCli.run(directory, args);
        if (!output.ok()) {
            throw new IllegalStateException("git " + String.join(" ", args) + " failed: " + output.err());
        }
        return output.out();
    }
}
