package dev.wave.journal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Deletes or archives a run's checkpoints: its directory (flat: one JSON file per task) and, for a large
 * run, {@code checkpoints.jsonl} (one per line). Stateless.
 */
final class Checkpoints {
    private Checkpoints() {}

    /** Deletes the directory, its files and {@code lines}; returns how many checkpoints they held. */
    static int delete(Path directory, Path lines) throws IOException {
        int count = lineCount(lines);
        return count + remove(directory, lines);
    }

    /**
     * Deletes the directory, its files and {@code lines} without reading {@code lines} to count its checkpoints (as
     * {@link #delete} does): for checkpoints {@link #archive} has just counted. Returns how many files the directory held.
     */
    static int remove(Path directory, Path lines) throws IOException {
        List<Path> files = files(directory);
        for (Path file : files) {
            Files.delete(file);
        }
        Files.deleteIfExists(directory);
        Files.deleteIfExists(lines);
        return files.size();
    }

    /** Writes every file of the directory, and {@code lines} when it exists, into {@code zip} atomically; returns how many checkpoints. */
    static int archive(Path directory, Path lines, Path zip) throws IOException {
        List<Path> files = files(directory);
        Path temporary = zip.resolveSibling(zip.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(temporary); ZipOutputStream archive = new ZipOutputStream(out)) {
            for (Path file : files) {
                archive.putNextEntry(new ZipEntry(directory.getFileName() + "/" + file.getFileName()));
                Files.copy(file, archive);
                archive.closeEntry();
            }
            if (Files.isRegularFile(lines)) {
                archive.putNextEntry(new ZipEntry(lines.getFileName().toString()));
                Files.copy(lines, archive);
                archive.closeEntry();
            }
        }
        Files.move(temporary, zip, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return files.size() + lineCount(lines);
    }

    private static int lineCount(Path lines) throws IOException {
        return Files.isRegularFile(lines) ? Checkpoint.readLines(lines).size() : 0;
    }

    private static List<Path> files(Path directory) throws IOException {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return files;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                files.add(entry);
            }
        }
        files.sort(null);
        return files;
    }
}
