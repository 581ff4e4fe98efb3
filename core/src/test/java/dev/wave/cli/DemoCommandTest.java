package dev.wave.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.testing.Trees;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The README's first command: {@code wave demo}, then {@code wave run "Clean up the repository"} on it. */
@Timeout(120)
final class DemoCommandTest {
    @TempDir
    Path base;

    @Test
    void demo_thenCleanup_removesTheJunk_keepsEverythingElse_andCommitsOnce() throws Exception {
        Path demo = base.resolve("wave-demo");

        Cli.Result made = Cli.run("demo", demo.toString());
        assertThat(made.exitCode()).as(made.err()).isEqualTo(0);
        assertThat(made.out()).contains("Made " + demo + ": a git repository (branch main, commit ")
                .contains("wave run \"Clean up the repository\" --repo " + demo);
        Map<String, String> before = Trees.snapshot(demo);
        Set<String> junk = new HashSet<>();
        for (String path : before.keySet()) {
            if (isJunk(path)) {
                junk.add(path);
            }
        }
        assertThat(junk).hasSizeGreaterThan(180);

        Cli.Result cleaned = Cli.run("run", "Clean up the repository", "--repo", demo.toString(), "--yes", "--progress",
                "summary");

        assertThat(cleaned.exitCode()).as(cleaned.err()).isEqualTo(0);
        assertThat(cleaned.out()).contains("Pattern detected: Mass file operations (cleanup)")
                .contains(" succeeded in ").contains("(measured)").contains("Commit:      committed");
        assertThat(Trees.changedOutside(before, Trees.snapshot(demo), ".git/", ".wave/"))
                .containsExactlyInAnyOrderElementsOf(junk);
        assertThat(Files.readSymbolicLink(demo.resolve("current"))).isEqualTo(Path.of("src/shop"));
        assertThat(demo.resolve(".env")).exists();
        assertThat(Files.isRegularFile(demo.resolve("assets/logo.png"), LinkOption.NOFOLLOW_LINKS)).isTrue();
        String log = git(demo, "log", "--format=%s");
        assertThat(log).isEqualTo("wave: Clean up the repository\nA small shop in Python (with some junk committed by mistake)\n");
    }

    @Test
    void demo_intoADirectoryThatHoldsSomething_exits2_andLeavesItAlone() throws Exception {
        Path demo = base.resolve("taken");
        Files.createDirectories(demo);
        Files.writeString(demo.resolve("mine.txt"), "mine");

        Cli.Result result = Cli.run("demo", demo.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).isEqualTo("wave: " + demo + " already exists and is not an empty directory. Remove it, "
                + "or give another directory: wave demo DIR.\n");
        try (var entries = Files.list(demo)) {
            assertThat(entries.toList()).containsExactly(demo.resolve("mine.txt"));
        }
    }

    private static String git(Path directory, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isEqualTo(0);
        return output;
    }

    /** The demo's junk: what a clean-up looks for, and the directories that hold nothing else. */
    private static boolean isJunk(String path) {
        if (path.startsWith(".git/")) {
            return false;
        }
        String name = Path.of(path).getFileName().toString();
        return path.contains("__pycache__") || name.endsWith(".pyc") || name.equals(".DS_Store") || name.endsWith(".log")
                || name.startsWith(".coverage") || name.startsWith("WAVE_") || path.startsWith("logs/")
                || path.startsWith("tmp/") || path.startsWith("data/") || path.equals("build/");
    }
}
