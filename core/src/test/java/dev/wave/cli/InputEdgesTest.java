package dev.wave.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.testing.Trees;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plan files and goals at the edges of what is valid: each is refused with one line and exit 2, and
 * nothing on disk changes (no run directory either); a huge title is shown quickly.
 */
final class InputEdgesTest {
    @TempDir
    Path base;

    MessyRepo messy;

    @BeforeEach
    void repository() {
        messy = MessyRepo.create(base);
    }

    private void assertRefusedWithOneLine(String planName, byte[] content, String message) throws Exception {
        Path plan = base.resolve("outside").resolve(planName);
        Files.write(plan, content);
        Map<String, String> before = messy.snapshot();

        Cli.Result result = Cli.run("run", "--plan", plan.toString(), "--repo", messy.repo.toString(), "--yes",
                "--approve-critical");

        assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
        assertThat(result.err()).isEqualTo("wave: " + plan + ": " + message + System.lineSeparator());
        assertThat(Trees.changed(before, messy.snapshot())).isEmpty();
    }

    @Test
    void badPlanFiles_areRefusedInOneLine_andChangeNothing() throws Exception {
        assertRefusedWithOneLine("negative.yaml", bytes("tasks:\n  - {id: a, run: touch made.txt, timeout: -3s}\n"),
                "task \"a\" has timeout \"-3s\", which is negative. Use a positive duration, like 90s, 5m or 1h30m.");
        assertRefusedWithOneLine("trailing.json", bytes("{\"tasks\": [{\"id\": \"a\", \"run\": \"touch made.txt\"}]}\n[]\n"),
                "not valid JSON: more data after the plan's closing brace (line 2, column 1). Remove everything after the plan.");
        assertRefusedWithOneLine("two.yaml", bytes("tasks:\n  - {id: a, run: touch made.txt}\n---\ntasks: []\n"),
                "holds a second YAML document (after \"---\", line 4); a plan file is one document. "
                        + "Remove the second one, or put its tasks in the first.");
        assertRefusedWithOneLine("tag.yaml", bytes("tasks:\n  - {id: a, run: !exec touch made.txt}\n"),
                "line 2 has the YAML tag !exec, which wave does not read. "
                        + "Remove the tag; plan values are plain text, numbers, lists and mappings.");
        byte[] latin1 = "tasks:\n  - {id: a, run: echo caf\u00e9}\n".getBytes(StandardCharsets.ISO_8859_1);
        assertRefusedWithOneLine("latin1.yaml", latin1,
                "not UTF-8 text: byte 0xE9 at offset 32 (line 2) is not valid UTF-8. Save the plan file as UTF-8.");
    }

    @Test
    void replacementGoals_thatChangeNothing_getAnErrorLine_notAnInternalError() {
        Map<String, String> before = messy.snapshot();

        Cli.Result same = Cli.run("plan", "Fix the typo 'a' -> 'a' in all Python files", "--repo", messy.repo.toString());
        Cli.Result empty = Cli.run("run", "Fix the typo '' -> 'x' in all Python files", "--repo", messy.repo.toString(), "--yes");

        assertThat(same.exitCode()).as(same.err()).isEqualTo(2);
        assertThat(same.err()).isEqualTo("wave: the goal replaces 'a' with 'a', which changes nothing. "
                + "Quote two different texts, as in 'recieve' -> 'receive'." + System.lineSeparator());
        assertThat(empty.exitCode()).as(empty.err()).isEqualTo(2);
        assertThat(empty.err()).isEqualTo("wave: the goal's text to replace is empty ('' -> 'x'), and wave cannot search for "
                + "empty text. Quote the text to replace, as in 'recieve' -> 'receive'." + System.lineSeparator());
        assertThat(Trees.changed(before, messy.snapshot())).isEmpty();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void tenMegabyteTitle_isShownCut_inSeconds() throws Exception {
        String title = "word ".repeat(2_000_000);
        Path plan = base.resolve("outside/big.json");
        Files.writeString(plan, "{\"name\": \"" + title + "\", \"tasks\": [{\"id\": \"a\", \"title\": \"" + title
                + "\", \"run\": \"true\"}]}");

        Cli.Result result = Cli.run("plan", "--plan", plan.toString(), "--repo", messy.repo.toString());

        assertThat(result.exitCode()).as(result.err()).isEqualTo(0);
        assertThat(result.out()).contains(" more characters)")
                .hasSizeLessThan(100_000);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
