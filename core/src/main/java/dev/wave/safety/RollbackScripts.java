package dev.wave.safety;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/** Writes the shell scripts that restore a backup: {@code wave rollback --repo <root> <id>}, ready to run. */
final class RollbackScripts {
    private RollbackScripts() {}

    /**
     * @param waveCommand how to start wave, for example {@code [java, -jar, /path/wave.jar]} or {@code [wave]}
     */
    static Path write(Path file, String description, Path root, Backup backup, List<String> waveCommand) {
        List<String> command = new ArrayList<>(waveCommand);
        command.addAll(List.of("rollback", "--repo", root.toString(), backup.id()));
        StringBuilder line = new StringBuilder("exec");
        for (String word : command) {
            line.append(' ').append(quote(word));
        }
        String script = "#!/bin/sh\n"
                + "# " + description + "\n"
                + "# Restores " + root + " exactly to backup " + backup.id() + " (" + backup.ref() + "),\n"
                + "# taken " + backup.createdAt() + " with " + backup.head() + ": the working tree, the index,\n"
                + "# HEAD and every branch. The state it replaces is backed up first, so this can be undone.\n"
                + "# Without wave: git restore --source=" + backup.commit() + " --worktree -- . brings the files back.\n"
                + "set -e\n"
                + line + "\n";
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, script, StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
            } catch (UnsupportedOperationException e) {
                // Not a POSIX file system: run it with sh.
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the rollback script " + file, e);
        }
    }

    static String quote(String word) {
        if (word.matches("[A-Za-z0-9_./:=@%+-]+")) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
