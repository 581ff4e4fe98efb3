package dev.wave.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wave.WaveException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The settings of agents' worktrees: what is copied and linked in, the setup command, and on_conflict. */
final class WorktreeSettingsTest {
    @TempDir
    Path repository;

    private void config(String text) throws IOException {
        Files.createDirectories(repository.resolve(".wave"));
        Files.writeString(repository.resolve(".wave/config.yaml"), text);
    }

    private Settings settings(Map<String, String> flags, String request) {
        return Requests.settings(flags, Requests.parse(request), repository);
    }

    private void refused(Map<String, String> flags, String message) {
        assertThatThrownBy(() -> settings(flags, "Clean up"))
                .isInstanceOf(WaveException.class)
                .hasMessage(message)
                .satisfies(e -> assertThat(((WaveException) e).kind()).isEqualTo(WaveException.ErrorKind.INVALID_INPUT));
    }

    @Test
    void nothingSet_nothingIsCopiedOrLinked_noSetup_andConflictsAreReported() {
        Settings settings = settings(Map.of(), "Clean up");

        assertThat(settings.worktreeCopy().value()).isEmpty();
        assertThat(settings.worktreeLink().value()).isEmpty();
        assertThat(settings.worktreeSetup().value()).isEmpty();
        assertThat(settings.onConflict().value()).isEqualTo(OnConflict.REPORT);
        assertThat(settings.json().get("on_conflict").get("value").asText()).isEqualTo("report");
        assertThat(settings.json().get("worktree_setup").get("value").isNull()).isTrue();
        assertThat(settings.json().at("/worktree_copy/value").isArray()).isTrue();
        assertThat(settings.json().at("/worktree_copy/value")).isEmpty();
    }

    @Test
    void theConfigFilesWorktreesSection_setsThemAll() throws IOException {
        config("""
                worktrees:
                  copy: [.env, config/local.yaml]
                  link: [node_modules, ./.venv/]
                  setup: npm ci --offline
                  on_conflict: resolve
                """);

        Settings settings = settings(Map.of(), "Clean up");

        assertThat(settings.worktreeCopy().value()).containsExactly(".env", "config/local.yaml");
        assertThat(settings.worktreeLink().value()).containsExactly("node_modules", ".venv");
        assertThat(settings.worktreeSetup().value()).hasValue("npm ci --offline");
        assertThat(settings.onConflict().value()).isEqualTo(OnConflict.RESOLVE);
        assertThat(settings.worktreeLink().origin()).isEqualTo(".wave/config.yaml");
    }

    @Test
    void flagsAndRequestText_beatTheConfig() throws IOException {
        config("worktree_copy: [.env]\non_conflict: resolve\nworktree_setup: make deps\n");

        Settings settings = settings(Map.of("worktree_copy", ".env,.env.local", "worktree_setup", "none"), """
                Add the endpoint
                OPTIONS:
                - on_conflict: report
                """);

        assertThat(settings.worktreeCopy().value()).isEqualTo(List.of(".env", ".env.local"));
        assertThat(settings.worktreeSetup().value()).isEqualTo(Optional.empty());
        assertThat(settings.onConflict().value()).isEqualTo(OnConflict.REPORT);
        assertThat(settings.onConflict().source()).isEqualTo(Source.REQUEST);
    }

    @Test
    void aPathOutsideTheRepository_isRefusedInOneLine() throws IOException {
        String expected = "a list of paths inside the repository, such as .env or node_modules (relative, no '..', not in "
                + ".git or .wave; in text: separated by commas)";
        refused(Map.of("worktree_link", "node_modules,../shared/node_modules"), "--worktree-link must be " + expected
                + ", got \"node_modules,../shared/node_modules\". Omit it for the default (none).");
        refused(Map.of("worktree_copy", "/etc/passwd"), "--worktree-copy must be " + expected
                + ", got \"/etc/passwd\". Omit it for the default (none).");
        config("worktrees:\n  copy: [.git/config]\n");
        refused(Map.of(), ".wave/config.yaml: worktrees.copy must be " + expected
                + ", got \".git/config\". Fix it in the file, or remove it for the default (none).");
    }

    @Test
    void anUnknownKeyInTheWorktreesSection_andABadOnConflict_areRefused() throws IOException {
        refused(Map.of("on_conflict", "merge"), "--on-conflict must be one of report, resolve, got \"merge\". "
                + "Omit it for the default (report).");
        config("worktrees:\n  symlink: [node_modules]\n");
        assertThatThrownBy(() -> settings(Map.of(), "Clean up"))
                .isInstanceOf(WaveException.class)
                .hasMessageStartingWith(".wave/config.yaml: unknown option \"worktrees.symlink\" (known in worktrees: copy, "
                        + "link, on_conflict, setup, or any of ");
    }
}
