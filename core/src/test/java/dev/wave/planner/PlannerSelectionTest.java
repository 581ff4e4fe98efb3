package dev.wave.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wave.WaveException;
import dev.wave.request.PlannerKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which planner plans, from --planner and the environment the test passes (never the machine's). */
final class PlannerSelectionTest {
    private static final String KEY = "sk-test-key-that-must-never-leak-0003";
    private static final String JUDGEMENT = "Add authentication endpoints";

    @TempDir
    Path directory;

    private PlannerSelection.Chosen choose(PlannerKind kind, Map<String, String> environment, String goal) {
        return PlannerSelection.choose(kind, kind == PlannerKind.AUTO ? "default" : "--planner", Optional.empty(),
                Optional.empty(), environment, goal, directory);
    }

    private Path fakeClaudeDirectory() throws Exception {
        Path bin = Files.createDirectories(directory.resolve("bin"));
        Path claude = bin.resolve("claude");
        Files.writeString(claude, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(claude, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }

    @Test
    void auto_withNothingInTheEnvironment_isHeuristic_andSaysWhatItLookedFor() {
        PlannerSelection.Chosen chosen = choose(PlannerKind.AUTO, Map.of(), JUDGEMENT);

        assertThat(chosen.planner()).isSameAs(Planner.heuristic());
        assertThat(chosen.line()).isEqualTo(
                "Planner: heuristic (no ANTHROPIC_API_KEY or OPENAI_API_KEY, no claude on PATH; --planner to choose)");
    }

    @Test
    void auto_prefersAnthropic_thenOpenAi_thenClaudeOnPath() throws Exception {
        Map<String, String> environment = new HashMap<>(Map.of("PATH", fakeClaudeDirectory().toString(),
                "OPENAI_BASE_URL", "http://127.0.0.1:11434/v1", "ANTHROPIC_API_KEY", KEY));

        assertThat(choose(PlannerKind.AUTO, environment, JUDGEMENT).line()).isEqualTo("Planner: anthropic "
                + "(claude-sonnet-4-5 at https://api.anthropic.com), ANTHROPIC_API_KEY is set; --planner heuristic plans offline");
        environment.put("ANTHROPIC_API_KEY", "  ");
        assertThat(choose(PlannerKind.AUTO, environment, JUDGEMENT).line()).isEqualTo("Planner: openai-compatible "
                + "(gpt-4o at http://127.0.0.1:11434/v1), OPENAI_BASE_URL is set; --planner heuristic plans offline");
        environment.remove("OPENAI_BASE_URL");
        assertThat(choose(PlannerKind.AUTO, environment, JUDGEMENT).line()).startsWith("Planner: claude CLI (")
                .contains(directory.resolve("bin/claude").toString()).endsWith(", claude is on PATH; --planner heuristic plans offline");
    }

    @Test
    void auto_keepsTheHeuristicPlanner_forGoalsABuiltInPatternPlans_evenWithAKey() {
        Map<String, String> environment = Map.of("ANTHROPIC_API_KEY", KEY, "OPENAI_API_KEY", KEY);

        for (String goal : new String[] {"Clean up the repository", "Replace foo with bar", "Rename all .jpeg files to .jpg",
                "Update imports from pkg.mod to pkg.core", "Run the test suite"}) {
            PlannerSelection.Chosen chosen = choose(PlannerKind.AUTO, environment, goal);
            assertThat(chosen.planner()).as(goal).isSameAs(Planner.heuristic());
            assertThat(chosen.line()).as(goal).startsWith("Planner: heuristic (a built-in pattern plans this goal: ")
                    .endsWith("; --planner to ask a model)");
        }
    }

    @Test
    void auto_asksTheModel_forAFindAndReplaceThatNamesNoExactText() {
        PlannerSelection.Chosen chosen = choose(PlannerKind.AUTO, Map.of("ANTHROPIC_API_KEY", KEY),
                "Replace the old logger in all files");

        assertThat(chosen.line()).startsWith("Planner: anthropic (");
    }

    @Test
    void explicitChoice_withoutWhatItNeeds_isAOneLineErrorNamingTheFallback() {
        assertThatThrownBy(() -> choose(PlannerKind.ANTHROPIC, Map.of("OPENAI_API_KEY", KEY), JUDGEMENT))
                .isInstanceOf(WaveException.class)
                .hasMessage("--planner anthropic needs ANTHROPIC_API_KEY in the environment, and it is not set. Set it, or "
                        + "plan offline with --planner heuristic.");
        assertThatThrownBy(() -> choose(PlannerKind.OPENAI, Map.of(), JUDGEMENT))
                .hasMessageEndingWith("Set one, or plan offline with --planner heuristic.");
        assertThatThrownBy(() -> choose(PlannerKind.CLAUDE, Map.of("PATH", directory.toString()), JUDGEMENT))
                .hasMessageStartingWith("--planner claude needs the Claude Code CLI, and there is no claude on PATH");
    }

    @Test
    void explicitChoice_beatsAuto_andWaveClaudeNamesTheCli() throws Exception {
        Path claude = fakeClaudeDirectory().resolve("claude");

        assertThat(choose(PlannerKind.HEURISTIC, Map.of("ANTHROPIC_API_KEY", KEY), JUDGEMENT).line())
                .isEqualTo("Planner: heuristic (chosen by --planner)");
        assertThat(choose(PlannerKind.OPENAI, Map.of("OPENAI_API_KEY", KEY), "Clean up the repository").line())
                .isEqualTo("Planner: openai-compatible (gpt-4o at https://api.openai.com/v1), chosen by --planner; "
                        + "--planner heuristic plans offline");
        assertThat(choose(PlannerKind.CLAUDE, Map.of("WAVE_CLAUDE", claude.toString()), JUDGEMENT).line())
                .isEqualTo("Planner: claude CLI (" + claude + " -p), chosen by --planner; --planner heuristic plans offline");
    }

    @Test
    void modelAndBaseUrl_fromSettings_beatTheEnvironment() {
        PlannerSelection.Chosen chosen = PlannerSelection.choose(PlannerKind.ANTHROPIC, ".wave/config.yaml",
                Optional.of("claude-haiku-4-5"), Optional.of("http://127.0.0.1:9/"),
                Map.of("ANTHROPIC_API_KEY", KEY, "ANTHROPIC_BASE_URL", "http://127.0.0.1:8/"), JUDGEMENT, directory);

        assertThat(chosen.line()).startsWith("Planner: anthropic (claude-haiku-4-5 at http://127.0.0.1:9/), chosen by "
                + ".wave/config.yaml;").doesNotContain(KEY);
    }

    @Test
    void baseUrlWithCredentials_isRefused_withoutEchoingThem() {
        assertThatThrownBy(() -> choose(PlannerKind.AUTO, Map.of("ANTHROPIC_API_KEY", KEY,
                "ANTHROPIC_BASE_URL", "https://user:" + KEY + "@example.test/"), JUDGEMENT))
                .isInstanceOf(WaveException.class)
                .hasMessageStartingWith("ANTHROPIC_BASE_URL must be a plain http:// or https:// address, without a user")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(KEY));
    }
}
