package dev.wave.plan;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wave.WaveException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Plan files at the edges of what is valid: each refusal is one line of kind INVALID_INPUT. */
final class PlanInputEdgesTest {
    @TempDir
    Path directory;

    private static void refused(String source, String text, boolean json, String message) {
        assertThatThrownBy(() -> PlanLoader.parse(source, text, json))
                .isInstanceOf(WaveException.class)
                .hasMessage(message)
                .satisfies(e -> assertThat(((WaveException) e).kind()).isEqualTo(WaveException.ErrorKind.INVALID_INPUT))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-5s", "-1", "-0.5", "-1h30m"})
    void negativeTimeoutOrEstimate_isRefused(String value) {
        for (String key : new String[] {"timeout", "estimate"}) {
            refused("plan.yaml", "tasks:\n  - {id: a, run: ls, " + key + ": " + value + "}\n", false,
                    "plan.yaml: task \"a\" has " + key + " \"" + value + "\", which is negative. "
                            + "Use a positive duration, like 90s, 5m or 1h30m.");
        }
    }

    @Test
    void idWithANewlineOrOfAnyLength_isShownEscapedOnOneLine() {
        refused("plan.yaml", "tasks:\n  - {id: \"a\\nb\", run: ls}\n", false,
                "plan.yaml: task \"a\\u000ab\" has an id wave cannot use as a file name. Use letters, digits, '.', '_' "
                        + "and '-', starting with a letter or digit.");
        refused("plan.yaml", "tasks:\n  - {id: \"/" + "y".repeat(100) + "\", run: ls}\n", false,
                "plan.yaml: task \"/" + "y".repeat(59) + "...\" has an id wave cannot use as a file name. Use letters, "
                        + "digits, '.', '_' and '-', starting with a letter or digit.");
    }

    @Test
    @org.junit.jupiter.api.Timeout(10)
    void yamlOverTheReadersLimit_isRefusedAtOnce() {
        String title = "x".repeat(10_000_000);
        refused("plan.yaml", "name: " + title + "\ntasks:\n  - {id: a, run: ls}\n", false,
                "plan.yaml: a YAML plan holds at most 3145728 characters, this one has 10000035. "
                        + "Shorten it, or write the plan as JSON (a .json file).");
    }

    @Test
    void negativeNumberInJson_isRefused() {
        refused("plan.json", "{\"tasks\": [{\"id\": \"a\", \"run\": \"ls\", \"estimate\": -2.5}]}", true,
                "plan.json: task \"a\" has estimate \"-2.5\", which is negative. Use a positive duration, like 90s, 5m or 1h30m.");
    }

    @Test
    void absurdlyLongOrNotANumberDuration_isRefused() {
        refused("plan.yaml", "tasks:\n  - {id: a, run: ls, timeout: 99999999999999999999h}\n", false,
                "plan.yaml: task \"a\" has timeout \"99999999999999999999h\", more than 365 days. Use at most 365d.");
        refused("plan.yaml", "tasks:\n  - {id: a, run: ls, estimate: 1e400}\n", false,
                "plan.yaml: task \"a\" has estimate \"Infinity\", which is not a duration. Use a number with a unit, like 90s, 5m or 1h30m.");
    }

    @Test
    void jsonWithTrailingData_isRefused() {
        refused("plan.json", "{\"tasks\": [{\"id\": \"a\", \"run\": \"ls\"}]}\n{\"tasks\": []}", true,
                "plan.json: not valid JSON: more data after the plan's closing brace (line 2, column 1). "
                        + "Remove everything after the plan.");
        refused("plan.json", "{\"tasks\": [{\"id\": \"a\", \"run\": \"ls\"}]} x", true,
                "plan.json:1:39: not valid JSON: Unrecognized token 'x': was expecting (JSON String, Number, Array, Object or "
                        + "token 'null', 'true' or 'false'). Fix the syntax there.");
    }

    @Test
    void secondYamlDocument_isRefused() {
        refused("plan.yaml", "tasks:\n  - {id: a, run: ls}\n---\ntasks:\n  - {id: b, run: rm -rf x}\n", false,
                "plan.yaml: holds a second YAML document (after \"---\", line 4); a plan file is one document. "
                        + "Remove the second one, or put its tasks in the first.");
    }

    @Test
    void leadingDocumentMarkerAndStandardTags_areFine() {
        Plan plan = PlanLoader.parse("plan.yaml", "---\ntasks:\n  - {id: !!str a, run: ls, retries: !!int 2}\n", false);

        assertThat(plan.tasks()).singleElement().satisfies(task -> assertThat(task.retries()).isEqualTo(2));
    }

    @Test
    void customYamlTag_isRefused() {
        refused("plan.yaml", "tasks:\n  - id: a\n    run: !shell ls\n", false,
                "plan.yaml: line 3 has the YAML tag !shell, which wave does not read. "
                        + "Remove the tag; plan values are plain text, numbers, lists and mappings.");
        refused("plan.yaml", "tasks:\n  - !!python/object:os.system {id: a, run: ls}\n", false,
                "plan.yaml: line 2 has the YAML tag !!python/object:os.system, which wave does not read. "
                        + "Remove the tag; plan values are plain text, numbers, lists and mappings.");
    }

    @Test
    void yamlAlias_isRefusedRatherThanReadAsItsName() {
        refused("plan.yaml", "tasks:\n  - {id: a, run: &cmd make}\n  - {id: b, run: *cmd}\n", false,
                "plan.yaml: line 3 uses the YAML alias *cmd; wave does not read anchors and aliases. Write the value out.");
        refused("plan.yaml", "tasks:\n  - &task {id: a, run: make}\n", false,
                "plan.yaml: line 2 sets the YAML anchor &task; wave does not read anchors and aliases. Remove it.");
    }

    @Test
    void notUtf8File_isRefusedNamingTheByte() throws Exception {
        Path plan = directory.resolve("plan.yaml");
        byte[] head = "tasks:\n  - {id: a, run: echo ".getBytes(UTF_8);
        byte[] bytes = new byte[head.length + 3];
        System.arraycopy(head, 0, bytes, 0, head.length);
        bytes[head.length] = (byte) 0xE9; // Latin-1 'e acute'
        bytes[head.length + 1] = '}';
        bytes[head.length + 2] = '\n';
        Files.write(plan, bytes);

        assertThatThrownBy(() -> PlanLoader.load(plan))
                .isInstanceOf(WaveException.class)
                .hasMessage(plan + ": not UTF-8 text: byte 0xE9 at offset " + head.length
                        + " (line 2) is not valid UTF-8. Save the plan file as UTF-8.");
    }

    @Test
    void utf16File_isRefused() throws Exception {
        Path plan = directory.resolve("plan.yaml");
        Files.write(plan, "tasks:\n  - {id: a, run: ls}\n".getBytes(java.nio.charset.StandardCharsets.UTF_16));

        assertThatThrownBy(() -> PlanLoader.load(plan)).isInstanceOf(WaveException.class)
                .hasMessageContaining("not UTF-8 text: byte 0xFE at offset 0");
    }

    @Test
    void utf8ByteOrderMark_isSkipped() throws Exception {
        Path plan = directory.resolve("plan.json");
        Files.write(plan, ("\uFEFF{\"tasks\": [{\"id\": \"a\", \"run\": \"ls\", \"estimate\": 3}]}").getBytes(UTF_8));

        assertThat(PlanLoader.load(plan).tasks()).singleElement()
                .satisfies(task -> assertThat(task.estimate()).isEqualTo(Optional.of(Duration.ofSeconds(3))));
    }
}
