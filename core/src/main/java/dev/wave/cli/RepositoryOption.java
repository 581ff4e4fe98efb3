package dev.wave.cli;

import dev.wave.WaveException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --repo DIR} option the run commands share (a picocli mixin). */
final class RepositoryOption {
    @Option(names = "--repo", paramLabel = "DIR", defaultValue = ".",
            description = "The repository (default: the current directory).")
    Path repository;

    /**
     * The repository as an absolute, normalised path.
     *
     * @param fix the sentence telling the user which directory to give
     * @throws WaveException of kind INVALID_INPUT when it is not a directory
     */
    Path directory(String fix) {
        if (!Files.isDirectory(repository)) {
            throw WaveException.invalidInput("--repo %s is not a directory. %s", repository, fix);
        }
        return repository.toAbsolutePath().normalize();
    }
}
