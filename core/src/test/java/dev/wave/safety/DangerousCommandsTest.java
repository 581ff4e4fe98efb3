package dev.wave.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table-driven: every spelling in {@code destructive-commands.txt} is found critical, and none in
 * {@code ordinary-commands.txt} is. In the tables, "⏎" stands for a newline.
 */
final class DangerousCommandsTest {
    private static final Path REPOSITORY = Path.of("/work/project");

    static Stream<String> destructive() throws IOException {
        return table("destructive-commands.txt");
    }

    static Stream<String> ordinary() throws IOException {
        return table("ordinary-commands.txt");
    }

    private static Stream<String> table(String name) throws IOException {
        try (InputStream in = DangerousCommandsTest.class.getResourceAsStream(name)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.lines().filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .map(line -> line.replace("⏎", "\n")).toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("destructive")
    void destructiveSpelling_isFound(String command) {
        assertThat(CriticalOperations.dangerous(command, REPOSITORY)).as(command).isNotEmpty()
                .allSatisfy(reason -> assertThat(reason).startsWith("dangerous command: ").doesNotContain("\n"));
    }

    @ParameterizedTest
    @MethodSource("ordinary")
    void ordinaryCommand_isNotFlagged(String command) {
        assertThat(CriticalOperations.dangerous(command, REPOSITORY)).as(command).isEmpty();
    }

    @Test
    void tables_holdOverAHundredDestructiveSpellings() throws IOException {
        assertThat(destructive().count()).isGreaterThan(150);
        assertThat(ordinary().count()).isGreaterThan(60);
    }

    @Test
    void reasons_nameWhatItDoes_andTheCommand() {
        assertThat(reasons("make && git push --forc origin main"))
                .containsExactly("dangerous command: force push (git push --forc origin main)");
        assertThat(reasons("git push origin :main"))
                .containsExactly("dangerous command: deleting a remote branch (:main) (git push origin :main)");
        assertThat(reasons("rm -rf ../elsewhere"))
                .containsExactly("dangerous command: rm -r reaching outside the repository (../elsewhere)");
        assertThat(reasons("rm -rf \"$OUT\""))
                .containsExactly("dangerous command: rm -r of a path wave cannot resolve ($OUT), which may reach outside the repository");
        assertThat(reasons("psql -c 'DROP/**/TABLE users'"))
                .containsExactly("dangerous command: SQL DROP TABLE (psql -c DROP/**/TABLE users)");
        assertThat(reasons("dd if=/dev/zero of=/dev/sda"))
                .containsExactly("dangerous command: overwriting a disk device (dd if=/dev/zero of=/dev/sda)");
    }

    @Test
    void uncertainCommands_sayWhyTheyCannotBeChecked() {
        assertThat(reasons("eval \"$CMD\""))
                .containsExactly("dangerous command: cannot be checked: eval runs text as a command (eval $CMD)");
        assertThat(reasons("python3 -c 'import os'"))
                .containsExactly("dangerous command: cannot be checked: python running inline code (python3 -c import os)");
        assertThat(reasons("bash -c \"$X\""))
                .containsExactly("dangerous command: cannot be checked: a shell runs text known only when it runs (bash -c $X)");
        assertThat(reasons("$(echo rm) -rf x"))
                .containsExactly("dangerous command: cannot be checked: its command name comes from a variable or a "
                        + "substitution ($(echo rm) -rf x)");
    }

    @Test
    void nestedShells_areFollowed_withTheirDirectory() {
        assertThat(reasons("sh -c \"cd /tmp && bash -c 'rm -rf outside'\""))
                .containsExactly("dangerous command: rm -r reaching outside the repository (outside)");
        assertThat(reasons("sh -c 'cd sub && rm -rf out'")).isEmpty();
    }

    @Test
    void deepNesting_isUncheckable_notAStackOverflow() {
        String command = "rm -rf /tmp/outside";
        for (int i = 0; i < 40; i++) {
            command = "echo \"$(" + command + ")\"";
        }

        assertThat(reasons(command)).anySatisfy(reason -> assertThat(reason).contains("cannot be checked"));
    }

    @Test
    void longCommand_isReadInLinearTime() {
        String command = "echo " + "word ".repeat(400_000) + "&& git push --force";

        long start = System.nanoTime();
        List<String> reasons = reasons(command);
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(reasons).singleElement().asString().startsWith("dangerous command: force push");
        assertThat(millis).as("milliseconds for 2 MB").isLessThan(5_000);
    }

    @Test
    void randomText_neverBreaksTheReader() {
        long seed = Long.getLong("wave.fuzz.seed", System.nanoTime());
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        String alphabet = "ab rm-f/.~$(){}[]'\"`\\;&|<>#\n\t=*?!:+0123456789";
        for (int i = 0; i < 10_000; i++) {
            StringBuilder command = new StringBuilder();
            for (int length = random.nextInt(40); length > 0; length--) {
                command.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String text = command.toString();
            assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> reasons(text)))
                    .as("seed %d: %s", seed, text).isNull();
        }
    }

    private static List<String> reasons(String command) {
        return CriticalOperations.dangerous(command, REPOSITORY);
    }
}
