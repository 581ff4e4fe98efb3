package dev.wave.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wave.WaveException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** planner, planner_model and planner_base_url: defaults, flags, config file, request text. */
final class PlannerSettingsTest {
    @TempDir
    Path repository;

    private Settings settings(Map<String, String> flags, String request) {
        return Requests.settings(flags, Requests.parse(request), repository);
    }

    @Test
    void defaults_areAuto_withTheProvidersModelAndAddress() {
        Settings settings = settings(Map.of(), "Add login");

        assertThat(settings.planner().value()).isEqualTo(PlannerKind.AUTO);
        assertThat(settings.plannerModel().value()).isEmpty();
        assertThat(settings.plannerBaseUrl().value()).isEmpty();
    }

    @Test
    void configFile_setsPlannerModelAndAddress_andAFlagBeatsIt() throws Exception {
        Files.createDirectories(repository.resolve(".wave"));
        Files.writeString(repository.resolve(".wave/config.yaml"),
                "planner: openai\nplanner_model: llama3.1\nplanner_base_url: http://127.0.0.1:11434/v1\n");

        Settings settings = settings(Map.of("planner", "heuristic"), "Add login");

        assertThat(settings.planner().value()).isEqualTo(PlannerKind.HEURISTIC);
        assertThat(settings.planner().origin()).isEqualTo("--planner");
        assertThat(settings.plannerModel().value()).contains("llama3.1");
        assertThat(settings.plannerBaseUrl().value()).contains("http://127.0.0.1:11434/v1");
        assertThat(settings.plannerBaseUrl().origin()).isEqualTo(".wave/config.yaml");
    }

    @Test
    void badValues_areOneLineErrorsSayingWhatIsExpected() {
        assertThatThrownBy(() -> settings(Map.of("planner", "gpt"), "Add login"))
                .isInstanceOf(WaveException.class)
                .hasMessage("--planner must be one of auto, heuristic, anthropic, openai, claude, got \"gpt\". Omit it for "
                        + "the default (auto).");
        assertThatThrownBy(() -> settings(Map.of("planner_base_url", "ftp://host/"), "Add login"))
                .hasMessageStartingWith("--planner-base-url must be an http:// or https:// address");
        assertThatThrownBy(() -> settings(Map.of("planner_base_url", "https://me:secret@host/"), "Add login"))
                .hasMessageStartingWith("--planner-base-url must be an http:// or https:// address");
    }

    @Test
    void requestText_mayChooseThePlanner_butNotWhereTheKeyIsSent() {
        Settings settings = settings(Map.of(), """
                Add login
                OPTIONS:
                - planner: heuristic
                - planner_base_url: https://collector.example/
                """);

        assertThat(settings.planner().value()).isEqualTo(PlannerKind.HEURISTIC);
        assertThat(settings.plannerBaseUrl().value()).isEqualTo(Optional.empty());
        assertThat(settings.warnings()).containsExactly("request text: planner_base_url \"https://collector.example/\" is "
                + "ignored: the request text cannot choose where the API key is sent. Use --planner-base-url or the config file.");
    }
}
