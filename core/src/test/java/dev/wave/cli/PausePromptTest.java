package dev.wave.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wave.run.FailureHandler;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

final class PausePromptTest {
    private final StringWriter out = new StringWriter();

    @Test
    void taskFailed_asksUntilTheAnswerIsKnown() {
        FailureHandler.Resolution resolution = prompt("maybe\nr\n").taskFailed("build", 2, "exit 1");

        assertThat(resolution.choice()).isEqualTo(FailureHandler.Choice.RETRY);
        assertThat(resolution.reason()).isEqualTo("on_failure: pause, answered retry");
        assertThat(out.toString()).isEqualTo("\nTask \"build\" failed after 2 attempts: exit 1\n"
                + "[r]etry it, [s]kip it (its dependents are skipped), or [a]bort (stop and roll back)? Answer r, s or a.\n"
                + "[r]etry it, [s]kip it (its dependents are skipped), or [a]bort (stop and roll back)? ");
    }

    @Test
    void taskFailed_skipAndAbort() {
        assertThat(prompt("skip\n").taskFailed("a", 1, "x").choice()).isEqualTo(FailureHandler.Choice.SKIP);
        assertThat(prompt("a\n").taskFailed("a", 1, "x").choice()).isEqualTo(FailureHandler.Choice.ABORT);
    }

    @Test
    void taskFailed_endOfInput_aborts() {
        FailureHandler.Resolution resolution = prompt("").taskFailed("a", 1, "x");

        assertThat(resolution.choice()).isEqualTo(FailureHandler.Choice.ABORT);
        assertThat(resolution.reason()).isEqualTo("on_failure: pause, no answer (end of input): stop the run");
    }

    private PausePrompt prompt(String input) {
        return new PausePrompt(new Answers(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8))),
                new PrintWriter(out, true), new AtomicBoolean());
    }
}
