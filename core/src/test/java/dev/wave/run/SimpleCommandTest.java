package dev.wave.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class SimpleCommandTest {
    @TempDir
    Path bin;

    private String path() throws IOException {
        Path tool = Files.writeString(bin.resolve("tool"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin.toString();
    }

    @Test
    void words_plainProgramOnPath_isStartedWithoutTheShell() throws IOException {
        assertThat(SimpleCommand.words("tool  --flag a/b.txt", path())).containsExactly("tool", "--flag", "a/b.txt");
    }

    @Test
    void words_shellSyntax_goesToTheShell() throws IOException {
        String path = path();
        for (String command : new String[] {"tool > out", "tool | tool", "tool $HOME", "tool 'a b'", "A=1 tool",
                "tool; tool", "tool *", "tool ~", "tool && tool", "tool `x`", "tool\ntool"}) {
            assertThat(SimpleCommand.words(command, path)).as(command).isEmpty();
        }
    }

    @Test
    void words_builtinOrUnknownProgram_goesToTheShell() throws IOException {
        String path = path();
        assertThat(SimpleCommand.words("cd somewhere", path)).isEmpty();
        assertThat(SimpleCommand.words("exit 3", path)).isEmpty();
        assertThat(SimpleCommand.words("missing-program", path)).isEmpty();
        assertThat(SimpleCommand.words("./tool", path)).isEmpty();
    }

    @Test
    void shellCommand_simple_runsTheProgramInItsOwnSession() throws IOException {
        String path = path();
        assertThat(ProcessTree.shellCommand("tool x", path, Optional.of(path))).endsWith("tool", "x");
        assertThat(ProcessTree.shellCommand("tool | tool", path, Optional.of(path))).endsWith("sh", "-c", "tool | tool");
    }

    @Test
    void shellCommand_whenTheTasksPathIsNotTheOneTheJdkSearches_goesToTheShell() throws IOException {
        String path = path();
        assertThat(ProcessTree.shellCommand("tool x", path, Optional.of("/usr/bin:/bin"))).containsExactly("sh", "-c", "tool x");
        assertThat(ProcessTree.shellCommand("tool x", path, Optional.empty())).containsExactly("sh", "-c", "tool x");
    }
}
