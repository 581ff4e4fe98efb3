package dev.wave.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wave.WaveException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** budget_usd, budget_tokens, fix_attempts and caps: from flags, request text and the config file. */
final class LimitSettingsTest {
    @TempDir
    Path repository;

    private void config(String text) throws IOException {
        Files.createDirectories(repository.resolve(".wave"));
        Files.writeString(repository.resolve(".wave/config.yaml"), text);
    }

    private Settings settings(Map<String, String> flags) {
        return Requests.settings(flags, repository);
    }

    @Test
    void defaults_noBudget_oneFixWave_noCaps() {
        Settings settings = settings(Map.of());

        assertThat(settings.budgetUsd().value()).isEmpty();
        assertThat(settings.budgetTokens().value()).isEmpty();
        assertThat(settings.fixAttempts().value()).isEqualTo(1);
        assertThat(settings.caps().value()).isEmpty();
    }

    @Test
    void configFile_setsBudgetsFixAttemptsAndCapsAsAMapping() throws IOException {
        config("budget_usd: 2.50\nbudget_tokens: 500k\nfix_attempts: 2\ncaps:\n  prompt: 2\n  claude: 1\n");

        Settings settings = settings(Map.of());

        assertThat(settings.budgetUsd().value()).contains(2.50);
        assertThat(settings.budgetTokens().value()).contains(500_000L);
        assertThat(settings.fixAttempts().value()).isEqualTo(2);
        assertThat(settings.caps().value()).isEqualTo(Map.of("prompt", 2, "claude", 1));
        assertThat(settings.json().at("/caps/value/prompt").asInt()).isEqualTo(2);
    }

    @Test
    void caps_keepTheOrderTheyAreWrittenIn() {
        Settings settings = settings(Map.of("caps", "template=1,run=4,codex=2,prompt=3,aider=1"));

        assertThat(settings.caps().value().keySet()).containsExactly("template", "run", "codex", "prompt", "aider");
        assertThat(settings.json().at("/caps/value").fieldNames()).toIterable()
                .containsExactly("template", "run", "codex", "prompt", "aider");
    }

    @Test
    void flags_beatTheConfigFile() throws IOException {
        config("budget_usd: 2.50\ncaps: [run=8]\n");

        Settings settings = settings(Map.of("budget_usd", "$1", "caps", "prompt:3, codex=1"));

        assertThat(settings.budgetUsd().value()).isEqualTo(Optional.of(1.0));
        assertThat(settings.budgetUsd().origin()).isEqualTo("--budget-usd");
        assertThat(settings.caps().value()).isEqualTo(Map.of("prompt", 3, "codex", 1));
    }

    @Test
    void badValues_areRefusedNamingTheValueAndTheFix() throws IOException {
        assertThatThrownBy(() -> settings(Map.of("budget_usd", "0")))
                .isInstanceOf(WaveException.class)
                .hasMessage("--budget-usd must be an amount of US dollars above 0, such as 5 or 2.50, got \"0\". "
                        + "Omit it for the default (no budget).");
        assertThatThrownBy(() -> settings(Map.of("budget_tokens", "lots")))
                .hasMessageStartingWith("--budget-tokens must be a number of tokens above 0");
        config("caps:\n  promt: 2\n");
        assertThatThrownBy(() -> settings(Map.of()))
                .hasMessageStartingWith(".wave/config.yaml: caps must be caps such as prompt=2,claude=1 (groups: run, "
                        + "action, prompt, claude, codex, aider, template; each cap 1 to")
                .hasMessageEndingWith("Fix it in the file, or remove it for the default (no caps).");
    }
}
