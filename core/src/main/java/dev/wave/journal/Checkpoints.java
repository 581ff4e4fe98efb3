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

/** Deletes or archives a run's checkpoint directory (flat: one JSON file per task). Stateless. */
final class Checkpoints {
    private Checkpoints() {}

    /** Deletes the directory and its files; returns how many files it held. */
    static int delete(Path directory) throws IOException {
        List<Path> files = files(directory);
        for (Path file : files) {
            Files.delete(file);
        }
        Files.deleteIfExists(directory);
        return files.size();
    }

    /** Writes every file of the directory into {@code zip} atomically; returns how many. */
    static int archive(Path directory, Path zip) throws IOException {
        List<Path> files = files(directory);
        Path temporary = zip.resolveSibling(zip.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(temporary); ZipOutputStream archive = new ZipOutputStream(out)) {
            for (Path file : files) {
                archive.putNextEntry(new ZipEntry(directory.getFileName() + "/" + file.getFileName()));
                Files.copy(file, archive);
                archive.closeEntry();
            }
        }
        Files.move(temporary, zip, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return files.size();
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
